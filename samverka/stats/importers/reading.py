"""Reading a statistics file into a header and rows with their line numbers.

The reading itself (encodings, delimiters, CSV and XLSX, line numbers, blank rows) is
``samverka.lib.tabular``'s, shared with the incident import. What is the statistics files' own
is here: lines at the top that start with "#" carry the file's provenance as "# key: value"
(see docs/statistics-formats.md); the format is told by the file's name; the limits on rows,
columns and cells; every cell as text or, in XLSX, as the number Excel stored; the messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from samverka.lib import tabular
from samverka.lib.tabular import normalise_heading
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


def _metadata(lines: list[tuple[int, list[Cell]]]) -> dict[str, tuple[int, str]]:
    """The "# key: value" lines at the top."""
    metadata: dict[str, tuple[int, str]] = {}
    for line, cells in lines:
        text = " ".join(str(c) for c in cells if c not in (None, "")).lstrip("#").strip()
        key, sep, value = text.partition(":")
        if sep and key.strip():
            metadata[normalise_heading(key)] = (line, value.strip())
    return metadata


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


def _clean(values: list[Any]) -> list[Cell]:
    return [_clean_cell(c) for c in values[: MAX_COLUMNS + 1]]


def _refusal(message: str, line: int | None = None) -> StatisticsFileError:
    return StatisticsFileError([RowError(line, "", message)])


def import_limits() -> tabular.Limits:
    """The caps on one file (settings), and never more rows than a statistics file may have."""
    rows = min(MAX_ROWS, int(getattr(settings, "SAMVERKA_IMPORT_MAX_ROWS", MAX_ROWS)))
    return tabular.Limits(
        rows=rows,
        cells=int(getattr(settings, "SAMVERKA_IMPORT_MAX_CELLS", 5_000_000)),
        unpacked_bytes=int(getattr(settings, "SAMVERKA_IMPORT_MAX_UNPACKED_BYTES", 400 << 20)),
    )


def _file_error(exc: tabular.TableError) -> StatisticsFileError:
    """The reader's refusal in the words the statistics pages have always used."""
    if exc.kind in (tabular.TOO_LARGE, tabular.UNCLOSED_QUOTE):
        return _refusal(str(exc), exc.line)
    if exc.kind == tabular.ENCODING:
        return _refusal(_("Filen är varken UTF-8 eller Windows-1252. Spara om den."))
    if exc.kind == tabular.CSV_SYNTAX:
        return _refusal(_("CSV-filen kan inte läsas: %(e)s") % {"e": exc.detail}, exc.line)
    if exc.kind == tabular.XLSX_UNREADABLE and exc.line is None:
        return _refusal(_("Filen är ingen Excel-fil (.xlsx) som går att läsa."))
    if exc.kind in (tabular.XLSX_UNREADABLE, tabular.XLSX_ROW):
        return _refusal(_("Excel-filen är skadad och kan inte läsas."))
    if exc.kind == tabular.EMPTY:
        return _refusal(_("Filen har ingen rubrikrad och inga rader."))
    return _refusal(str(exc))  # BINARY cannot happen: NUL is refused before reading


def read_table(data: bytes, filename: str) -> Table:
    """The file's metadata lines, its header and its non-empty rows."""
    name = filename.lower()
    if name.endswith(XLSX_SUFFIXES):
        fmt = "xlsx"
    elif name.endswith(CSV_SUFFIXES):
        fmt = "csv"
        # Anywhere in the file, not only where the reader looks for a binary file: no cell of
        # a statistics file is screened for NUL, and PostgreSQL refuses it in text.
        if b"\x00" in data:
            raise _refusal(_("Filen innehåller null-tecken."))
    else:
        raise _refusal(_("Filen måste vara en CSV-fil (.csv) eller Excel-fil (.xlsx)."))
    rows: list[tuple[int, list[Cell]]] = []
    try:
        table = tabular.read_table(data, fmt, comments=True, limits=import_limits())
        for line, values in table.rows:
            if len(rows) == MAX_ROWS:
                raise _refusal(_("Filen har fler än %(n)s rader.") % {"n": MAX_ROWS})
            rows.append((line, _clean(values)))
    except tabular.TableError as exc:
        raise _file_error(exc) from None
    if len(table.headers) > MAX_COLUMNS:
        raise _refusal(_("Filen har för många kolumner."), table.header_line)
    headers = [h[: MAX_CELL + 1] for h in table.headers]
    width = len(headers)
    rows = [(line, cells + [None] * (width - len(cells))) for line, cells in rows]
    metadata = _metadata([(line, _clean(values)) for line, values in table.comments])
    return Table(headers=headers, rows=rows, metadata=metadata, header_line=table.header_line)


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
