"""Statistics with their provenance: Brå's reported offences, NTU, SCB's population and the
municipality's own safety surveys.

Tenancy (see docs/statistics-formats.md, "Vem äger statistiken"):

* ``Geography`` — the country, the counties, the municipalities, city districts and local police
  areas — is reference data shared by every municipality: "Hela riket" is the same for all.
* A ``StatValue`` of public statistics (Brå, NTU, SCB) is *shared reference data* when its
  ``municipality`` is empty (imported by the platform's administrators, from the command line or
  with "dela som referensdata"), and belongs to one municipality when a coordinator imported it
  there. A municipality sees the shared values and its own; where both hold a value for the same
  thing, its own wins. So a coordinator can never change what another municipality sees.
* Results of a local safety survey belong to the municipality: they are values of its ``Area``s.
* ``AreaGeography`` (the municipality's) says which geography's statistics describe one of its
  areas, and which area NTU reports for it (Angered → lokalpolisområde Nordöstra Göteborg).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.models import ImportJobBase

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


class GeographyKind(models.TextChoices):
    COUNTRY = "country", _("Riket")
    COUNTY = "county", _("Län")
    MUNICIPALITY = "municipality", _("Kommun")
    DISTRICT = "district", _("Stadsområde/stadsdel")
    LOCAL_POLICE_AREA = "local_police_area", _("Lokalpolisområde")
    POLICE_REGION = "police_region", _("Polisregion")
    OTHER = "other", _("Annat område")


class SkrGroup(models.TextChoices):
    """SKR:s kommungruppsindelning 2023: nine groups of similar municipalities."""

    A1 = "A1", _("A1 Storstäder")
    A2 = "A2", _("A2 Pendlingskommun nära storstad")
    A3 = "A3", _("A3 Större stad")
    B4 = "B4", _("B4 Pendlingskommun nära större stad")
    B5 = "B5", _("B5 Lågpendlingskommun nära större stad")
    B6 = "B6", _("B6 Mindre stad/tätort")
    C7 = "C7", _("C7 Pendlingskommun nära mindre stad/tätort")
    C8 = "C8", _("C8 Landsbygdskommun")
    C9 = "C9", _("C9 Landsbygdskommun med besöksnäring")


class Geography(models.Model):
    """A place public statistics are published for (shared by all municipalities).

    Codes: "00" for the whole country, SCB's two-digit county codes ("14") and four-digit
    municipality codes ("1480"); places without an official code get samverka's own, such as
    "1480-nordost" for a city district, "lpo-nordostra-goteborg" for a local police area and
    "polisregion-vast" for a police region. The reference geography shipped with samverka
    (``samverka/stats/reference_data/``) puts a county within its police region and the police
    region within the country.
    """

    code = models.CharField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=30, choices=GeographyKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("ingår i"),
    )
    skr_group = models.CharField(
        _("kommungrupp (SKR)"), max_length=2, choices=SkrGroup.choices, blank=True
    )
    # A local police area serves one or several municipalities, and a big city lies in several
    # local police areas: a relation of its own beside ``parent`` (the area's county).
    municipalities = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="local_police_areas",
        verbose_name=_("kommuner som lokalpolisområdet betjänar"),
    )

    class Meta:
        verbose_name = _("statistikområde")
        verbose_name_plural = _("statistikområden")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Geography]:
        """From this geography's parent up to the top; stops on a cycle."""
        chain: list[Geography] = []
        seen = {self.pk}
        node = self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def nearest(self, kind: str) -> Geography | None:
        """This geography or its nearest ancestor of ``kind`` (the county of a municipality)."""
        if self.kind == kind:
            return self
        return next((g for g in self.ancestors() if g.kind == kind), None)

    def in_sentence(self) -> str:
        """How the fact sheet names it inside a sentence: "lokalpolisområde Nordöstra Göteborg"."""
        if self.kind == GeographyKind.LOCAL_POLICE_AREA and not self.name.lower().startswith(
            "lokalpolisområde"
        ):
            return f"lokalpolisområde {self.name}"
        if self.kind == GeographyKind.COUNTRY:
            return "hela landet"
        return self.name


class Source(models.TextChoices):
    BRA = "bra", _("Brå, anmälda brott")
    NTU = "ntu", _("Brå, Nationella trygghetsundersökningen (NTU)")
    SCB = "scb", _("SCB, befolkningsstatistik")
    SURVEY = "survey", _("Lokal trygghetsundersökning")
    OTHER = "other", _("Annan källa")


