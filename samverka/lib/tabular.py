"""Reading a table from a CSV or XLSX file: a header row, then data rows with their line numbers.

Knows nothing of Django. CSV files come from Swedish Excel (semicolons, Windows-1252 or UTF-8
with a byte-order mark) as often as from other systems (commas, tabs, UTF-8), so the encoding
and the delimiter are detected. Line numbers are those a person sees in the file: the header is
line 1, and a quoted value spanning lines counts every line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

DELIMITERS = (";", ",", "\t", "|")


class TableError(ValueError):
    """The file cannot be read as a table at all; the message is Swedish, for the user."""


@dataclass
class Table:
    headers: list[str]
    # (line number, values) per non-empty data row; values as str (CSV) or cell values (XLSX)
    rows: Iterator[tuple[int, list[Any]]]
    encoding: str = ""
    delimiter: str = ""


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without BOM), else Windows-1252."""
    if b"\x00" in data[:4096]:
        raise TableError(
            "Filen ser inte ut som en textfil (CSV). Spara den som CSV (UTF-8) eller som "
            "Excel-arbetsbok (.xlsx)."
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    csv.field_size_limit(1_000_000)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise TableError("Filen är tom.") from None
    except csv.Error as exc:
        raise TableError(f"Rubrikraden kan inte läsas som CSV: {exc}.") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        start = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise TableError(f"rad {start}: kan inte läsas som CSV ({exc}).") from None
            if any(v.strip() for v in values):
                yield start, values
            start = reader.line_num + 1

    return Table(
        headers=[h.strip() for h in headers], rows=rows(), encoding=encoding, delimiter=delimiter
    )


def read_xlsx(data: bytes) -> Table:
    """The first worksheet of an Excel workbook (values, not formulas)."""
    from openpyxl import load_workbook  # openpyxl reads the XML through defusedxml

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header_row = next(iterator, None)
    except Exception:
        raise TableError(
            "Filen kan inte läsas som en Excel-arbetsbok (.xlsx). Spara den igen från Excel "
            "som .xlsx, eller som CSV."
        ) from None
    if header_row is None:
        raise TableError("Arbetsbladet är tomt.")
    headers = ["" if v is None else str(v).strip() for v in header_row]
    while headers and not headers[-1]:
        headers.pop()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        line = 1
        try:
            for values in iterator:
                line += 1
                if any(v is not None and str(v).strip() for v in values):
                    yield line, list(values)
        except Exception:
            raise TableError(f"rad {line + 1}: kan inte läsas ur arbetsboken.") from None
        finally:
            workbook.close()

    return Table(headers=headers, rows=rows())


def read_table(data: bytes, fmt: str) -> Table:
    if fmt == "xlsx":
        return read_xlsx(data)
    if fmt == "csv":
        return read_csv(data)
    raise TableError(f"Okänt tabellformat: {fmt}.")
