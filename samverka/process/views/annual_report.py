"""The annual follow-up report (årsrapport) as a page, a PDF, an XLSX and JSON; see
``samverka.process.annual_report``. Everyone with a role in the municipality reads it."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from samverka.accounts.access import access_of
from samverka.core.export import XLSX_TYPE
from samverka.process.annual_report import (
    MAX_YEAR,
    MIN_YEAR,
    annual_report_pdf,
    annual_report_xlsx,
    build_annual_report,
    report_context,
)


def _year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("No report for that year")
    return year


def _attachment(content: bytes, content_type: str, stem: str, ext: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(stem) or "arsrapport"}.{ext}"'
    )
    return response


@require_GET
def annual_report_current(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    return HttpResponseRedirect(
        reverse(
            "process:annual_report",
            kwargs={"municipality": access.municipality.slug, "year": timezone.localdate().year},
        )
    )


@require_GET
def annual_report(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    access = access_of(request)
    year = _year(year)
    report = build_annual_report(access.municipality, year)
    context = report_context(report)
    context.update(
        municipality=access.municipality,
        nav="process",
        previous_year=year - 1 if year > MIN_YEAR else None,
        next_year=year + 1 if year < min(MAX_YEAR, timezone.localdate().year) else None,
    )
    return render(request, "process/report/annual.html", context)


@require_GET
def annual_report_pdf_view(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    access = access_of(request)
    year = _year(year)
    pdf = annual_report_pdf(access.municipality, year)
    return _attachment(
        pdf, "application/pdf", f"arsrapport {access.municipality.slug} {year}", "pdf"
    )


@require_GET
def annual_report_xlsx_view(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    access = access_of(request)
    year = _year(year)
    content = annual_report_xlsx(build_annual_report(access.municipality, year))
    return _attachment(content, XLSX_TYPE, f"arsrapport {access.municipality.slug} {year}", "xlsx")


@require_GET
def annual_report_json(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    access = access_of(request)
    year = _year(year)
    data = build_annual_report(access.municipality, year).as_dict()
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
