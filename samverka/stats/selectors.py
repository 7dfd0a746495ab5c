"""Reading statistics: the figures for an area beside its county, the country and similar
municipalities — for the statistics pages, the fact sheet, the lägesbild and the indicators.

For other apps
--------------
``reference_values(area, year=None) -> ReferenceValues``
    Everything public statistics say about one of a municipality's areas, each figure with its
    year, place, provenance and whether it is preliminary: the population; reported crimes per
    100 000 for the area, its county and the whole country (computed from a count and the
    population when only a count is published, with the population stated); the middle 50 % of
    the municipality's SKR group; NTU's victimisation for the area NTU reports and for the whole
    country; the municipality's own survey results with confidence intervals; and warnings.
    ``year`` is the latest year wanted (the lägesbild for 2026 passes 2026 and gets the newest
    figures up to then); a figure that does not exist is a ``Figure`` with ``missing`` true,
    never a guess. The lägesbild shows these as reference data; the process app can read any
    ``Figure`` as an indicator value (``figure.value``, ``figure.year``).

Everything respects tenancy: a municipality sees the shared reference values and its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area, AreaKind, AreaPopulation
from samverka.lib import rates
from samverka.stats.models import (
    AreaGeography,
    Geography,
    GeographyKind,
    Provenance,
    Series,
    Source,
    StatValue,
    Unit,
)

CRIME_TOTAL = "samtliga-brott"
VICTIMISATION = "utsatthet-for-brott-mot-enskild-person"
POPULATION = "folkmangd"
MEAN_POPULATION = "medelfolkmangd"
MISSING = "uppgift saknas"


@dataclass
class Figure:
    """One figure with everything needed to show it honestly."""

    label: str
    unit: str
    value: Decimal | None = None
    year: int | None = None
    place: str = ""
    preliminary: bool = False
    suppressed: bool = False
    provenance: Provenance | None = None
    survey_year: int | None = None
    sample_size: int | None = None
    share: rates.Share | None = None
    rate: rates.Rate | None = None
    population_provenance: Provenance | None = None  # of the population a rate came from
    count: Decimal | None = None
    warnings: list[str] = field(default_factory=list)
    source_note: str = ""  # e.g. where a population comes from when not from a StatValue

    @property
    def missing(self) -> bool:
        return self.value is None

    def display(self, decimals: int | None = None) -> str:
        """ "11 219", "27,3" or "uppgift saknas"."""
        if self.value is None:
            return MISSING
        if decimals is None:
            decimals = 1 if self.unit == Unit.PERCENT else 0
        return rates.format_number(self.value, decimals)

    def as_dict(self) -> dict[str, object]:
        return {
            "label": self.label,
            "unit": self.unit,
            "value": float(self.value) if self.value is not None else None,
            "display": self.display(),
            "year": self.year,
            "place": self.place,
            "preliminary": self.preliminary,
            "suppressed": self.suppressed,
            "survey_year": self.survey_year,
            "sample_size": self.sample_size,
            "confidence_interval": (
                [round(self.share.low, 1), round(self.share.high, 1)] if self.share else None
            ),
            "computed_from": self.rate.explain() if self.rate else None,
            "warnings": list(self.warnings),
            "source": provenance_text(self.provenance) or self.source_note or None,
            "synthetic": bool(self.provenance and self.provenance.is_synthetic),
        }


def provenance_text(provenance: Provenance | None) -> str:
    if provenance is None:
        return ""
    parts = [provenance.publisher, provenance.table]
    if provenance.url:
        parts.append(provenance.url)
    if provenance.retrieved_on:
        parts.append(_("hämtad %(date)s") % {"date": provenance.retrieved_on.isoformat()})
    if provenance.is_synthetic:
        parts.append(_("PÅHITTADE EXEMPELVÄRDEN"))
    return ", ".join(p for p in parts if p)


# --- places ----------------------------------------------------------------------------------


def area_links(municipality: Municipality) -> dict[int, AreaGeography]:
    return {
        link.area_id: link
        for link in AreaGeography.objects.filter(municipality=municipality).select_related(
            "geography", "survey_geography"
        )
    }


def geography_for_area(
    area: Area, links: dict[int, AreaGeography] | None = None
) -> Geography | None:
    """The geography whose public statistics describe the area: its link, or for the
    municipality level the geography with the municipality's SCB code. ``links`` (from
    ``area_links``) saves a query per area in lists."""
    link = _link(area, links)
    if link is not None and link.geography is not None:
        return link.geography
    code = area.scb_code or (
        area.municipality.scb_code if area.kind == AreaKind.MUNICIPALITY else ""
    )
    return Geography.objects.filter(code=code).first() if code else None


def survey_geography_for_area(
    area: Area, links: dict[int, AreaGeography] | None = None
) -> Geography | None:
    """The geography NTU reports for the area (a local police area), else the area's own."""
    link = _link(area, links)
    if link is not None and link.survey_geography is not None:
        return link.survey_geography
    return geography_for_area(area, {area.pk: link} if link else {})


