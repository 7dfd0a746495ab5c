"""The fact sheet as HTML (page or print) and as PDF: one template, two layouts.

``reports/factsheet.html`` holds the fact sheet itself and extends either ``base.html`` (the
page, with the site's navigation) or ``reports/print_base.html`` (a bare A4 document with the
stylesheet inlined, for WeasyPrint).
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string

from samverka.reports.factsheet import FactSheet
from samverka.reports.pdf import html_to_pdf


def _stylesheet() -> str:
    path = finders.find("reports.css")
    if not path:
        return ""
    with open(str(path), encoding="utf-8") as handle:
        return handle.read()


def fact_sheet_html(
    sheet: FactSheet, *, for_print: bool, request: HttpRequest | None = None, **context: object
) -> str:
    return render_to_string(
        "reports/factsheet.html",
        {
            "sheet": sheet,
            "municipality": sheet.municipality,
            "nav": "reports",
            "layout": "reports/print_base.html" if for_print else "base.html",
            "for_print": for_print,
            "print_css": _stylesheet() if for_print else "",
            **context,
        },
        request=request,
    )


def fact_sheet_pdf(sheet: FactSheet) -> bytes:
    return html_to_pdf(fact_sheet_html(sheet, for_print=True))
