"""Validators shared by every app's models, forms and serializers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters (CR and LF among them) and the Unicode line and paragraph
# separators. A name or title is one line: it goes into calendar files, e-mail subjects,
# Content-Disposition headers and spreadsheet cells, where a line break ends a header or a
# property, so a stored newline once broke every calendar feed of a group.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

SINGLE_LINE_MESSAGE = _("Får inte innehålla radbrytningar eller andra styrtecken.")


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value))


def validate_single_line(value: object) -> None:
    """Refuse line breaks, tabs and other control characters in a one-line name or title."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="single_line")


def one_line(value: str) -> str:
    """``value`` made one line for a place that cannot hold more (a calendar property, an
    e-mail header): every run of whitespace and control characters becomes one space."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", value).split())
