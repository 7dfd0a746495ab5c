"""Errors in a statistics file: each names the line and the column a coordinator can find."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samverka.core.import_errors import RowError

__all__ = ["RowError", "StatisticsFileError"]


class StatisticsFileError(Exception):
    """The file was refused; nothing was written. ``errors`` lists every problem found."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        head = _("Filen har %(n)s fel; inget har sparats.") % {"n": len(self.errors)}
        return "\n".join([head, *(str(error) for error in self.errors)])
