"""Areas of a municipality as a tree, with codes, population per year and boundaries."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality


class AreaKind(models.TextChoices):
    MUNICIPALITY = "kommun", _("Kommun")
    CITY_AREA = "stadsomrade", _("Stadsområde")
    DISTRICT = "stadsdel", _("Stadsdel")
    MIDDLE_AREA = "mellanomrade", _("Mellanområde")
    PRIMARY_AREA = "primaromrade", _("Primärområde")
    SUB_AREA = "delomrade", _("Delområde")
    REGSO = "regso", _("RegSO")
    DESO = "deso", _("DeSO")
    LOCAL_POLICE_AREA = "lokalpolisomrade", _("Lokalpolisområde")
    OTHER = "annat", _("Annat område")


class AreaQuerySet(models.QuerySet["Area"]):
    def in_municipality(self, municipality: Municipality) -> AreaQuerySet:
        return self.filter(municipality=municipality)


class Area(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="areas")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("ingår i"),
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=AreaKind.choices)
    scb_code = models.CharField(
        _("kommunkod (SCB)"), max_length=4, blank=True, help_text=_("För kommunnivån, t.ex. 1480.")
    )
    deso_code = models.CharField(_("DeSO-kod"), max_length=9, blank=True)
    regso_code = models.CharField(_("RegSO-kod"), max_length=20, blank=True)
    local_code = models.CharField(_("kommunens egen kod"), max_length=40, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    # GeoJSON geometry (Polygon/MultiPolygon) in WGS84, lon/lat order as RFC 7946 says.
    boundary = models.JSONField(_("gräns (GeoJSON, WGS84)"), null=True, blank=True)
    centroid_lat = models.FloatField(
        _("mittpunkt, latitud"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    centroid_lon = models.FloatField(
        _("mittpunkt, longitud"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="area_name_unique")
        ]
        indexes = [models.Index(fields=["municipality", "parent"])]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Area]:
        """From the root down to (not including) this area; stops on a cycle."""
        chain: list[Area] = []
        seen = {self.pk}
        node = self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return list(reversed(chain))

    def latest_population(self) -> AreaPopulation | None:
        return self.populations.order_by("-year").first()


class AreaPopulation(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    population = models.PositiveIntegerField(_("folkmängd"))
    source = models.CharField(_("källa"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängd per år")
        ordering = ["area", "year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="one_population_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}: {self.population}"


class PlaceKind(models.TextChoices):
    """Places where things happen, not areas that have their own groups."""

    SQUARE = "torg", _("Torg")
    TRANSIT = "kollektivtrafik", _("Hållplats eller terminal")
    TUNNEL = "tunnel", _("Tunnel eller gångbro")
    RECYCLING = "atervinning", _("Återvinningsstation")
    PARK = "park", _("Park eller grönområde")
    CENTRE = "centrum", _("Centrum eller handelsplats")
    SCHOOL = "skola", _("Skola eller skolgård")
    OTHER = "annan", _("Annan plats")


class Place(models.Model):
    """A named place: a square, a bus terminal, a tunnel, scattered recycling stations.

    Kept apart from ``Area`` on purpose: areas form the tree that groups, population and
    statistics hang on (kommun → stadsdel → delområde), while a place is a point or a small
    shape inside an area that incidents, hot spots and documents point to. A place lies in at
    most one area; several stations of one kind are one place with a MultiPoint.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ av plats"), max_length=20, choices=PlaceKind.choices)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="places",
        verbose_name=_("ligger i område"),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    # GeoJSON geometry in WGS84 (lon, lat): Point, MultiPoint, LineString, MultiLineString,
    # Polygon or MultiPolygon.
    geometry = models.JSONField(_("läge (GeoJSON, WGS84)"), null=True, blank=True)

    class Meta:
        verbose_name = _("plats")
        verbose_name_plural = _("platser")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="place_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