class Unit(models.TextChoices):
    COUNT = "count", _("antal")
    PER_100K = "per_100k", _("per 100 000 invånare")
    PERCENT = "percent", _("procent")


class PopulationBasis(models.TextChoices):
    """The population a rate per 100 000 was computed from."""

    UNKNOWN = "", _("ej angiven")
    MEAN = "mean", _("medelfolkmängd")
    YEAR_END = "year_end", _("folkmängd 31 december")


class SeriesQuerySet(models.QuerySet["Series"]):
    def visible_to(self, municipality: Municipality) -> SeriesQuerySet:
        return self.filter(Q(municipality__isnull=True) | Q(municipality=municipality))


class Series(models.Model):
    """What is measured: a source's item or offence category in one unit.

    ``category`` is the item's key (the slug of its name: "samtliga-brott", "misshandel",
    "brott-mot-enskild-person", "folkmangd"); the same category may come in several units
    (Brå publishes counts and rates per 100 000).
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="statistics_series",
        verbose_name=_("kommun (tom: delad referensdata)"),
    )
    source = models.CharField(_("källa"), max_length=20, choices=Source.choices)
    category = models.SlugField(_("kategori"), max_length=120, allow_unicode=False)
    name = models.CharField(_("namn"), max_length=300)
    unit = models.CharField(_("enhet"), max_length=20, choices=Unit.choices)
    description = models.TextField(_("beskrivning"), blank=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("statistikserie")
        verbose_name_plural = _("statistikserier")
        ordering = ["source", "name", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "category", "unit"],
                condition=Q(municipality__isnull=True),
                name="series_shared_unique",
            ),
            models.UniqueConstraint(
                fields=["municipality", "source", "category", "unit"],
                condition=Q(municipality__isnull=False),
                name="series_own_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_unit_display()})"


class Provenance(models.Model):
    """Where a value comes from: publisher, table, address, when and by whom it was retrieved."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="statistics_provenances",
        verbose_name=_("kommun (tom: delad referensdata)"),
    )
    publisher = models.CharField(_("utgivare"), max_length=200)
    table = models.CharField(_("tabell eller publikation"), max_length=300, blank=True)
    url = models.CharField(_("adress (URL)"), max_length=500, blank=True)
    citation = models.TextField(_("källhänvisning"), blank=True)
    retrieved_on = models.DateField(_("hämtad"), null=True, blank=True)
    retrieved_by = models.CharField(_("hämtad av"), max_length=200, blank=True)
    is_synthetic = models.BooleanField(
        _("påhittade exempelvärden"),
        default=False,
        help_text=_("Värdena är påhittade för ett exempel och får aldrig användas som fakta."),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importerad av"),
    )
    imported_at = models.DateTimeField(_("importerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("källa för statistik")
        verbose_name_plural = _("källor för statistik")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.publisher, self.table) if part)


class StatValueQuerySet(models.QuerySet["StatValue"]):
    def visible_to(self, municipality: Municipality) -> StatValueQuerySet:
        """The shared values and the municipality's own (never another municipality's)."""
        return self.filter(Q(municipality__isnull=True) | Q(municipality=municipality))


