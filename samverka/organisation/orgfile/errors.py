"""Errors in an organisation file: each one points at a path and a line a coordinator can find."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileError:
    """One problem in the file. ``path`` is like ``groups[3].reports_to`` (lists count from 0);
    ``line`` counts from 1 and is None when the problem concerns the file as a whole."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = [_("rad %(line)s") % {"line": self.line}] if self.line else []
        if self.path:
            where.append(self.path)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class OrganisationFileError(Exception):
    """The file was refused; nothing was written. ``errors`` lists every problem found."""

    def __init__(self, errors: list[FileError]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        head = _("Organisationsfilen har %(n)s fel; inget har sparats.") % {"n": len(self.errors)}
        return "\n".join([head, *(str(error) for error in self.errors)])