def _link(area: Area, links: dict[int, AreaGeography] | None) -> AreaGeography | None:
    if links is not None:
        return links.get(area.pk)
    return (
        AreaGeography.objects.filter(area=area)
        .select_related("geography", "survey_geography")
        .first()
    )


# --- values ----------------------------------------------------------------------------------


def visible_values(municipality: Municipality) -> QuerySet[StatValue]:
    return StatValue.objects.visible_to(municipality)


def _own_first(queryset: QuerySet[StatValue]) -> QuerySet[StatValue]:
    # Where a municipality holds its own value beside the shared one, its own wins.
    return queryset.order_by("-year", F("municipality").asc(nulls_last=True))


def _values(
    municipality: Municipality,
    *,
    source: str,
    category: str,
    unit: str,
    geography: Geography | None = None,
    area: Area | None = None,
) -> QuerySet[StatValue]:
    queryset = visible_values(municipality).filter(
        series__source=source, series__category=category, series__unit=unit
    )
    if geography is not None:
        return queryset.filter(geography=geography)
    return queryset.filter(area=area)


def latest_value(
    municipality: Municipality,
    *,
    source: str,
    category: str,
    unit: str,
    geography: Geography | None = None,
    area: Area | None = None,
    year: int | None = None,
    exact_year: bool = False,
) -> StatValue | None:
    """The newest value up to ``year`` (exactly ``year`` with ``exact_year``)."""
    if geography is None and area is None:
        return None
    queryset = _values(
        municipality, source=source, category=category, unit=unit, geography=geography, area=area
    )
    if year is not None:
        queryset = queryset.filter(year=year) if exact_year else queryset.filter(year__lte=year)
    return _own_first(queryset.select_related("provenance", "series")).first()


def yearly(
    municipality: Municipality,
    *,
    source: str,
    category: str,
    unit: str,
    geography: Geography | None = None,
    area: Area | None = None,
) -> dict[int, StatValue]:
    """Year → value (own before shared) for one place."""
    if geography is None and area is None:
        return {}
    result: dict[int, StatValue] = {}
    queryset = _values(
        municipality, source=source, category=category, unit=unit, geography=geography, area=area
    ).select_related("provenance")
    for value in _own_first(queryset):
        result.setdefault(value.year, value)
    return dict(sorted(result.items()))


def _figure(label: str, unit: str, value: StatValue | None, place: str) -> Figure:
    figure = Figure(label=label, unit=unit, place=place)
    if value is None:
        return figure
    figure.value = value.value
    figure.year = value.year
    figure.preliminary = value.preliminary
    figure.suppressed = value.suppressed
    figure.provenance = value.provenance
    figure.survey_year = value.survey_year
    figure.sample_size = value.sample_size
    if value.suppressed:
        figure.warnings.append(_("Värdet är skyddat (..) hos källan."))
    return figure


def population_figure(
    municipality: Municipality, area: Area | None, geography: Geography | None, year: int | None
) -> Figure:
    """SCB's population of the area's geography, else the population recorded on the area."""
    place = area.name if area is not None else (geography.name if geography else "")
    value = latest_value(
        municipality,
        source=Source.SCB,
        category=POPULATION,
        unit=Unit.COUNT,
        geography=geography,
        year=year,
    )
    figure = _figure(_("Folkmängd"), Unit.COUNT, value, place)
    if value is not None or area is None:
        return figure
    rows = AreaPopulation.objects.filter(area=area)
    if year is not None:
        rows = rows.filter(year__lte=year)
    row = rows.order_by("-year").first()
    if row is not None:
        figure.value = Decimal(row.population)
        figure.year = row.year
        figure.source_note = row.source or _("Folkmängd registrerad på området")
    return figure


