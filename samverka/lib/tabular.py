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
import zipfile
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
MIXED_ENCODING = "mixed-encoding"  # partly UTF-8, partly not
EMPTY = "empty"  # no row at all, or only comment lines
CSV_SYNTAX = "csv"  # csv.Error at ``line``
XLSX_UNREADABLE = "xlsx"  # not a workbook (no ``line``), or its header row cannot be read
XLSX_ROW = "xlsx-row"  # the workbook breaks off at ``line``
FORMAT = "format"  # neither "csv" nor "xlsx"
TOO_LARGE = "too-large"  # more rows, cells or unpacked bytes than ``Limits`` allow
UNCLOSED_QUOTE = "unclosed-quote"  # a quoted CSV value swallows the rows after it (``line``)


@dataclass(frozen=True)
class Limits:
    """Caps on one file, checked before its rows are read where the file says its size (an
    XLSX's dimension and its parts' unpacked sizes), and while reading otherwise. None: no cap.

    ``rows`` counts the rows after the header, blank ones too (two million empty rows are the
    cheapest way to hold a server); ``cells`` the rows times their width."""

    rows: int | None = None
    cells: int | None = None
    unpacked_bytes: int | None = None


NO_LIMITS = Limits()


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


# A Latin letter with a diacritic (å ä ö é ü …) encoded as UTF-8: "Ã" and a continuation
# byte, which in Windows-1252 text would be "Ã" followed by a symbol such as "¥" or "¤".
_UTF8_LETTER = re.compile(rb"\xc3[\x80-\xbf]")


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
    if _UTF8_LETTER.search(data):
        # Not UTF-8 throughout, yet "å" written as UTF-8 here and there: a file pieced together
        # from two sources. Read as Windows-1252 it would say "Ã¥" where it said "å", silently.
        raise TableError(
            "Filen blandar teckenkodningar: en del är UTF-8 och en del inte (å, ä och ö skulle "
            "bli fel). Spara hela filen som CSV (UTF-8).",
            kind=MIXED_ENCODING,
        )
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


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def _too_many_rows(limit: int) -> TableError:
    return TableError(
        f"Filen har fler än {_number(limit)} rader. En import får ha högst {_number(limit)} "
        "rader; dela upp filen i flera.",
        kind=TOO_LARGE,
    )


def _too_many_cells(limit: int) -> TableError:
    return TableError(
        f"Filen har fler än {_number(limit)} celler (rader gånger kolumner). En import får ha "
        f"högst {_number(limit)} celler; dela upp filen eller ta bort kolumner som inte behövs.",
        kind=TOO_LARGE,
    )


class _Counter:
    """Counts rows and cells as they are read and stops at the first past a cap."""

    def __init__(self, limits: Limits) -> None:
        # The header row is not a data row: one more row is allowed.
        self.max_rows = None if limits.rows is None else limits.rows + 1
        self.max_cells = limits.cells
        self.rows = 0
        self.cells = 0

    def add(self, width: int) -> None:
        self.rows += 1
        self.cells += width
        if self.max_rows is not None and self.rows > self.max_rows:
            raise _too_many_rows(self.max_rows - 1)
        if self.max_cells is not None and self.cells > self.max_cells:
            raise _too_many_cells(self.max_cells)


# The csv module's messages are English; these are the ones a file can provoke.
_CSV_PROBLEMS = (
    ("field larger than field limit", f"ett värde är längre än {FIELD_SIZE_LIMIT:,} tecken"),
    ("line contains nul", "raden innehåller ett null-tecken"),
    ("new-line character seen in unquoted field", "en radbrytning står mitt i ett värde"),
    ("unexpected end of data", "filen tar slut inne i ett värde inom citattecken"),
    ("expected after", "ett citattecken står på fel ställe"),
)


def _csv_problem(message: str) -> str:
    lowered = message.lower()
    for needle, words in _CSV_PROBLEMS:
        if needle in lowered:
            return words.replace(",", "\u00a0")
    return "raden följer inte CSV-formatet"


