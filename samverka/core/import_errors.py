"""A problem found in an imported file, named by line and column so that a coordinator can find
it. Every importer (incidents, statistics, and those to come) reports with this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


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
