"""Meeting dates from a cadence: "6 times a year", "every other week on Tuesdays".

Pure functions, so that the rules are easy to test and to explain:
- A spread cadence (n times a year) places n meetings evenly over the year's working weeks,
  leaving out the Swedish summer (ISO weeks 27–32) and the Christmas and New Year weeks unless asked
  to include them.
- An interval cadence (every n weeks) runs from the first working week of the year and keeps its
  rhythm through the year; it skips the Christmas and New Year weeks, and the summer only when
  asked, because a beredningsgrupp that meets every other week usually keeps meeting (about 26
  a year).
- A date that falls on a holiday or an eve moves to the next working day of the same week, or back
  to the previous one if the week has none left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from samverka.lib.holidays import is_day_off

SUMMER_WEEKS = range(27, 33)  # about July and the first week of August
DEFAULT_WEEKDAY = 2  # Tuesday (ISO weekday numbers: Monday 1 … Friday 5)


@dataclass(frozen=True)
class PlanOptions:
    weekday: int = DEFAULT_WEEKDAY
    # None: the cadence's own default (a spread skips the summer, an interval keeps meeting).
    skip_summer: bool | None = None
    skip_christmas: bool = True


def _weeks_of(year: int) -> list[date]:
    """The Monday of every ISO week of the ISO year ``year``."""
    monday = date.fromisocalendar(year, 1, 1)
    weeks = []
    while monday.isocalendar().year == year:
        weeks.append(monday)
        monday += timedelta(weeks=1)
    return weeks


def _is_christmas_week(monday: date) -> bool:
    # The weeks holding Christmas Eve or New Year's Day: offices are thin, nobody convenes.
    days = {monday + timedelta(n) for n in range(7)}
    return any((d.month, d.day) in ((12, 24), (1, 1)) for d in days)


def _excluded(monday: date, options: PlanOptions, *, skip_summer_by_default: bool) -> bool:
    if options.skip_christmas and _is_christmas_week(monday):
        return True
    skip_summer = skip_summer_by_default if options.skip_summer is None else options.skip_summer
    return skip_summer and monday.isocalendar().week in SUMMER_WEEKS


def _working_day(monday: date, weekday: int) -> date | None:
    """The chosen weekday of the week, or the nearest working day in the same week."""
    wanted = monday + timedelta(weekday - 1)
    later = [wanted + timedelta(n) for n in range(0, 6 - weekday)]
    earlier = [wanted - timedelta(n) for n in range(1, weekday)]
    for day in later + earlier:
        if not is_day_off(day):
            return day
    return None


def spread_dates(year: int, times: int, options: PlanOptions | None = None) -> list[date]:
    """``times`` meeting days spread evenly over the year's available weeks."""
    options = options or PlanOptions()
    if times < 1:
        return []
    weeks = [m for m in _weeks_of(year) if not _excluded(m, options, skip_summer_by_default=True)]
    weeks = [m for m in weeks if _working_day(m, options.weekday) is not None]
    times = min(times, len(weeks))
    # The middle of each of ``times`` equal slices of the available weeks.
    chosen = [weeks[int((i + 0.5) * len(weeks) / times)] for i in range(times)]
    return [day for m in chosen if (day := _working_day(m, options.weekday)) is not None]


def interval_dates(year: int, every_weeks: int, options: PlanOptions | None = None) -> list[date]:
    """A meeting every ``every_weeks`` weeks from the year's first available week."""
    options = options or PlanOptions()
    if every_weeks < 1:
        return []
    days = []
    for index, monday in enumerate(_weeks_of(year)):
        if index % every_weeks:
            continue
        if _excluded(monday, options, skip_summer_by_default=False):
            continue
        day = _working_day(monday, options.weekday)
        if day is not None:
            days.append(day)
    return days
