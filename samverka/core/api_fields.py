"""API fields for dates and times that refuse a year the platform cannot handle.

DRF's ``DateTimeField`` raises ``OverflowError`` (a 500) for inputs like "0001-01-01T00:00" once
the time zone is applied, and a date in year 9999 overflows the first time something adds a day
to it. These fields give a 400 with a Swedish message instead, for every serializer built on
``SwedishModelSerializer`` and for the fields declared by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, NoReturn

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from samverka.core.validators import validate_single_line
from samverka.core.year_patterns import leap_years, year_range

# Wide enough for any document, membership or incident the platform holds; narrower bounds (a
# meeting's 2000–2100) are set by subclasses.
MIN_YEAR = 1900
MAX_YEAR = 2100


class SwedishDateTimeField(serializers.DateTimeField):
    """An ISO 8601 moment, in the local time zone unless an offset is given, within
    ``min_year``–``max_year``."""

    min_year = MIN_YEAR
    max_year = MAX_YEAR
    default_error_messages = {
        "invalid": _("Ange tidpunkten som ÅÅÅÅ-MM-DDTHH:MM, t.ex. 2026-03-03T09:00."),
        "date": _("Ange en tidpunkt (ÅÅÅÅ-MM-DDTHH:MM), inte bara ett datum."),
        "make_aware": _("Tidpunkten finns inte i tidszonen {timezone}."),
        "overflow": _("Ange en tidpunkt mellan år {min_year} och {max_year}."),
        "range": _("Ange en tidpunkt mellan år {min_year} och {max_year}."),
    }

    def to_internal_value(self, value: Any) -> datetime:
        # The year as written decides, as the schema's pattern says (converting to the local
        # time zone may move a moment at New Year into the next or the previous year).
        try:
            written = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:  # well formed, but no such moment: DRF says so below
            written = None
        if written is not None and not self.min_year <= written.year <= self.max_year:
            self._fail_range()
        try:
            moment: datetime = super().to_internal_value(value)
        except OverflowError:  # the time zone pushed the moment past year 1 or 9999
            self._fail_range()
        if written is None and not self.min_year <= moment.year <= self.max_year:
            self._fail_range()
        return moment

    def fail(self, key: str, **kwargs: Any) -> NoReturn:
        if key == "overflow":  # DRF's own, for an input with an offset, e.g. "9999-12-31T23:59-05"
            kwargs.update(min_year=self.min_year, max_year=self.max_year)
        super().fail(key, **kwargs)

    def _fail_range(self) -> NoReturn:
        self.fail("range", min_year=self.min_year, max_year=self.max_year)


class SwedishDateField(serializers.DateField):
    """An ISO 8601 date (ÅÅÅÅ-MM-DD) within ``min_year``–``max_year``."""

    min_year = MIN_YEAR
    max_year = MAX_YEAR
    default_error_messages = {
        "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-01."),
        "datetime": _("Ange ett datum (ÅÅÅÅ-MM-DD), inte en tidpunkt."),
        "range": _("Ange ett datum mellan år {min_year} och {max_year}."),
    }

    def to_internal_value(self, value: Any) -> date:
        day: date = super().to_internal_value(value)
        if not self.min_year <= day.year <= self.max_year:
            self.fail("range", min_year=self.min_year, max_year=self.max_year)
        return day


# JSON types the schema promises for each kind of field. DRF coerces on its own (the number 5 is
# the text "5", the text "5" the integer 5, the text "true" a boolean), so a request the schema
# calls invalid was accepted and stored; schemathesis found it. Mapped on the class, most
# specific first; dates, choices and lists keep DRF's own, already strict, handling.
_JSON_TYPES: list[tuple[type[serializers.Field], tuple[type, ...], Any]] = [
    (serializers.ManyRelatedField, (list,), _("Ange en lista med id.")),
    (serializers.BooleanField, (bool,), _("Ange true eller false.")),
    (serializers.IntegerField, (int,), _("Ange ett heltal.")),
    (serializers.FloatField, (int, float), _("Ange ett tal.")),
    (serializers.PrimaryKeyRelatedField, (int,), _("Ange ett id (ett heltal), inte {data_type}.")),
    (serializers.MultipleChoiceField, (list,), _("Ange en lista med värden.")),
    (serializers.ChoiceField, (str, int), _("Ange ett av de giltiga värdena.")),
    (serializers.DateTimeField, (str,), _("Ange tidpunkten som text (ÅÅÅÅ-MM-DDTHH:MM).")),
    (serializers.DateField, (str,), _("Ange datumet som text (ÅÅÅÅ-MM-DD).")),
    (serializers.CharField, (str,), _("Ange text.")),
]


def json_type_errors(fields: Mapping[str, serializers.Field], data: Mapping[str, Any]) -> dict:
    """Messages for the values in ``data`` that are not of the JSON type their field documents
    (``null`` is left to the field: it knows whether it allows it)."""
    errors: dict[str, list[Any]] = {}
    for name, field in fields.items():
        if field.read_only or name not in data or data[name] is None:
            continue
        value = data[name]
        for kind, types, message in _JSON_TYPES:
            if isinstance(field, kind):
                if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
                    errors[name] = [str(message).format(data_type=type(value).__name__)]
                break
    return errors


class JsonTypesMixin:
    """Refuse a value of another JSON type than the schema documents, before DRF coerces it."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            # ``fields`` is the serializer's, which this mixin is always combined with.
            errors = json_type_errors(self.fields, data)  # type: ignore[attr-defined]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]