def _csv_records(
    text: str, delimiter: str, limits: Limits = NO_LIMITS
) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records with the line each starts on."""
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    counter = _Counter(limits)
    start = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            detail = _csv_problem(str(exc))
            raise TableError(
                f"rad {start}: kan inte läsas som CSV ({detail}).",
                kind=CSV_SYNTAX,
                line=start,
                detail=detail,
            ) from None
        if values:  # an empty line is no record (a text file's size bounds how many there are)
            counter.add(len(values))
        if any(v.strip() for v in values):
            yield start, values
        start = reader.line_num + 1


_XLSX_MESSAGE = (
    "Filen kan inte läsas som en Excel-arbetsbok (.xlsx). Spara den igen från Excel som .xlsx, "
    "eller som CSV."
)


# A workbook is a zip of XML parts; more parts than this is no export of a table.
MAX_XLSX_PARTS = 10_000


def _check_unpacked(data: bytes, limits: Limits) -> None:
    """Refuse a zip bomb by the sizes its directory declares, before anything is unpacked.

    The declared size is binding: Python's zip reader stops at it and fails the checksum of a
    part that would unpack to more, so a part cannot grow past what is checked here."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise TableError(_XLSX_MESSAGE, kind=XLSX_UNREADABLE) from None
    if len(parts) > MAX_XLSX_PARTS:
        raise TableError(_XLSX_MESSAGE, kind=XLSX_UNREADABLE)
    if limits.unpacked_bytes is None:
        return
    total = sum(part.file_size for part in parts)
    if total > limits.unpacked_bytes:
        megabytes = _number(limits.unpacked_bytes // (1024 * 1024))
        raise TableError(
            f"Arbetsboken packas upp till mer än {megabytes} MB. Spara den som CSV, eller dela "
            "upp den i flera filer.",
            kind=TOO_LARGE,
        )


def _check_dimension(sheet: Any, limits: Limits) -> None:
    """The sheet's own statement of its size (``<dimension ref="A1:O2000000"/>``), read before
    any row: a file that says it is over a cap is refused at once. A file that says nothing,
    or less than the truth, is stopped by the counting while reading instead."""
    try:
        rows, columns = sheet.max_row, sheet.max_column
    except Exception:  # a damaged dimension: leave it to the counting
        return
    if not isinstance(rows, int) or not isinstance(columns, int):
        return
    if limits.rows is not None and rows > limits.rows + 1:
        raise _too_many_rows(limits.rows)
    if limits.cells is not None and rows * columns > limits.cells:
        raise _too_many_cells(limits.cells)


def _xlsx_records(data: bytes, limits: Limits = NO_LIMITS) -> Iterator[tuple[int, list[Any]]]:
    """Non-blank rows of the first worksheet (values, not formulas) with their row numbers."""
    from openpyxl import load_workbook  # openpyxl reads the XML through defusedxml

    _check_unpacked(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds of error on what is not a workbook
        raise TableError(_XLSX_MESSAGE, kind=XLSX_UNREADABLE) from None
    line = 0
    counter = _Counter(limits)
    try:
        _check_dimension(sheet, limits)
        for values in sheet.iter_rows(values_only=True):
            line += 1
            counter.add(len(values))
            if any(v is not None and str(v).strip() for v in values):
                yield line, list(values)
    except TableError:
        raise
    except Exception:  # ... and many more on a damaged sheet
        raise TableError(
            f"rad {line + 1}: kan inte läsas ur arbetsboken.", kind=XLSX_ROW, line=line + 1
        ) from None
    finally:
        workbook.close()


def _is_comment(values: list[Any]) -> bool:
    return bool(values) and values[0] is not None and str(values[0]).strip().startswith("#")


def _unclosed_quotes(
    records: Iterator[tuple[int, list[Any]]], delimiter: str, width: int
) -> Iterator[tuple[int, list[Any]]]:
    """Refuse a value whose quote is not closed where it should be.

    The csv module reads on from an unbalanced quote to the next quote in the file, so the rows
    in between become one value of the row above, and the import would succeed a row short.
    A value holding a line break that itself holds as many delimiters as a row has (or, in a
    file of two or three columns, any delimiter) is taken for such a swallowed row: a real
    line break in a description is rarely followed by a line of semicolons."""
    # A narrow file's row has few delimiters: ask for all of them there, all but one elsewhere.
    needed = max(1, width - 1) if width <= 4 else width - 2
    for line, values in records:
        for value in values:
            if "\n" not in value and "\r" not in value:
                continue
            lines = value.splitlines()
            for offset, part in enumerate(lines[1:], start=1):
                if part.count(delimiter) >= needed:
                    raise TableError(
                        f'rad {line}: ett citattecken (") öppnar ett värde som inte stängs förrän '
                        f"längre ner, så raderna efter (från rad {line + offset}) skulle läsas "
                        "som en del av värdet. Kontrollera citattecknen på raden; ett "
                        'citattecken inne i en text skrivs som två ("").',
                        kind=UNCLOSED_QUOTE,
                        line=line,
                    )
        yield line, values


def read_table(
    data: bytes, fmt: str, *, comments: bool = False, limits: Limits = NO_LIMITS
) -> Table:
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
        records: Iterator[tuple[int, list[Any]]] = _csv_records(text, delimiter, limits)
        empty = "Filen är tom."
    elif fmt == "xlsx":
        records = _xlsx_records(data, limits)
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
    if fmt == "csv":
        records = _unclosed_quotes(records, delimiter, len(headers))
    return Table(
        headers=headers,
        rows=records,
        header_line=header_line,
        comments=found,
        encoding=encoding,
        delimiter=delimiter,
    )