class StatValue(models.Model):
    """One figure: a series' value for one place and year, with its provenance.

    Exactly one of ``geography`` (public statistics) and ``area`` (the municipality's own
    survey) is set. ``value`` is empty when the figure is suppressed (Brå writes ".."). For NTU,
    ``year`` is the year the answers are about and ``survey_year`` the survey's edition: NTU 2020
    asked about 2019.
    """

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="values", verbose_name=_("serie")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="statistics_values",
        verbose_name=_("kommun (tom: delad referensdata)"),
    )
    geography = models.ForeignKey(
        Geography,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="values",
        verbose_name=_("statistikområde"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="statistics_values",
        verbose_name=_("område"),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    survey_year = models.PositiveSmallIntegerField(
        _("undersökningsår"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    value = models.DecimalField(_("värde"), max_digits=15, decimal_places=3, null=True, blank=True)
    suppressed = models.BooleanField(_("skyddat värde"), default=False)
    preliminary = models.BooleanField(_("preliminärt"), default=False)
    series_break = models.BooleanField(
        _("seriebrott"),
        default=False,
        help_text=_("Jämförbarheten med tidigare år är bruten från och med det här året."),
    )
    sample_size = models.PositiveIntegerField(_("antal svarande"), null=True, blank=True)
    population_basis = models.CharField(
        _("befolkningsunderlag"),
        max_length=10,
        choices=PopulationBasis.choices,
        blank=True,
        default=PopulationBasis.UNKNOWN,
    )
    provenance = models.ForeignKey(
        Provenance, on_delete=models.PROTECT, related_name="values", verbose_name=_("källa")
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = StatValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("statistikvärde")
        verbose_name_plural = _("statistikvärden")
        ordering = ["series", "year"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(geography__isnull=False) & Q(area__isnull=True))
                | (Q(geography__isnull=True) & Q(area__isnull=False)),
                name="value_geography_or_area",
            ),
            models.CheckConstraint(
                condition=Q(area__isnull=True) | Q(municipality__isnull=False),
                name="value_of_area_has_owner",
            ),
            models.CheckConstraint(
                condition=Q(suppressed=False) | Q(value__isnull=True),
                name="suppressed_value_is_empty",
            ),
            models.UniqueConstraint(
                fields=["series", "geography", "year"],
                condition=Q(municipality__isnull=True),
                name="value_shared_unique",
            ),
            models.UniqueConstraint(
                fields=["series", "municipality", "geography", "year"],
                condition=Q(municipality__isnull=False, geography__isnull=False),
                name="value_own_geography_unique",
            ),
            models.UniqueConstraint(
                fields=["series", "area", "year"],
                condition=Q(area__isnull=False),
                name="value_area_unique",
            ),
        ]
        indexes = [models.Index(fields=["geography", "series", "year"])]

    def __str__(self) -> str:
        place = self.geography or self.area
        return (
            f"{self.series} {place} {self.year}: {self.value if self.value is not None else '..'}"
        )

    @property
    def place(self) -> Geography | Area | None:
        return self.geography or self.area


class AreaGeography(models.Model):
    """Which public statistics describe one of the municipality's areas."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="area_geographies"
    )
    area = models.OneToOneField(
        Area, on_delete=models.CASCADE, related_name="statistics_link", verbose_name=_("område")
    )
    geography = models.ForeignKey(
        Geography,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("statistikområde"),
        help_text=_("Området som Brås och SCB:s statistik för det här området gäller."),
    )
    survey_geography = models.ForeignKey(
        Geography,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("område i NTU"),
        help_text=_(
            "Det minsta område som Nationella trygghetsundersökningen redovisar och som "
            "täcker området, oftast lokalpolisområdet."
        ),
    )

    class Meta:
        verbose_name = _("koppling till statistikområde")
        verbose_name_plural = _("kopplingar till statistikområden")

    def __str__(self) -> str:
        return f"{self.area} → {self.geography or '–'}"


class ImportFormat(models.TextChoices):
    BRA = "bra", _("Brå: anmälda brott (CSV eller Excel)")
    SCB = "scb", _("SCB: folkmängd (CSV)")
    NTU = "ntu", _("NTU: indikatorer (CSV eller Excel)")
    SURVEY = "survey", _("Lokal trygghetsundersökning (CSV)")
    GEOGRAPHY = "geografi", _("Statistikområden och kommungrupper (CSV)")


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("pågår")
    DONE = "done", _("klar")
    FAILED = "failed", _("misslyckades")


class StatisticsImport(ImportJobBase):
    """One run of an importer (the job row): what, by whom, how far it got, what it did."""

    FINISHED_STATUSES = frozenset({ImportStatus.DONE, ImportStatus.FAILED})

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="statistics_imports",
        verbose_name=_("kommun"),
    )
    shared = models.BooleanField(_("delad referensdata"), default=False)
    format = models.CharField(_("format"), max_length=20, choices=ImportFormat.choices)
    sha256 = models.CharField(_("kontrollsumma"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    created = models.PositiveIntegerField(_("nya"), default=0)
    updated = models.PositiveIntegerField(_("ändrade"), default=0)
    unchanged = models.PositiveIntegerField(_("oförändrade"), default=0)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("import av statistik")
        verbose_name_plural = _("importer av statistik")

    def __str__(self) -> str:
        return f"{self.get_format_display()}: {self.filename}"