def date_pattern(min_year: int, max_year: int) -> str:
    """A regex (unanchored) for a day that exists, ÅÅÅÅ-MM-DD, of ``min_year``–``max_year``."""
    month_day = (
        r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
        r"|(?:0[13-9]|1[0-2])-(?:29|30)"
        r"|(?:0[13578]|1[02])-31)"
    )
    years, leap = year_range(min_year, max_year), leap_years(min_year, max_year)
    return rf"(?:{years}-{month_day}|{leap}-02-29)"


# A time of day with seconds and their fractions optional, and an offset (without one: local
# time). What Django's parse_datetime takes besides (a space for the T, week dates …) is left
# out of the schema, not refused.
TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?"
OFFSET = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"


class SwedishDateFieldSchema(OpenApiSerializerFieldExtension):
    """The schema of the dates and times above: a pattern with their years (and no ``format``,
    which would let a generator draw from years 1–9999 only to throw almost all away)."""

    target_class = SwedishDateField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        field = self.target
        if direction == "response":
            return dict(build_basic_type(OpenApiTypes.DATE) or {})
        pattern = date_pattern(field.min_year, field.max_year)
        return {"type": "string", "pattern": rf"^{pattern}$", "description": "ÅÅÅÅ-MM-DD"}


class SwedishDateTimeFieldSchema(OpenApiSerializerFieldExtension):
    target_class = SwedishDateTimeField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        field = self.target
        if direction == "response":  # what the API writes: ISO 8601 with the offset
            return dict(build_basic_type(OpenApiTypes.DATETIME) or {})
        day = date_pattern(field.min_year, field.max_year)
        return {
            "type": "string",
            "pattern": rf"^{day}T{TIME}{OFFSET}?$",
            "description": "ÅÅÅÅ-MM-DDTHH:MM[:SS], with an offset (Z, +01:00) or in local time",
        }


# What a text must look like, for the schema, as DRF's CharField takes it: blanks around it are
# trimmed (so they may be anything blank), a text that may not be blank needs one character
# that is not, a one-line name or title (``validate_single_line``) has no control character,
# and no text has a NUL (DRF's CharField refuses it in every text: "Null-tecken är inte
# tillåtna."; PostgreSQL could not store it).
_CONTROL = r"\u0000-\u001f\u007f-\u009f\u2028\u2029"


def text_pattern(
    *, allow_blank: bool, trim: bool, single_line: bool, max_length: int | None
) -> str:
    """The pattern of a text field's request value. A trimmed text's length is that of what is
    left after trimming, so its pattern bounds it (and the schema drops ``maxLength``)."""
    any_char = rf"[^{_CONTROL}]" if single_line else r"[^\u0000]"
    if not trim:
        return rf"^{any_char}+$"  # "" is a oneOf branch of its own, as above
    solid = rf"[^{_CONTROL}\s]" if single_line else r"[^\u0000\s]"
    if max_length is None:
        middle = f"{any_char}*"
    elif max_length >= 2:
        middle = f"{any_char}{{0,{max_length - 2}}}"
    else:
        middle = None
    body = f"{solid}(?:{middle}{solid})?" if middle is not None else solid
    if allow_blank:  # not "" itself: drf-spectacular adds it as a oneOf branch of its own
        return rf"^(?:\s+|\s*{body}\s*)$"
    return rf"^\s*{body}\s*$"


# Marks a trimmed text whose ``maxLength`` the schema hook removes (drf-spectacular adds it
# back from the field's validators after the mapping above).
TRIMMED = "x-trimmed"


class CharFieldSchema(OpenApiSerializerFieldExtension):
    """DRF's own mapping of a text field, with ``text_pattern`` in request bodies."""

    target_class = serializers.CharField  # exactly: e-mail, URL and slug fields keep theirs

    def map_serializer_field(self, auto_schema: Any, direction: str) -> Any:
        field = self.target
        schema = auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        if direction != "request" or not isinstance(schema, dict) or "pattern" in schema:
            return schema
        if "enum" in schema or schema.get("type") != "string":
            return schema
        pattern = text_pattern(
            allow_blank=field.allow_blank,
            trim=field.trim_whitespace,
            single_line=validate_single_line in field.validators,
            max_length=field.max_length,
        )
        schema = {**schema, "pattern": pattern}
        if field.trim_whitespace:  # the pattern bounds the length: see TRIMMED
            schema[TRIMMED] = True
        return schema
