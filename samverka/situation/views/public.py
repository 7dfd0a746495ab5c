"""The public lägesbild: adopted versions marked for publication, coarsened and suppressed
(samverka.situation.public), readable without logging in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from samverka.accounts.models import Municipality
from samverka.situation import charts
from samverka.situation.access import report_in
from samverka.situation.figures.typed import SituationFigures
from samverka.situation.models import SituationReport
from samverka.situation.presentation import area_shapes, trend_context
from samverka.situation.public import SUPPRESS_BELOW, public_figures


def _municipality(slug: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise Http404("No such municipality")
    return municipality


@login_not_required
@require_GET
def public_list(request: HttpRequest, municipality: str) -> HttpResponse:
    m = _municipality(municipality)
    reports = (
        SituationReport.objects.in_municipality(m)
        .published()
        .select_related("area")
        .defer("snapshot")
        .order_by("-period_start", "area__name", "-version")
    )
    return render(
        request,
        "situation/public_list.html",
        {"public_municipality": m, "reports": reports},
    )


@login_not_required
@require_GET
def public_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    m = _municipality(municipality)
    report = report_in(m, pk)
    if not (report.is_adopted and report.is_published and report.snapshot):
        raise Http404("Not published")
    statuses = [s.as_dict() for s in report.area_statuses.select_related("area")]
    stored = SituationFigures.from_json(report.snapshot)
    figures = public_figures(stored, statuses)
    shapes = area_shapes(report.area)
    static_map = charts.map_svg(
        grid=figures["map"]["grid"],
        cells=figures["map"]["cells"],
        hotspots=[],
        areas=shapes,
        title=f"Karta, {figures['area']}",
        desc=(
            f"Händelser i rutor om {figures['map']['grid']['cell_m']:.0f} meter. "
            f"Rutor med färre än {SUPPRESS_BELOW} händelser visas som en klass."
        ),
        uid="public-map",
        classify=charts.public_cell_class,
    )
    small = [0 < t.count < SUPPRESS_BELOW for t in stored.trend]
    trend = trend_context(stored.trend, figures["area"], "public-trend")
    return render(
        request,
        "situation/public_detail.html",
        {
            "public_municipality": m,
            "report": report,
            "fig": figures,
            "static_map": static_map,
            "trend_rows": figures["trend"],
            # Bars would show a suppressed count exactly: the chart only when none is small.
            "trend_svg": trend["svg"] if not any(small) else "",
            "cell_legend": list(zip(charts.PUBLIC_CELL_CLASSES, charts.CELL_COLOURS, strict=True)),
        },
    )
