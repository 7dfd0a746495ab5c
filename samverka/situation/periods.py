"""The periods a lägesbild covers: two ISO weeks by default, or a week, a month, a tertial or a
year, each written the way it appears in URLs, files and the CLI:

    2026-W45/2026-W46   two weeks (the beredningsgrupp's usual rhythm in Angered)
    2026-W45            one week
    2026-11             a month
    2026-T3             a tertial (T1 January–April, T2 May–August, T3 September–December)
    2026                a year

A period knows its neighbours: the previous period of the same kind, the same period a year
earlier and the N periods before it (for the mean the lägesbild compares against).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samverka.lib.dates import WeekError, week_bounds, week_code, weeks_in_year


class PeriodKind(models.TextChoices):
    BIWEEK = "biweek", _("Två veckor")
    WEEK = "week", _("Vecka")
    MONTH = "month", _("Månad")
    TERTIAL = "tertial", _("Tertial")
    YEAR = "year", _("År")


# How many earlier periods the mean is taken over, per kind: about a quarter of a year of
# weeks, half a year of months, a year of tertials, three years.
MEAN_PERIODS: dict[str, int] = {
    PeriodKind.BIWEEK: 6,
    PeriodKind.WEEK: 8,
    PeriodKind.MONTH: 6,
    PeriodKind.TERTIAL: 3,
    PeriodKind.YEAR: 3,
}
# How many periods the trend chart shows (the current one included).
TREND_PERIODS: dict[str, int] = {
    PeriodKind.BIWEEK: 13,
    PeriodKind.WEEK: 13,
    PeriodKind.MONTH: 13,
    PeriodKind.TERTIAL: 9,
    PeriodKind.YEAR: 5,
}
_MONTHS: dict[str, int] = {PeriodKind.MONTH: 1, PeriodKind.TERTIAL: 4, PeriodKind.YEAR: 12}
MIN_YEAR, MAX_YEAR = 2000, 2100

_BIWEEK = re.compile(r"^(\d{4})-?W(\d{1,2})/(\d{4})-?W(\d{1,2})$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_TERTIAL = re.compile(r"^(\d{4})-?T([1-3])$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    """A period written in a way we cannot read; the message is Swedish, for the user."""


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _monday(year: int, week: int) -> date:
    # A year without week 53 has its last week take the place of the missing one.
    return date.fromisocalendar(year, min(week, weeks_in_year(year)), 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date  # the first day
    end: date  # the day after the last day

    # --- names -------------------------------------------------------------------------------
    @property
    def code(self) -> str:
        last = self.end - timedelta(days=1)
        if self.kind == PeriodKind.BIWEEK:
            return f"{week_code(self.start)}/{week_code(last)}"
        if self.kind == PeriodKind.WEEK:
            return week_code(self.start)
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == PeriodKind.TERTIAL:
            return f"{self.start.year}-T{(self.start.month - 1) // 4 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        """How a Swedish reader says it: "v. 45–46 2026", "november 2026", "tertial 3 2026"."""
        last = self.end - timedelta(days=1)
        if self.kind == PeriodKind.BIWEEK:
            first_week, last_week = self.start.isocalendar()[1], last.isocalendar()[1]
            return str(
                _("v. %(a)s–%(b)s %(y)s")
                % {"a": first_week, "b": last_week, "y": last.isocalendar()[0]}
            )
        if self.kind == PeriodKind.WEEK:
            year, week, _day = self.start.isocalendar()
            return str(_("v. %(w)s %(y)s") % {"w": week, "y": year})
        if self.kind == PeriodKind.MONTH:
            return date_format(self.start, "F Y")
        if self.kind == PeriodKind.TERTIAL:
            return str(
                _("tertial %(t)s %(y)s")
                % {"t": (self.start.month - 1) // 4 + 1, "y": self.start.year}
            )
        return str(self.start.year)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    # --- time --------------------------------------------------------------------------------
    def bounds(self) -> tuple[datetime, datetime]:
        """[start 00:00, end 00:00) in the current (Swedish) time zone."""
        return (
            timezone.make_aware(datetime.combine(self.start, time.min)),
            timezone.make_aware(datetime.combine(self.end, time.min)),
        )

    def weeks(self) -> list[str]:
        """The ISO weeks that start inside the period (for the reporting coverage)."""
        first = self.start - timedelta(days=self.start.weekday())
        if first < self.start:
            first += timedelta(days=7)
        codes = []
        day = first
        while day < self.end:
            codes.append(week_code(day))
            day += timedelta(days=7)
        return codes

    # --- neighbours --------------------------------------------------------------------------
    def shifted(self, steps: int) -> Period:
        """The period ``steps`` periods later (negative: earlier) of the same kind."""
        if self.kind in (PeriodKind.BIWEEK, PeriodKind.WEEK):
            delta = timedelta(days=self.days * steps)
            return Period(self.kind, self.start + delta, self.end + delta)
        months = _MONTHS[self.kind]
        return Period(
            self.kind,
            _add_months(self.start, months * steps),
            _add_months(self.start, months * (steps + 1)),
        )

    def previous(self) -> Period:
        return self.shifted(-1)

    def same_last_year(self) -> Period:
        if self.kind in (PeriodKind.BIWEEK, PeriodKind.WEEK):
            year, week, _day = self.start.isocalendar()
            start = _monday(year - 1, week)
            return Period(self.kind, start, start + timedelta(days=self.days))
        return Period(self.kind, _add_months(self.start, -12), _add_months(self.end, -12))

    def earlier(self, count: int) -> list[Period]:
        """The ``count`` periods before this one, the nearest first."""
        return [self.shifted(-step) for step in range(1, count + 1)]

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end


def _year(text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(
            str(
                _("Året %(y)s ligger utanför %(a)s–%(b)s.")
                % {"y": year, "a": MIN_YEAR, "b": MAX_YEAR}
            )
        )
    return year


def _week_start(year_text: str, week_text: str) -> date:
    try:
        monday, _sunday = week_bounds(f"{_year(year_text)}-W{int(week_text):02d}")
    except WeekError as exc:
        raise PeriodError(str(exc)) from None
    return monday


def parse_period(text: str) -> Period:
    """A period from its code; PeriodError with a Swedish explanation otherwise."""
    value = (text or "").strip().upper()
    if match := _BIWEEK.match(value):
        first = _week_start(match.group(1), match.group(2))
        second = _week_start(match.group(3), match.group(4))
        if second - first != timedelta(days=7):
            raise PeriodError(
                str(
                    _(
                        "En period på två veckor ska vara två veckor i följd, "
                        "t.ex. 2026-W45/2026-W46."
                    )
                )
            )
        return Period(PeriodKind.BIWEEK, first, first + timedelta(days=14))
    if match := _WEEK.match(value):
        first = _week_start(match.group(1), match.group(2))
        return Period(PeriodKind.WEEK, first, first + timedelta(days=7))
    if match := _MONTH.match(value):
        year, month = _year(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(str(_("Månaden ska vara 1–12, inte %(m)s.") % {"m": month}))
        start = date(year, month, 1)
        return Period(PeriodKind.MONTH, start, _add_months(start, 1))
    if match := _TERTIAL.match(value):
        year, tertial = _year(match.group(1)), int(match.group(2))
        start = date(year, 4 * (tertial - 1) + 1, 1)
        return Period(PeriodKind.TERTIAL, start, _add_months(start, 4))
    if match := _YEAR.match(value):
        year = _year(match.group(1))
        return Period(PeriodKind.YEAR, date(year, 1, 1), date(year + 1, 1, 1))
    raise PeriodError(
        str(
            _(
                "”%(text)s” är ingen period. Skriv två veckor som 2026-W45/2026-W46, en vecka "
                "som 2026-W45, en månad som 2026-11, ett tertial som 2026-T3 eller ett år som 2026."
            )
            % {"text": (text or "")[:40]}
        )
    )


def period_of_kind(kind: str, day: date) -> Period:
    """The period of ``kind`` that contains ``day`` (two-week periods start on odd weeks)."""
    if kind == PeriodKind.BIWEEK:
        year, week, _weekday = day.isocalendar()
        first_week = week if week % 2 == 1 else week - 1
        start = date.fromisocalendar(year, first_week, 1)
        return Period(kind, start, start + timedelta(days=14))
    if kind == PeriodKind.WEEK:
        start = day - timedelta(days=day.weekday())
        return Period(kind, start, start + timedelta(days=7))
    if kind == PeriodKind.MONTH:
        start = date(day.year, day.month, 1)
        return Period(kind, start, _add_months(start, 1))
    if kind == PeriodKind.TERTIAL:
        start = date(day.year, 4 * ((day.month - 1) // 4) + 1, 1)
        return Period(kind, start, _add_months(start, 4))
    if kind == PeriodKind.YEAR:
        return Period(kind, date(day.year, 1, 1), date(day.year + 1, 1, 1))
    raise PeriodError(str(_("Okänd periodtyp: %(k)s.") % {"k": kind[:20]}))


def latest_complete(kind: str, today: date) -> Period:
    """The last period of ``kind`` that has ended before ``today`` — the default lägesbild."""
    current = period_of_kind(kind, today)
    return current.previous()


def default_period(today: date) -> Period:
    return latest_complete(PeriodKind.BIWEEK, today)
