"""Reading a table from a CSV or XLSX file: a header row, then data rows with their line numbers.

Knows nothing of Django; every importer of tables (incidents, statistics) reads through here.
CSV files come from Swedish Excel (semicolons, Windows-1252 or UTF-8 with a byte-order mark) as
often as from other systems (commas, tabs, UTF-8), so the encoding and the delimiter are
detected. Line numbers are those a person sees in the file: the first line is 1, and a quoted
value spanning lines counts every line (a row is numbered by the line it starts on). Blank rows
are skipped everywhere, before the header too.

A ``TableError`` carries a ``kind`` besides its Swedish message, so that an importer whose users
have learnt other words for the same failure can say it its own way.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

DELIMITERS = (";", ",", "\t", "|")
BOM = b"\xef\xbb\xbf"
# A cell may be long (a description), but a runaway quote must not swallow the whole file.
FIELD_SIZE_LIMIT = 1_000_000

# TableError kinds
BINARY = "binary"  # NUL bytes: not a text file
ENCODING = "encoding"  # neither UTF-8 nor Windows-1252
EMPTY = "empty"  # no row at all, or only comment lines
CSV_SYNTAX = "csv"  # csv.Error at ``line``
XLSX_UNREADABLE = "xlsx"  # not a workbook (no ``line``), or its header row cannot be read
XLSX_ROW = "xlsx-row"  # the workbook breaks off at ``line``
FORMAT = "format"  # neither "csv" nor "xlsx"


class TableError(ValueError):
    """The file cannot be read as a table at all; the message is Swedish, for the user.

    ``line`` is the line the problem was found on (None: the whole file) and ``detail`` the
    reader's own words (the csv module's), when there are any."""

    def __init__(self, message: str, *, kind: str, line: int | None = None, detail: str = ""):
        super().__init__(message)
        self.kind = kind
        self.line = line
        self.detail = detail


@dataclass
class Table:
    headers: list[str]
    # (line number, values) per non-empty data row; values as str (CSV) or cell values (XLSX)
    rows: Iterator[tuple[int, list[Any]]]
    header_line: int = 1
    # Rows before the header whose first cell starts with "#" (only when asked for)
    comments: list[tuple[int, list[Any]]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def normalise_heading(text: str) -> str:
    """ "Per 100 000 inv." → "per 100000 inv": case, spaces, a byte-order mark, Unicode
    composition and trailing punctuation ignored, so that a heading matches however the
    exporting program wrote it."""
    text = unicodedata.normalize("NFC", str(text)).replace("\ufeff", "")
    text = re.sub(r"\s+", " ", text).strip().lower().rstrip(".:")
    return re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without BOM), else Windows-1252."""
    if b"\x00" in data[:4096]:
        raise TableError(
            "Filen ser inte ut som en textfil (CSV). Spara den som CSV (UTF-8) eller som "
            "Excel-arbetsbok (.xlsx).",
            kind=BINARY,
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data.startswith(BOM):
        data = data[len(BOM) :]
    # Windows-1252 decodes every byte but five; a file holding one of those is in some other
    # encoding (an old DOS code page, say), and guessing would garble its letters silently.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise TableError(
            "Filen är varken UTF-8 eller Windows-1252. Spara den som CSV (UTF-8).",
            kind=ENCODING,
        ) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter of the first line that holds one, skipping blank lines and "#" comments:
    the header as a rule, whose headings seldom hold a delimiter, where data rows' free text
    often does."""
    start = 0
    for _ in range(50):
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if line.strip() and not line.startswith("#"):
            counts = {d: line.count(d) for d in DELIMITERS}
            best = max(counts, key=lambda d: counts[d])
            if counts[best]:
                return best
        if end < 0:
            break
        start = end + 1
    return ";"


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records with the line each starts on."""
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise TableError(
                f"rad {start}: kan inte läsas som CSV ({exc}).",
                kind=CSV_SYNTAX,
                line=start,
                detail=str(exc),
            ) from None
        if any(v.strip() for v in values):
            yield start, values
        start = reader.line_num + 1


_XLSX_MESSAGE = (
    "Filen kan inte läsas som en Excel-arbetsbok (.xlsx). Spara den igen från Excel som .xlsx, "
    "eller som CSV."
)


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """Non-blank rows of the first worksheet (values, not formulas) with their row numbers."""
    from openpyxl import load_workbook  # openpyxl reads the XML through defusedxml

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds of error on what is not a workbook
        raise TableError(_XLSX_MESSAGE, kind=XLSX_UNREADABLE) from None
    line = 0
    try:
        for values in sheet.iter_rows(values_only=True):
            line += 1
            if any(v is not None and str(v).strip() for v in values):
                yield line, list(values)
    except Exception:  # ... and many more on a damaged sheet
        raise TableError(
            f"rad {line + 1}: kan inte läsas ur arbetsboken.", kind=XLSX_ROW, line=line + 1
        ) from None
    finally:
        workbook.close()


def _is_comment(values: list[Any]) -> bool:
    return bool(values) and values[0] is not None and str(values[0]).strip().startswith("#")


def read_table(data: bytes, fmt: str, *, comments: bool = False) -> Table:
    """The header (the first non-blank row) and an iterator over the non-blank rows after it.

    With ``comments``, rows before the header whose first cell starts with "#" are not the
    header: they are returned in ``Table.comments`` (statistics files carry their provenance
    there). Headings are stripped and empty ones at the right dropped (Excel leaves them).
    Raises TableError; reading the rows may raise it too, at the row that cannot be read.
    """
    encoding = delimiter = ""
    if fmt == "csv":
        text, encoding = decode(data)
        delimiter = sniff_delimiter(text)
        records: Iterator[tuple[int, list[Any]]] = _csv_records(text, delimiter)
        empty = "Filen är tom."
    elif fmt == "xlsx":
        records = _xlsx_records(data)
        empty = "Arbetsbladet är tomt."
    else:
        raise TableError(f"Okänt tabellformat: {fmt}.", kind=FORMAT)
    found: list[tuple[int, list[Any]]] = []
    try:
        for line, values in records:
            if comments and _is_comment(values):
                found.append((line, values))
                continue
            header_line, header = line, values
            break
        else:
            raise TableError(empty, kind=EMPTY)
    except TableError as exc:
        if exc.kind == CSV_SYNTAX:
            raise TableError(
                f"Rubrikraden kan inte läsas som CSV: {exc.detail}.",
                kind=CSV_SYNTAX,
                line=exc.line,
                detail=exc.detail,
            ) from None
        if exc.kind == XLSX_ROW:
            raise TableError(_XLSX_MESSAGE, kind=XLSX_UNREADABLE, line=exc.line) from None
        raise
    headers = ["" if h is None else str(h).strip() for h in header]
    while headers and not headers[-1]:
        headers.pop()
    return Table(
        headers=headers,
        rows=records,
        header_line=header_line,
        comments=found,
        encoding=encoding,
        delimiter=delimiter,
    )
