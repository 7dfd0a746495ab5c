"""A lägesbild as a file: PDF for the steering group, XLSX, GeoJSON."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from samverka.accounts.access import access_of
from samverka.situation.access import report_in
from samverka.situation.outputs import (
    GEOJSON_TYPE,
    XLSX_TYPE,
    filename,
    statuses_of,
    to_geojson,
    to_pdf,
    to_xlsx,
)
from samverka.situation.selectors import figures_for


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def pdf(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    report = report_in(m, pk)
    figures = figures_for(report)
    content = to_pdf(figures, report.area, report=report, statuses=statuses_of(report))
    return _download(content, "application/pdf", f"{filename(figures, report.version)}.pdf")


@require_GET
def xlsx(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    report = report_in(m, pk)
    figures = figures_for(report)
    content = to_xlsx(figures, report=report, statuses=statuses_of(report))
    return _download(content, XLSX_TYPE, f"{filename(figures, report.version)}.xlsx")


@require_GET
def geojson(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    report = report_in(m, pk)
    figures = figures_for(report)
    content = to_geojson(figures, report.area, statuses_of(report))
    return _download(content, GEOJSON_TYPE, f"{filename(figures, report.version)}.geojson")
