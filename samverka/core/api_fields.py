"""API fields for dates and times that refuse a year the platform cannot handle.

DRF's ``DateTimeField`` raises ``OverflowError`` (a 500) for inputs like "0001-01-01T00:00" once
the time zone is applied, and a date in year 9999 overflows the first time something adds a day
to it. These fields give a 400 with a Swedish message instead, for every serializer built on
``SwedishModelSerializer`` and for the fields declared by hand.
"""

from __future__ import annotations

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
