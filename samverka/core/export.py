"""Every table can be downloaded as CSV or XLSX: one helper, so all exports look alike.

CSV is written the way Swedish Excel opens it without a wizard: UTF-8 with a byte-order mark,
semicolon-separated.

Every text cell goes through ``neutralise_formula``: a place name typed as ``=HYPERLINK(...)`` in an
incident report must reach the coordinator's spreadsheet as text, never as a live formula
(OWASP, CSV injection). Any other writer of CSV or XLSX in samverka uses ``safe_cell`` too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Spreadsheet programs start a formula (or DDE call) at any of these; tab and CR because Excel
# strips leading whitespace before looking.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """The text, with a leading apostrophe when a spreadsheet would read it as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_cell(value: Any) -> Any:
    """A value ready for a CSV or XLSX cell: numbers and dates stay themselves (a negative number
    is a number cell, not a formula), everything else becomes text that cannot start a formula."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, date | int | float | Decimal):
        return value
    return neutralise_formula(str(value))


def table_to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    # Excel limits sheet titles to 31 characters and forbids a few symbols.
    sheet.title = "".join(c for c in str(title) if c not in "[]:*?/\\")[:31] or "Tabell"
    sheet.append([safe_cell(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = [safe_cell(v) for v in row]
        sheet.append(values)
        widths = [max(w, min(len(str(v or "")), 60)) for w, v in zip(widths, values, strict=False)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width + 2
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_response(
    fmt: str, *, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A download of the table in ``fmt`` (csv or xlsx); 404 for any other format."""
    if fmt not in FORMATS:
        raise Http404("Unknown export format")
    stem = slugify(filename) or "export"
    if fmt == "csv":
        response = HttpResponse(table_to_csv(headers, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            table_to_xlsx(headers, rows, title=filename), content_type=XLSX_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
