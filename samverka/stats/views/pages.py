"""Reading pages: the overview, the comparison with its charts, one series, the geographies."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samverka.accounts.access import access_of
from samverka.accounts.models import Municipality
from samverka.areas.access import area_for_user
from samverka.areas.models import Area
from samverka.core.export import table_response
from samverka.stats import charts
from samverka.stats.access import series_for
from samverka.stats.models import Geography, Series, StatisticsImport, StatValue, Unit
from samverka.stats.selectors import (
    CRIME_TOTAL,
    Comparison,
    area_links,
    crime_categories,
    crime_comparison,
    geography_for_area,
    offence_categories,
    provenance_text,
    visible_values,
)


def _context(m: Municipality, request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "municipality": m,
        "nav": "stats",
        "is_coordinator": access_of(request).is_coordinator,
        **extra,
    }


def _areas(m: Municipality) -> list[Area]:
    return list(Area.objects.filter(municipality=m).select_related("parent").order_by("name"))


@require_GET
def index(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    links = area_links(m)
    areas = _areas(m)
    rows = []
    for area in areas:
        link = links.get(area.pk)
        rows.append(
            {
                "area": area,
                "geography": geography_for_area(area, links),
                "survey_geography": link.survey_geography if link else None,
            }
        )
    series = (
        Series.objects.visible_to(m)
        .annotate(
            n=Count(
                "values", filter=Q(values__municipality__isnull=True) | Q(values__municipality=m)
            ),
            first=Min(
                "values__year",
                filter=Q(values__municipality__isnull=True) | Q(values__municipality=m),
            ),
            last=Max(
                "values__year",
                filter=Q(values__municipality__isnull=True) | Q(values__municipality=m),
            ),
        )
        .filter(n__gt=0)
        .order_by("source", "name", "unit")
    )
    imports = StatisticsImport.objects.filter(municipality=m).select_related("created_by")[:10]
    return render(
        request,
        "stats/index.html",
        _context(
            m,
            request,
            rows=rows,
            series=series,
            imports=imports,
            categories=crime_categories(m),
        ),
    )


def _comparison_request(request: HttpRequest, m: Municipality) -> tuple[Area | None, str]:
    """The area and category asked for (the first area with statistics when none is)."""
    raw = request.GET.get("omrade", "")
    category = request.GET.get("kategori", CRIME_TOTAL)[:120] or CRIME_TOTAL
    if raw:
        return area_for_user(access_of(request), raw), category
    links = area_links(m)
    for area in _areas(m):
        if geography_for_area(area, links) is not None:
            return area, category
    return None, category


def _comparison_charts(comparison: Comparison) -> dict[str, Any]:
    def points(attr: str) -> tuple[tuple[int, float | None], ...]:
        return tuple(
            (
                row.year,
                float(getattr(row, attr).value) if getattr(row, attr).value is not None else None,
            )
            for row in comparison.rows
        )

    lines = [charts.Line(comparison.area.name, points("area"))]
    for place, attr in ((comparison.county, "county"), (comparison.country, "country")):
        # A place without a single figure gets no line (the table still says "uppgift saknas").
        if place is not None and any(v is not None for _y, v in points(attr)):
            lines.append(charts.Line(place.name, points(attr)))
    band = [
        (row.year, row.band.band.low, row.band.band.high) for row in comparison.rows if row.band
    ]
    group = next((row.band.group for row in comparison.rows if row.band), "")
    title = _("%(category)s per 100 000 invånare") % {"category": comparison.category_name}
    described = []
    for row in comparison.rows:
        described.append(
            _("%(year)s: %(area)s %(a)s, hela landet %(c)s.")
            % {
                "year": row.year,
                "area": comparison.area.name,
                "a": row.area.display(),
                "c": row.country.display(),
            }
        )
    desc = " ".join(described) or _("Uppgift saknas.")
    return {
        "line_svg": charts.line_chart(
            ident="jamforelse",
            title=title,
            desc=desc,
            lines=lines,
            unit=_("per 100 000 inv."),
            band=band or None,
            band_label=_("Mittersta 50 %% i %(group)s") % {"group": group} if band else "",
        ),
        "band_group": group,
    }


@require_GET
def compare(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    area, category = _comparison_request(request, m)
    context = _context(
        m, request, areas=_areas(m), categories=crime_categories(m), category=category, area=area
    )
    if area is not None:
        comparison = crime_comparison(area, category)
        context["comparison"] = comparison
        context.update(_comparison_charts(comparison))
        year, bars = offence_categories(area)
        context["bars_year"] = year
        context["bars"] = bars
        if bars:
            context["bar_svg"] = charts.bar_chart(
                ident="brottskategorier",
                title=_("Anmälda brott per brottskategori %(year)s, %(area)s")
                % {"year": year, "area": area.name},
                desc=" ".join(f"{bar.name}: {bar.figure.display()}." for bar in bars),
                bars=[
                    charts.Bar(
                        bar.name, float(bar.figure.value) if bar.figure.value is not None else None
                    )
                    for bar in bars
                ],
                unit=_("per 100 000 inv."),
            )
    return render(request, "stats/compare.html", context)


@require_GET
def compare_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    area, category = _comparison_request(request, m)
    headers = [
        _("År"),
        _("Område"),
        _("Per 100 000"),
        _("Preliminärt"),
        _("Län"),
        _("Hela landet"),
        _("Kommungrupp, 1:a kvartil"),
        _("Kommungrupp, median"),
        _("Kommungrupp, 3:e kvartil"),
        _("Källa"),
    ]
    rows: list[list[Any]] = []
    if area is not None:
        comparison = crime_comparison(area, category)
        for row in comparison.rows:
            rows.append(
                [
                    row.year,
                    area.name,
                    float(row.area.value) if row.area.value is not None else None,
                    row.area.preliminary,
                    float(row.county.value) if row.county.value is not None else None,
                    float(row.country.value) if row.country.value is not None else None,
                    row.band.band.low if row.band else None,
                    row.band.band.median if row.band else None,
                    row.band.band.high if row.band else None,
                    provenance_text(row.area.provenance),
                ]
            )
    return table_response(
        fmt,
        filename=_("Jämförelse %(area)s") % {"area": area.name if area else m.name},
        headers=headers,
        rows=rows,
    )


def _series_values(m: Municipality, series: Series) -> list[StatValue]:
    return list(
        visible_values(m)
        .filter(series=series)
        .select_related("geography", "area", "provenance")
        .order_by("geography__code", "area__name", "year", "municipality")
    )


@require_GET
def series_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    series = series_for(access, pk)
    return render(
        request,
        "stats/series_detail.html",
        _context(
            m,
            request,
            series=series,
            values=_series_values(m, series),
            decimals=1 if series.unit == Unit.PERCENT else 0,
        ),
    )


def _value_rows(values: list[StatValue]) -> list[list[Any]]:
    return [
        [
            v.series.name,
            v.series.get_source_display(),
            v.series.get_unit_display(),
            v.geography.code if v.geography else "",
            v.geography.name if v.geography else (v.area.name if v.area else ""),
            v.year,
            float(v.value) if v.value is not None else "..",
            v.preliminary,
            v.series_break,
            v.survey_year,
            v.sample_size,
            v.get_population_basis_display() if v.population_basis else "",
            _("delad") if v.municipality_id is None else _("egen"),
            v.provenance.publisher,
            v.provenance.table,
            v.provenance.url,
            v.provenance.retrieved_on,
            v.provenance.retrieved_by,
            v.provenance.is_synthetic,
        ]
        for v in values
    ]


VALUE_HEADERS = [
    "Serie",
    "Källa",
    "Enhet",
    "Kod",
    "Område",
    "År",
    "Värde",
    "Preliminärt",
    "Seriebrott",
    "Undersökningsår",
    "Antal svarande",
    "Befolkningsunderlag",
    "Delad eller egen",
    "Utgivare",
    "Tabell",
    "URL",
    "Hämtad",
    "Hämtad av",
    "Påhittat exempel",
]


@require_GET
def series_export(request: HttpRequest, municipality: str, pk: int, fmt: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    series = series_for(access, pk)
    values = _series_values(m, series)
    for value in values:
        value.series = series
    return table_response(
        fmt, filename=series.name, headers=[_(h) for h in VALUE_HEADERS], rows=_value_rows(values)
    )


@require_GET
def value_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    values = list(
        visible_values(m)
        .select_related("series", "geography", "area", "provenance")
        .order_by("series__source", "series__name", "geography__code", "area__name", "year")
    )
    return table_response(
        fmt,
        filename=_("Statistik %(m)s") % {"m": m.name},
        headers=[_(h) for h in VALUE_HEADERS],
        rows=_value_rows(values),
    )


@require_GET
def geography_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    geographies = Geography.objects.select_related("parent").order_by("kind", "code")
    return render(
        request, "stats/geography_list.html", _context(m, request, geographies=geographies)
    )