def _population_on(
    municipality: Municipality, geography: Geography, year: int
) -> tuple[Decimal | None, Decimal | None, Provenance | None]:
    """(year-end population of ``year``, of the year before) of a geography."""
    values = yearly(
        municipality,
        source=Source.SCB,
        category=POPULATION,
        unit=Unit.COUNT,
        geography=geography,
    )
    this, before = values.get(year), values.get(year - 1)
    return (
        this.value if this else None,
        before.value if before else None,
        this.provenance if this else None,
    )


def crime_rate_figure(
    municipality: Municipality,
    geography: Geography | None,
    year: int | None,
    *,
    exact_year: bool = False,
    category: str = CRIME_TOTAL,
) -> Figure:
    """Reported crimes per 100 000: Brå's own rate, else computed from Brå's count and SCB's
    population (mean population when both year-ends are known), saying which it used."""
    place = geography.in_sentence() if geography else ""
    label = _("Anmälda brott per 100 000 invånare")
    if geography is None:
        return Figure(label=label, unit=Unit.PER_100K, place=place)
    published = latest_value(
        municipality,
        source=Source.BRA,
        category=category,
        unit=Unit.PER_100K,
        geography=geography,
        year=year,
        exact_year=exact_year,
    )
    count = latest_value(
        municipality,
        source=Source.BRA,
        category=category,
        unit=Unit.COUNT,
        geography=geography,
        year=year,
        exact_year=exact_year,
    )
    if published is not None and (count is None or published.year >= count.year):
        figure = _figure(label, Unit.PER_100K, published, place)
        same_year_count = count if count is not None and count.year == published.year else None
        if same_year_count is not None:
            figure.count = same_year_count.value
            warning = rates.small_count_warning(
                float(same_year_count.value) if same_year_count.value is not None else None
            )
            if warning:
                figure.warnings.append(warning)
        return figure
    if count is None or count.value is None:
        figure = _figure(label, Unit.PER_100K, count, place)
        figure.value = None
        return figure
    population, previous, population_source = _population_on(municipality, geography, count.year)
    figure = _figure(label, Unit.PER_100K, count, place)
    figure.count = count.value
    if population is None:
        figure.value = None
        figure.warnings.append(
            _("Antal anmälda brott finns (%(count)s), men inte folkmängden för %(year)s.")
            % {"count": rates.format_number(count.value), "year": count.year}
        )
        return figure
    rate = rates.rate_per_100k(
        float(count.value),
        population_year_end=float(population),
        population_previous_year_end=float(previous) if previous is not None else None,
    )
    figure.rate = rate
    figure.population_provenance = population_source
    figure.value = Decimal(str(rate.value))
    figure.warnings.append(_("Beräknat av samverka: %(how)s.") % {"how": rate.explain()})
    warning = rates.small_count_warning(float(count.value))
    if warning:
        figure.warnings.append(warning)
    return figure


def survey_figure(
    municipality: Municipality,
    *,
    label: str,
    source: str,
    category: str,
    geography: Geography | None = None,
    area: Area | None = None,
    year: int | None = None,
    exact_year: bool = False,
) -> Figure:
    """A survey share with its Wilson interval when the sample size is known."""
    value = latest_value(
        municipality,
        source=source,
        category=category,
        unit=Unit.PERCENT,
        geography=geography,
        area=area,
        year=year,
        exact_year=exact_year,
    )
    place = geography.in_sentence() if geography else (area.name if area else "")
    figure = _figure(label, Unit.PERCENT, value, place)
    if value is not None and value.value is not None and value.sample_size:
        figure.share = rates.survey_share(float(value.value), value.sample_size)
        if figure.share.wide:
            figure.warnings.append(
                _(
                    "Osäker siffra: %(n)s svarande, 95 %% konfidensintervall %(low)s–%(high)s "
                    "procent."
                )
                % {
                    "n": value.sample_size,
                    "low": rates.format_number(figure.share.low, 1),
                    "high": rates.format_number(figure.share.high, 1),
                }
            )
    return figure


@dataclass
class GroupBand:
    """The middle 50 % of the municipality's SKR group in one year."""

    group: str
    year: int
    band: rates.Band
    position: rates.Position | None


