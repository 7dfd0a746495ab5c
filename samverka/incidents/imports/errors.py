"""Problems found in an import file: each names the line and the column a person can find."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samverka.core.import_errors import RowError

__all__ = ["MAX_LISTED", "ImportRefused", "RowError"]

# Enough for anyone to see the pattern; the count of all errors is always given.
MAX_LISTED = 500


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
