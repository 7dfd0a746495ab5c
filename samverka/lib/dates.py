"""Swedish calendar conventions: weeks start on Monday and are numbered by ISO 8601 (vecka 1 is
the week with the year's first Thursday), which is how Swedish workplaces name weeks."""

from __future__ import annotations

import re
from datetime import date, timedelta

_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$")


class WeekError(ValueError):
    """A week written in a way we cannot read; the message is for the user."""


def iso_week(day: date) -> tuple[int, int]:
    """(ISO year, week number); note that 2026-12-31 is in week 53 of 2026, 2027-01-01 too."""
    year, week, _weekday = day.isocalendar()
    return year, week


def week_label(day: date) -> str:
    """ "v. 48" — the short form used in Swedish calendars."""
    return f"v. {iso_week(day)[1]}"


def week_code(day: date) -> str:
    """ "2026-W48" — ISO 8601's week notation, used in URLs and files."""
    year, week = iso_week(day)
    return f"{year}-W{week:02d}"


def weeks_in_year(year: int) -> int:
    # December 28th is always in the last ISO week of its year.
    return date(year, 12, 28).isocalendar()[1]


def week_bounds(code: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week written "2026-W45" (or "2026W45")."""
    match = _ISO_WEEK.match(code.strip())
    if not match:
        raise WeekError(f"”{code}” är ingen vecka. Skriv till exempel 2026-W45.")
    year, week = int(match.group(1)), int(match.group(2))
    if not 1 <= week <= weeks_in_year(year):
        raise WeekError(f"{year} har veckorna 1–{weeks_in_year(year)}, inte {week}.")
    monday = date.fromisocalendar(year, week, 1)
    return monday, monday + timedelta(days=6)