def group_band(
    municipality: Municipality, geography: Geography | None, year: int | None
) -> GroupBand | None:
    """Reported crimes per 100 000 in the SKR group of a municipality-level geography."""
    if geography is None or geography.kind != GeographyKind.MUNICIPALITY:
        return None
    if not geography.skr_group or year is None:
        return None
    members = Geography.objects.filter(
        kind=GeographyKind.MUNICIPALITY, skr_group=geography.skr_group
    )
    values = []
    own = None
    for member in members:
        figure = crime_rate_figure(municipality, member, year, exact_year=True)
        if figure.value is not None:
            values.append(float(figure.value))
            if member.pk == geography.pk:
                own = float(figure.value)
    band = rates.middle_band(values)
    if band is None:
        return None
    return GroupBand(
        group=geography.get_skr_group_display(),
        year=year,
        band=band,
        position=rates.band_position(own, band) if own is not None else None,
    )


@dataclass
class ReferenceValues:
    """See the module docstring."""

    area: Area
    year: int | None
    geography: Geography | None
    survey_geography: Geography | None
    county: Geography | None
    country: Geography | None
    population: Figure
    crime_rate: Figure
    crime_rate_county: Figure
    crime_rate_country: Figure
    crime_rate_group: GroupBand | None
    victimisation: Figure
    victimisation_country: Figure
    survey: list[Figure]
    warnings: list[str]

    def as_dict(self) -> dict[str, object]:
        band = self.crime_rate_group
        return {
            "area": {"id": self.area.pk, "name": self.area.name},
            "year": self.year,
            "geography": self.geography.code if self.geography else None,
            "survey_geography": self.survey_geography.code if self.survey_geography else None,
            "population": self.population.as_dict(),
            "crime_rate": self.crime_rate.as_dict(),
            "crime_rate_county": self.crime_rate_county.as_dict(),
            "crime_rate_country": self.crime_rate_country.as_dict(),
            "crime_rate_group": (
                {
                    "group": band.group,
                    "year": band.year,
                    "q1": band.band.low,
                    "median": band.band.median,
                    "q3": band.band.high,
                    "municipalities": band.band.n,
                    "position": band.position.value if band.position else None,
                }
                if band
                else None
            ),
            "victimisation": self.victimisation.as_dict(),
            "victimisation_country": self.victimisation_country.as_dict(),
            "survey": [figure.as_dict() for figure in self.survey],
            "warnings": list(self.warnings),
        }


def _country() -> Geography | None:
    return Geography.objects.filter(kind=GeographyKind.COUNTRY).order_by("code").first()


def local_survey_figures(area: Area, year: int | None) -> list[Figure]:
    """The newest result of every question of the municipality's own survey for the area."""
    municipality = area.municipality
    series_ids = (
        visible_values(municipality)
        .filter(area=area, series__source=Source.SURVEY)
        .values_list("series_id", flat=True)
        .distinct()
    )
    figures = []
    for series in Series.objects.filter(pk__in=list(series_ids)).order_by("name"):
        figures.append(
            survey_figure(
                municipality,
                label=series.name,
                source=Source.SURVEY,
                category=series.category,
                area=area,
                year=year,
            )
        )
    return figures


def reference_values(area: Area, year: int | None = None) -> ReferenceValues:
    """See the module docstring."""
    municipality = area.municipality
    links = {area.pk: link} if (link := _link(area, None)) else {}
    geography = geography_for_area(area, links)
    survey_geography = survey_geography_for_area(area, links)
    county = geography.nearest(GeographyKind.COUNTY) if geography else None
    country = _country()
    crime = crime_rate_figure(municipality, geography, year)
    crime_county = crime_rate_figure(municipality, county, crime.year, exact_year=True)
    crime_country = crime_rate_figure(
        municipality, country, crime.year if crime.year else year, exact_year=bool(crime.year)
    )
    ntu_label = _("Utsatta för brott mot enskild person")
    victimisation = survey_figure(
        municipality,
        label=ntu_label,
        source=Source.NTU,
        category=VICTIMISATION,
        geography=survey_geography,
        year=year,
    )
    victimisation_country = survey_figure(
        municipality,
        label=ntu_label,
        source=Source.NTU,
        category=VICTIMISATION,
        geography=country,
        year=victimisation.year if victimisation.year else year,
        exact_year=bool(victimisation.year),
    )
    warnings: list[str] = []
    if geography is None:
        warnings.append(
            _(
                "Området är inte kopplat till något statistikområde; Brås och SCB:s siffror "
                "kan inte visas. En samordnare kopplar det under Statistik."
            )
        )
    for figure in (crime, victimisation):
        warnings.extend(figure.warnings)
    return ReferenceValues(
        area=area,
        year=year,
        geography=geography,
        survey_geography=survey_geography,
        county=county,
        country=country,
        population=population_figure(municipality, area, geography, year),
        crime_rate=crime,
        crime_rate_county=crime_county,
        crime_rate_country=crime_country,
        crime_rate_group=group_band(municipality, geography, crime.year),
        victimisation=victimisation,
        victimisation_country=victimisation_country,
        survey=local_survey_figures(area, year),
        warnings=warnings,
    )


