"""Problems found in an import file: each names the line and the column a person can find."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

# Enough for anyone to see the pattern; the count of all errors is always given.
MAX_LISTED = 500


@dataclass(frozen=True)
class RowError:
    """``line`` counts from 1 as an editor shows it (None: the file as a whole); ``column`` is
    the heading in the file (CSV/XLSX) or the field name (JSON)."""

    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.line:
            where.append(_("rad %(line)s") % {"line": self.line})
        if self.column:
            where.append(_("kolumn ”%(column)s”") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RowError:
        return cls(line=data.get("line"), column=data.get("column", ""), message=data["message"])


class ImportRefused(Exception):
    """The file was refused; nothing was written. ``errors`` lists the problems found (at most
    ``MAX_LISTED``), ``error_count`` counts them all."""

    def __init__(self, errors: list[RowError], error_count: int | None = None) -> None:
        self.errors = errors[:MAX_LISTED]
        self.error_count = error_count if error_count is not None else len(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        head = _("Filen har %(n)s fel; inget har importerats.") % {"n": self.error_count}
        return "\n".join([head, *(str(e) for e in self.errors)])
