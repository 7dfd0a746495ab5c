"""Reading a statistics file into a header and rows with their line numbers.

CSV comes from Swedish Excel and from the publishers' own exports: UTF-8 with or without a
byte-order mark, or Windows-1252 (SCB's older exports); semicolons, commas or tabs. XLSX: the
first sheet. Lines at the top that start with "#" carry the file's provenance as "# key: value"
(see docs/statistics-formats.md); empty rows are skipped. Every cell is read as text or, in
XLSX, as the number Excel stored.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from samverka.stats.importers.errors import RowError, StatisticsFileError

MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL = 1000
XLSX_SUFFIXES = (".xlsx",)
CSV_SUFFIXES = (".csv", ".txt")
SUPPRESSED = ".."

Cell = str | int | float | None


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Cell]]]  # (line number, cells)
    metadata: dict[str, tuple[int, str]] = field(default_factory=dict)  # key -> (line, value)
    header_line: int = 1


def normalise_heading(text: str) -> str:
    """ "Per 100 000 inv." → "per 100000 inv": case, spaces and trailing punctuation ignored."""
    text = unicodedata.normalize("NFC", str(text)).replace("\ufeff", "")
    text = re.sub(r"\s+", " ", text).strip().lower().rstrip(".:")
    return re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # SCB's and older Excel exports: Windows-1252 decodes every byte but five.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise StatisticsFileError(
                [RowError(None, "", _("Filen är varken UTF-8 eller Windows-1252. Spara om den."))]
            ) from None


def _metadata(
    lines: list[tuple[int, list[Cell]]],
) -> tuple[dict[str, tuple[int, str]], list[tuple[int, list[Cell]]]]:
    """Split "# key: value" lines off the top."""
    metadata: dict[str, tuple[int, str]] = {}
    rest = list(lines)
    while rest:
        line, cells = rest[0]
        first = str(cells[0]).strip() if cells and cells[0] is not None else ""
        if not first.startswith("#"):
            break
        text = " ".join(str(c) for c in cells if c not in (None, "")).lstrip("#").strip()
        key, sep, value = text.partition(":")
        if sep and key.strip():
            metadata[normalise_heading(key)] = (line, value.strip())
        rest.pop(0)
    return metadata, rest


def _clean_cell(value: Any) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    text = str(value)
    return text[: MAX_CELL + 1]


def _read_csv(data: bytes) -> list[tuple[int, list[Cell]]]:
    text = _decode(data)
    if "\x00" in text:
        raise StatisticsFileError([RowError(None, "", _("Filen innehåller null-tecken."))])
    sample = "\n".join(
        line for line in text.splitlines()[:20] if line.strip() and not line.startswith("#")
    )
    delimiter = max((";", ",", "\t"), key=lambda d: sample.count(d)) if sample else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[tuple[int, list[Cell]]] = []
    try:
        for cells in reader:
            if len(lines) > MAX_ROWS:
                break
            lines.append((reader.line_num, [_clean_cell(c) for c in cells[: MAX_COLUMNS + 1]]))
    except csv.Error as exc:
        raise StatisticsFileError(
            [RowError(reader.line_num, "", _("CSV-filen kan inte läsas: %(e)s") % {"e": exc})]
        ) from None
    return lines


def _read_xlsx(data: bytes) -> list[tuple[int, list[Cell]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise StatisticsFileError(
            [RowError(None, "", _("Filen är ingen Excel-fil (.xlsx) som går att läsa."))]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        lines: list[tuple[int, list[Cell]]] = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1:
                break
            lines.append((number, [_clean_cell(c) for c in row[: MAX_COLUMNS + 1]]))
        return lines
    except Exception:  # openpyxl raises many kinds of error on a damaged sheet
        raise StatisticsFileError(
            [RowError(None, "", _("Excel-filen är skadad och kan inte läsas."))]
        ) from None
    finally:
        workbook.close()


def _is_blank(cells: list[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def read_table(data: bytes, filename: str) -> Table:
    """The file's metadata lines, its header and its non-empty rows."""
    name = filename.lower()
    if name.endswith(XLSX_SUFFIXES):
        lines = _read_xlsx(data)
    elif name.endswith(CSV_SUFFIXES):
        lines = _read_csv(data)
    else:
        raise StatisticsFileError(
            [RowError(None, "", _("Filen måste vara en CSV-fil (.csv) eller Excel-fil (.xlsx)."))]
        )
    lines = [(line, cells) for line, cells in lines if not _is_blank(cells)]
    if len(lines) > MAX_ROWS:
        raise StatisticsFileError(
            [RowError(None, "", _("Filen har fler än %(n)s rader.") % {"n": MAX_ROWS})]
        )
    metadata, lines = _metadata(lines)
    if not lines:
        raise StatisticsFileError(
            [RowError(None, "", _("Filen har ingen rubrikrad och inga rader."))]
        )
    header_line, header = lines[0]
    if len(header) > MAX_COLUMNS:
        raise StatisticsFileError([RowError(header_line, "", _("Filen har för många kolumner."))])
    headers = ["" if h is None else str(h).strip() for h in header]
    while headers and not headers[-1]:
        headers.pop()  # Excel leaves empty columns at the right
    rows = [(line, cells + [None] * (len(headers) - len(cells))) for line, cells in lines[1:]]
    return Table(headers=headers, rows=rows, metadata=metadata, header_line=header_line)


