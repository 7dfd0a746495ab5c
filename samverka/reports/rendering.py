"""The fact sheet as HTML (page or print) and as PDF: one template, two layouts.

``reports/factsheet.html`` holds the fact sheet itself and extends either ``base.html`` (the
page, with the site's navigation) or ``reports/print_base.html`` (a bare A4 document with the
shared print typography, ``print.css``, and the fact sheet's layout, ``reports.css``, inlined).

The PDF is Brå's four pages at most. It is printed with the generous budget of
``samverka.reports.layout`` first; should that run over four pages it is printed again with less,
and the last try is printed whatever its length (each level keeps far less than a page's worth
of every list). Every PDF is kept (``samverka.reports.pdf``) under a fingerprint of its HTML: the
second download of unchanged data is served from the cache, and any change of what the sheet
shows makes a new one. The page's button prints in the background (``samverka.reports.jobs``);
the PDF's own address (API clients, the CLI) prints within the request when nothing is cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from samverka.core.pdf import document_to_pdf, html_to_document
from samverka.core.progress import Progress, no_progress
from samverka.reports import pdf as cache
from samverka.reports.factsheet import FactSheet
from samverka.reports.layout import PRINT_LEVELS, Fit

MAX_PAGES = 4
# The steps of printing, as the progress page names them.
STEPS = 3
LAYING_OUT = _("Sätter sidorna")
SHORTENING = _("Sätter sidorna med kortare listor")
WRITING = _("Skriver PDF-filen")
# Stands for the time of printing while the fingerprint is taken: the clock is not the data.
STAMP = "SAMVERKA-STAMP-7D1F"


def _stamp(sheet: FactSheet) -> str:
    return formats.date_format(sheet.generated_at, "SHORT_DATETIME_FORMAT")


def fact_sheet_html(
    sheet: FactSheet,
    *,
    for_print: bool,
    request: HttpRequest | None = None,
    level: int = 0,
    stamp: str | None = None,
    **context: object,
) -> str:
    """The page (everything) or the print at ``level`` of ``samverka.reports.layout``."""
    fit = Fit.for_print(sheet, level) if for_print else Fit.everything(sheet)
    return render_to_string(
        "reports/factsheet.html",
        {
            "sheet": sheet,
            "fit": fit,
            "stamp": _stamp(sheet) if stamp is None else stamp,
            "municipality": sheet.municipality,
            "nav": "reports",
            "layout": "reports/print_base.html" if for_print else "base.html",
            "for_print": for_print,
            **context,
        },
        request=request,
    )


def fact_sheet_fingerprint(sheet: FactSheet) -> str:
    """What the printed sheet shows, as a hash: its HTML (stylesheets inlined) without the time.

    Any change of the data, the texts or the layout changes it; printing again does not.
    """
    html = fact_sheet_html(sheet, for_print=True, stamp=STAMP)
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def print_htmls(sheet: FactSheet) -> Iterator[str]:
    """The print's HTML at each level of ``samverka.reports.layout``, from generous to tight."""
    stamp = _stamp(sheet)
    for level in range(len(PRINT_LEVELS)):
        yield fact_sheet_html(sheet, for_print=True, level=level, stamp=stamp)


def print_pdf(htmls: Iterable[str], *, progress: Progress = no_progress) -> bytes:
    """The first of ``htmls`` that fits four pages, as PDF (the last one if none does).

    Touches no database: a background thread may run it on HTML rendered in the request.
    """
    progress(str(LAYING_OUT), 1, STEPS)
    document = None
    for html in htmls:
        document = html_to_document(html)
        if len(document.pages) <= MAX_PAGES:
            break
        progress(str(SHORTENING), 1, STEPS)
    assert document is not None, "no HTML to print"
    progress(str(WRITING), 2, STEPS)
    content = document_to_pdf(document)
    progress(str(WRITING), STEPS, STEPS)
    return content


def fact_sheet_pdf(sheet: FactSheet) -> bytes:
    """The fact sheet as PDF of at most four A4 pages, from the cache when nothing changed."""
    key = fact_sheet_fingerprint(sheet)
    cached = cache.get(key)
    if cached is not None:
        return cached
    content = print_pdf(print_htmls(sheet))
    cache.put(key, content)
    return content
