"""Errors in a statistics file: each names the line and the column a coordinator can find."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    """One problem. ``line`` counts from 1 as a spreadsheet shows it (None: the whole file);
    ``column`` is the column's heading as written in the file (empty: the whole row)."""

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


class StatisticsFileError(Exception):
    """The file was refused; nothing was written. ``errors`` lists every problem found."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        head = _("Filen har %(n)s fel; inget har sparats.") % {"n": len(self.errors)}
        return "\n".join([head, *(str(error) for error in self.errors)])
