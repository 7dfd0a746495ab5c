"""Checking one row's values once they are read: the rules every import format shares."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from samverka.incidents.imports.context import Candidate, ImportContext
from samverka.incidents.imports.errors import RowError
from samverka.incidents.services.incidents import (
    EARLIEST_YEAR,
    FUTURE_SLACK,
    MAX_EVENT_COUNT,
    identity_number_message,
)
from samverka.lib.personnummer import find_identity_numbers

MAX_TEXT = 10_000
MAX_PLACE = 200
MAX_ID = 80


class RowChecker:
    """Collects a row's errors against named columns; ``ok`` when there were none."""

    def __init__(self, line: int, errors: list[RowError]) -> None:
        self.line = line
        self.errors = errors
        self.ok = True

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.errors.append(RowError(self.line, column, message))


def check_text(checker: RowChecker, column: str, value: str, *, limit: int = MAX_TEXT) -> str:
    if len(value) > limit:
        checker.fail(column, f"Texten är för lång ({len(value)} tecken, högst {limit}).")
        return ""
    found = find_identity_numbers(value)
    if found:
        checker.fail(column, identity_number_message(found))
        return ""
    return value


def check_times(
    checker: RowChecker,
    columns: tuple[str, str],
    occurred_at: datetime | None,
    occurred_until: datetime | None,
    now: datetime,
) -> None:
    if occurred_at is not None:
        if occurred_at > now + FUTURE_SLACK:
            checker.fail(columns[0], "Tidpunkten ligger i framtiden.")
        elif occurred_at.year < EARLIEST_YEAR:
            checker.fail(columns[0], f"Ange en tidpunkt från år {EARLIEST_YEAR} eller senare.")
    if occurred_at is not None and occurred_until is not None and occurred_until < occurred_at:
        checker.fail(columns[1], "Sluttiden är före starttiden.")


def check_count(checker: RowChecker, column: str, count: int) -> None:
    if not 1 <= count <= MAX_EVENT_COUNT:
        checker.fail(column, f"Antalet ska vara mellan 1 och {MAX_EVENT_COUNT}.")


def locate(
    checker: RowChecker,
    context: ImportContext,
    column: str,
    latitude: float | None,
    longitude: float | None,
) -> int | None:
    """The area of a point; an error when no boundary contains it."""
    if latitude is None or longitude is None:
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        checker.fail(column, "Koordinaterna ska vara latitud och longitud i WGS84 (grader).")
        return None
    if not context.locator.has_boundaries:
        checker.fail(
            column, "Inget område har en gräns inlagd, så punkten kan inte placeras. Ange område."
        )
        return None
    area_id = context.locator.area_id(latitude, longitude)
    if area_id is None:
        checker.fail(column, "Punkten ligger utanför kommunens områden.")
    return area_id


def now() -> datetime:
    return timezone.now()


__all__ = ["Candidate", "RowChecker", "check_count", "check_text", "check_times", "locate", "now"]