# --- comparisons over the years ---------------------------------------------------------------


@dataclass
class ComparisonRow:
    year: int
    area: Figure
    county: Figure
    country: Figure
    band: GroupBand | None


@dataclass
class Comparison:
    """A Brå category per 100 000 over the years: the area beside its county, the country and
    the middle 50 % of its SKR group."""

    area: Area
    geography: Geography | None
    county: Geography | None
    country: Geography | None
    category: str
    category_name: str
    rows: list[ComparisonRow]
    warnings: list[str]


def crime_categories(municipality: Municipality) -> list[tuple[str, str]]:
    """(category, name) of every Brå category the municipality can see."""
    seen: dict[str, str] = {}
    for series in (
        Series.objects.visible_to(municipality).filter(source=Source.BRA).order_by("name")
    ):
        seen.setdefault(series.category, series.name)
    return sorted(seen.items(), key=lambda item: (item[0] != CRIME_TOTAL, item[1]))


def crime_comparison(area: Area, category: str = CRIME_TOTAL) -> Comparison:
    municipality = area.municipality
    geography = geography_for_area(area)
    county = geography.nearest(GeographyKind.COUNTY) if geography else None
    country = _country()
    places = [g for g in (geography, county, country) if g is not None]
    years: set[int] = set()
    for place in places:
        for unit in (Unit.PER_100K, Unit.COUNT):
            years.update(
                yearly(
                    municipality, source=Source.BRA, category=category, unit=unit, geography=place
                )
            )
    rows = []
    for year in sorted(years):
        rows.append(
            ComparisonRow(
                year=year,
                area=crime_rate_figure(
                    municipality, geography, year, exact_year=True, category=category
                ),
                county=crime_rate_figure(
                    municipality, county, year, exact_year=True, category=category
                ),
                country=crime_rate_figure(
                    municipality, country, year, exact_year=True, category=category
                ),
                band=group_band(municipality, geography, year) if category == CRIME_TOTAL else None,
            )
        )
    points = [
        rates.Point(
            year=row.year,
            value=float(row.area.value) if row.area.value is not None else None,
            series_break=_has_break(municipality, geography, category, row.year),
            preliminary=row.area.preliminary,
        )
        for row in rows
    ]
    warnings = rates.series_warnings(points)
    for row in rows:
        for warning in row.area.warnings:
            if warning.startswith(_("Bygger på")):
                warnings.append(f"{row.year}: {warning}")
    name = dict(crime_categories(municipality)).get(category, category)
    return Comparison(area, geography, county, country, category, name, rows, warnings)


def _has_break(
    municipality: Municipality, geography: Geography | None, category: str, year: int
) -> bool:
    if geography is None:
        return False
    return (
        visible_values(municipality)
        .filter(
            geography=geography,
            series__source=Source.BRA,
            series__category=category,
            year=year,
            series_break=True,
        )
        .exists()
    )


@dataclass
class CategoryBar:
    category: str
    name: str
    figure: Figure


def offence_categories(area: Area, year: int | None = None) -> tuple[int | None, list[CategoryBar]]:
    """Every Brå category but the total for the area's geography in its newest year."""
    municipality = area.municipality
    geography = geography_for_area(area)
    if geography is None:
        return None, []
    categories = [c for c in crime_categories(municipality) if c[0] != CRIME_TOTAL]
    latest: int | None = None
    for category, _name in categories:
        figure = crime_rate_figure(municipality, geography, year, category=category)
        if figure.year is not None and (latest is None or figure.year > latest):
            latest = figure.year
    if latest is None:
        return None, []
    bars = [
        CategoryBar(
            category,
            name,
            crime_rate_figure(municipality, geography, latest, exact_year=True, category=category),
        )
        for category, name in categories
    ]
    return latest, [bar for bar in bars if not bar.figure.missing or bar.figure.suppressed]
