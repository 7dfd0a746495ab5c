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

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

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
        try:
            moment: datetime = super().to_internal_value(value)
        except OverflowError:  # the time zone pushed the moment past year 1 or 9999
            self._fail_range()
        if not self.min_year <= moment.year <= self.max_year:
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