# --- cells -----------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
MAX_VALUE = Decimal("1e11")


class CellError(ValueError):
    """A cell that does not hold what its column needs; the message is for the user."""


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_number(
    cell: Cell,
    *,
    allow_suppressed: bool,
    integer: bool = False,
    maximum: Decimal | None = None,
) -> Decimal | None:
    """A non-negative number as Swedish files write it ("2 537", "27,3"); None for ".." when the
    column allows suppressed values. Raises CellError with the reason."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if isinstance(cell, float) and not (cell == cell and abs(cell) != float("inf")):
            raise CellError(_("”%(v)s” är inte ett tal.") % {"v": cell})
        number = Decimal(str(cell))
    else:
        text = cell_text(cell)
        if text == SUPPRESSED:
            if allow_suppressed:
                return None
            raise CellError(
                _("”..” (skyddat värde) är inte tillåtet i den här kolumnen; ange ett tal.")
            )
        if not text:
            raise CellError(_("Värdet saknas."))
        compact = _SPACES.sub("", text).replace("−", "-")
        if not _NUMBER.match(compact) or len(compact) > 30:
            raise CellError(_("”%(v)s” är inte ett tal.") % {"v": text[:40]})
        try:
            number = Decimal(compact.replace(",", "."))
        except InvalidOperation:
            raise CellError(_("”%(v)s” är inte ett tal.") % {"v": text[:40]}) from None
    if number < 0:
        raise CellError(_("Talet kan inte vara negativt."))
    if number > (maximum if maximum is not None else MAX_VALUE):
        raise CellError(_("Talet %(v)s är orimligt stort.") % {"v": number})
    if integer and number != number.to_integral_value():
        raise CellError(_("Ange ett heltal."))
    return number


def parse_year(cell: Cell) -> int:
    text = cell_text(cell)
    if text == SUPPRESSED:
        raise CellError(_("”..” är inte tillåtet som år."))
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(_("”%(v)s” är inget årtal (fyra siffror, t.ex. 2024).") % {"v": text[:40]})
    year = int(text)
    if not 1900 <= year <= 2100:
        raise CellError(_("Året %(v)s ligger utanför 1900–2100.") % {"v": year})
    return year


YES = {"ja", "j", "yes", "true", "1", "x", "preliminär", "preliminärt", "prel"}
NO = {"nej", "n", "no", "false", "0", "", "slutlig", "slutligt"}


def parse_flag(cell: Cell) -> bool:
    text = cell_text(cell).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(_("Ange ja eller nej, inte ”%(v)s”.") % {"v": text[:40]})
