"""Counts by category and sub-area, their change against the previous period, the same period
last year and the mean of the last N periods, and the trend — all from ONE grouped query.

The query puts every counted report of the periods involved into a bucket (0 = the current
period, 1… = the periods before it, the last = the same period last year) and sums
``event_count`` per bucket, category, subcategory and area. A few thousand rows come back at
most, whatever the number of reports, and everything else is arithmetic in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Case, IntegerField, Q, Sum, Value, When

from samverka.lib.significance import compare_counts
from samverka.situation import aggregates
from samverka.situation.figures.base import Scope, counted, in_ranges
from samverka.situation.periods import TREND_PERIODS, Period, PeriodKind


@dataclass
class Windows:
    """The periods the counts are taken over, as buckets of the grouped query."""

    current: Period
    mean_periods: int
    trend: list[Period]  # oldest first, the current period last
    last_year: Period

    @classmethod
    def around(cls, period: Period, mean_periods: int) -> Windows:
        size = max(mean_periods + 1, TREND_PERIODS[period.kind])
        earlier = period.earlier(size - 1)
        return cls(
            current=period,
            mean_periods=mean_periods,
            trend=[*reversed(earlier[: TREND_PERIODS[period.kind] - 1]), period],
            last_year=period.same_last_year(),
        )

    def buckets(self) -> list[Period]:
        """Bucket i: 0 = current, 1..k = earlier periods (nearest first), then last year
        (unless it is one of the earlier periods already, as for tertials and years)."""
        size = max(self.mean_periods + 1, len(self.trend))
        periods = [self.current, *self.current.earlier(size - 1)]
        if self.last_year not in periods:
            periods.append(self.last_year)
        return periods


def grouped_counts(scope: Scope, windows: Windows) -> list[Counts]:
    """The sums of each bucket (see ``Windows.buckets``): from the precomputed weekly or
    monthly counts on PostgreSQL, from the reports elsewhere — the same numbers either way."""
    periods = windows.buckets()
    read = _from_counts if aggregates.available() else _from_reports
    rows = read(scope, periods)
    result = [Counts() for _ in periods]
    for b, category, subcategory, area, n in rows:
        if 0 <= b < len(periods) and n:
            result[b].add(category, subcategory or None, scope.subarea_of.get(area, area), n)
    return result


def _from_reports(scope: Scope, periods: list[Period]) -> Iterable[tuple[int, int, int, int, int]]:
    ranges = [p.bounds() for p in periods]
    bucket = Case(
        *[
            When(occurred_at__gte=start, occurred_at__lt=end, then=Value(i))
            for i, (start, end) in enumerate(ranges)
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )
    return (
        counted(scope.municipality, scope.area_ids)
        .filter(in_ranges(ranges))
        .annotate(bucket=bucket)
        .values_list("bucket", "category_id", "subcategory_id", "area_id")
        .annotate(n=Sum("event_count"))
    )


WEEK_KINDS = (PeriodKind.WEEK, PeriodKind.BIWEEK)


def _from_counts(scope: Scope, periods: list[Period]) -> Iterable[tuple[int, int, int, int, int]]:
    """Periods of weeks read the weekly counts, periods of months (months, tertials, years)
    the monthly ones. Contiguous weeks are bucketed arithmetically
    (``(end − monday − 1) / length``), far cheaper than a CASE over fourteen ranges; the rest
    through the CASE. A period that is not made of whole weeks or months (none is today) is
    counted from the reports."""
    from samverka.situation.models import MonthlyCount, WeeklyCount

    weekly = periods[0].kind in WEEK_KINDS
    if not all(_whole(p, weekly=weekly) for p in periods):
        return _from_reports(scope, periods)
    current = periods[0]
    chain = 0  # periods[:chain] follow each other back from the current one
    while chain < len(periods) and periods[chain] == current.shifted(-chain):
        chain += 1
    contiguous, extra = periods[:chain], periods[chain:]
    if weekly and len(extra) <= 1:
        first = min(p.start for p in contiguous)
        # Fixed SQL text; every value goes in as a parameter.
        sql = (
            "SELECT bucket, category_id, subcategory_id, area_id, SUM(events)::bigint FROM ("  # noqa: S608
            "SELECT CASE WHEN week >= %s THEN (%s::date - week - 1) / %s ELSE %s END AS bucket, "
            "category_id, subcategory_id, area_id, events FROM situation_weeklycount "
            "WHERE area_id = ANY(%s) AND ((week >= %s AND week < %s)"
            + (" OR (week >= %s AND week < %s)" if extra else "")
            + ")) AS d GROUP BY 1, 2, 3, 4"
        )
        params: list[Any] = [first, current.end, current.days, len(contiguous)]
        params += [scope.area_ids, first, current.end]
        if extra:
            params += [extra[0].start, extra[0].end]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    model: Any = WeeklyCount if weekly else MonthlyCount
    column = "week" if weekly else "month"
    bucket = Case(
        *[
            When(**{f"{column}__gte": p.start, f"{column}__lt": p.end}, then=Value(i))
            for i, p in enumerate(periods)
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )
    within = Q()
    for start, end in _merged((p.start, p.end) for p in periods):
        within |= Q(**{f"{column}__gte": start, f"{column}__lt": end})
    return (
        model.objects.filter(area_id__in=scope.area_ids)
        .filter(within)
        .annotate(bucket=bucket)
        .values_list("bucket", "category_id", "subcategory_id", "area_id")
        .annotate(n=Sum("events"))
        .order_by()
    )


def _whole(period: Period, *, weekly: bool) -> bool:
    """Whether the period is whole ISO weeks (Monday to Monday) or whole months."""
    if weekly:
        return period.start.weekday() == 0 and period.end.weekday() == 0
    return period.start.day == 1 and period.end.day == 1


def _merged(ranges: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[list[date]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


class Counts:
    """The sums of one bucket, by category, subcategory, sub-area and sub-area × category."""

    def __init__(self) -> None:
        self.total = 0
        self.category: dict[int, int] = defaultdict(int)
        self.subcategory: dict[int, int] = defaultdict(int)
        self.subarea: dict[int, int] = defaultdict(int)
        self.subarea_category: dict[tuple[int, int], int] = defaultdict(int)

    def add(self, category: int, subcategory: int | None, subarea: int, n: int) -> None:
        self.total += n
        self.category[category] += n
        if subcategory is not None:
            self.subcategory[subcategory] += n
        self.subarea[subarea] += n
        self.subarea_category[(subarea, category)] += n


def _comparisons(series: list[int], windows: Windows, last_year_bucket: int) -> dict[str, Any]:
    """current, previous, last year and mean of N, each with its significance."""
    current = series[0]
    n = windows.mean_periods
    return {
        "current": current,
        "previous": compare_counts(current, series[1]).as_dict(),
        "last_year": compare_counts(current, series[last_year_bucket]).as_dict(),
        "mean": compare_counts(current, sum(series[1 : n + 1]), reference_periods=n).as_dict(),
    }


def counts_and_comparisons(scope: Scope, period: Period, mean_periods: int) -> dict[str, Any]:
    """The lägesbild's counts: total, by category (with subcategories), by sub-area, the
    sub-area × category table, and the trend."""
    windows = Windows.around(period, mean_periods)
    periods = windows.buckets()
    buckets = grouped_counts(scope, windows)
    last_year_bucket = periods.index(windows.last_year)

    def series(pick: Any) -> list[int]:
        return [pick(b) for b in buckets]

    categories = []
    for category in scope.categories:
        row = _comparisons(
            series(lambda b, c=category.pk: b.category.get(c, 0)), windows, last_year_bucket
        )
        subs = [
            {
                "id": sub.pk,
                "code": sub.code,
                "name": sub.name,
                "current": buckets[0].subcategory.get(sub.pk, 0),
                "previous": buckets[1].subcategory.get(sub.pk, 0),
            }
            for sub in scope.subcategories.get(category.pk, [])
        ]
        if not category.is_active and not any(
            series(lambda b, c=category.pk: b.category.get(c, 0))
        ):
            continue  # a retired category with nothing to show
        categories.append(
            {
                "id": category.pk,
                "code": category.code,
                "name": category.name,
                **row,
                "subcategories": subs,
            }
        )

    subareas = []
    units = [(a.pk, a.name) for a in scope.subareas]
    if scope.subareas and any(b.subarea.get(scope.area.pk) for b in buckets):
        # Reports placed on the area itself, not in any of its sub-areas.
        units.append((scope.area.pk, f"{scope.area.name} (utan delområde)"))
    for pk, name in units:
        row = _comparisons(series(lambda b, a=pk: b.subarea.get(a, 0)), windows, last_year_bucket)
        by_category = {
            c.code: buckets[0].subarea_category.get((pk, c.pk), 0) for c in scope.categories
        }
        increases = []
        changes = {}  # each category here against its mean (those with events now or then)
        for c in scope.categories:
            now = buckets[0].subarea_category.get((pk, c.pk), 0)
            before = sum(
                buckets[i].subarea_category.get((pk, c.pk), 0) for i in range(1, mean_periods + 1)
            )
            change = compare_counts(now, before, reference_periods=mean_periods)
            if change.significant and change.direction == "up":
                increases.append(c.name)
            if now or before:
                changes[c.code] = change.as_dict()
        subareas.append(
            {
                "id": pk,
                "name": name,
                **row,
                "by_category": by_category,
                "rising_categories": increases,
                "category_changes": changes,
            }
        )

    trend_index = {p: i for i, p in enumerate(periods)}
    trend = [
        {
            "code": p.code,
            "label": p.label,
            "start": p.start.isoformat(),
            "count": buckets[trend_index[p]].total,
        }
        for p in windows.trend
    ]
    mean_from = period.shifted(-mean_periods)
    return {
        "total": _comparisons(series(lambda b: b.total), windows, last_year_bucket),
        "categories": categories,
        "subareas": subareas,
        "trend": trend,
        "references": {
            "previous": _period_dict(period.previous()),
            "last_year": _period_dict(windows.last_year),
            "mean": {
                "periods": mean_periods,
                "first": _period_dict(mean_from),
                "last": _period_dict(period.previous()),
            },
        },
    }


def _period_dict(period: Period) -> dict[str, str]:
    return {
        "kind": period.kind,
        "code": period.code,
        "label": period.label,
        "start": period.start.isoformat(),
        "last_day": period.last_day.isoformat(),
    }


def period_dict(period: Period) -> dict[str, Any]:
    return {**_period_dict(period), "weeks": period.weeks(), "days": period.days}


def category_names(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    return {row["code"]: row["name"] for row in rows}
