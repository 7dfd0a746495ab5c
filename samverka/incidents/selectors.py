"""Reads across incident models: an area's subtree, incidents of a period, reporting coverage.

The lägesbild (``samverka.situation``) builds on these; they never write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.lib.dates import WeekError, week_bounds, week_code
from samverka.organisation.models import Organisation

from .models import Category, Incident, NothingToReport, RosterEntry

REPORTED = "reported"
NOTHING_TO_REPORT = "nothing_to_report"
MISSING = "missing"
STATE_LABELS = {
    REPORTED: gettext_lazy("Rapporterat"),
    NOTHING_TO_REPORT: gettext_lazy("Inget att rapportera"),
    MISSING: gettext_lazy("Saknas"),
}

# The incident list counts its rows up to this many. Counting and summing every report of a
# municipality with a million of them reads a million rows (over a second on PostgreSQL); past
# the limit the list says "more than" and the lägesbild, which reads its counts, gives figures.
LIST_COUNT_LIMIT = 10_000


@dataclass(frozen=True)
class ListTotals:
    reports: int  # exact, or LIST_COUNT_LIMIT when there are more
    events: int | None  # the reports' events; None when there are more than the limit
    more: bool  # more than LIST_COUNT_LIMIT reports


def list_totals(incidents: QuerySet[Incident]) -> ListTotals:
    """The reports and events of a (filtered) incident list, counted up to LIST_COUNT_LIMIT.

    The first query counts the newest LIST_COUNT_LIMIT + 1 rows by their time only, which the
    (municipality, time) index answers without reading the table; only a list within the limit
    is summed."""
    seen = incidents.order_by("-occurred_at").values("occurred_at")[: LIST_COUNT_LIMIT + 1].count()
    if seen > LIST_COUNT_LIMIT:
        return ListTotals(reports=LIST_COUNT_LIMIT, events=None, more=True)
    events = incidents.aggregate(events=Sum("event_count"))["events"] or 0
    return ListTotals(reports=seen, events=events, more=False)


def area_and_descendant_ids(area: Area) -> list[int]:
    """The area's id and the ids of every area below it (two queries at most, cycle-safe)."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in Area.objects.filter(municipality_id=area.municipality_id).values_list(
        "pk", "parent_id"
    ):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
    found = [area.pk]
    seen = {area.pk}
    index = 0
    while index < len(found):
        for child in children.get(found[index], ()):
            if child not in seen:
                seen.add(child)
                found.append(child)
        index += 1
    return found


def incidents_in(area: Area, start: datetime, end: datetime) -> QuerySet[Incident]:
    """Counted (non-duplicate) incidents of the area's subtree that started in [start, end)."""
    return (
        Incident.objects.in_municipality(area.municipality)
        .in_areas(area_and_descendant_ids(area))
        .between(start, end)
        .counted()
    )


def parse_week(code: str) -> tuple[date, str]:
    """The Monday and the normalised code ("2026-W45") of an ISO week between the years 2000
    and 2100; ``WeekError`` (with a message for the user) otherwise."""
    try:
        monday, _sunday = week_bounds(str(code)[:20])
    except OverflowError:
        monday = date.min
    if not 2000 <= monday.year <= 2100:
        raise WeekError(
            f"Ange en vecka mellan år 2000 och 2100, t.ex. 2026-W45 (inte ”{str(code)[:20]}”)."
        )
    return monday, week_code(monday)


def week_range(code: str) -> tuple[datetime, datetime]:
    """[Monday 00:00, next Monday 00:00) of an ISO week in the current (Swedish) time zone."""
    monday, _code = parse_week(code)
    return local_midnight(monday), local_midnight(monday + timedelta(days=7))


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class CoverageRow:
    """One roster organisation and, per ISO week, "reported", "nothing_to_report" or "missing"."""

    organisation: Organisation
    by_week: dict[str, str] = field(default_factory=dict)

    @property
    def missing_weeks(self) -> list[str]:
        return [week for week, state in self.by_week.items() if state == MISSING]


def coverage(area: Area, weeks: list[str]) -> list[CoverageRow]:
    """Who reported and who did not, per roster organisation of the area subtree and per week.

    "reported": at least one incident by that organisation for an area of the subtree that
    started in the week (duplicates count: the organisation did report). "nothing_to_report":
    an explicit quiet-week report. Otherwise "missing" — a quiet week is not a safe week.
    Three queries whatever the number of organisations and weeks.
    """
    area_ids = area_and_descendant_ids(area)
    organisations = list(
        Organisation.objects.filter(
            roster_entries__area_id__in=area_ids, roster_entries__is_active=True
        )
        .distinct()
        .order_by("name")
    )
    if not organisations or not weeks:
        return [CoverageRow(organisation=org, by_week={}) for org in organisations]
    ranges = {week: week_range(week) for week in weeks}
    reported = _reported_weeks(area.municipality, area_ids, organisations, ranges)
    quiet = set(
        NothingToReport.objects.filter(
            area_id__in=area_ids,
            organisation__in=organisations,
            week__in=list(weeks),
        ).values_list("organisation_id", "week")
    )
    rows = []
    for org in organisations:
        by_week = {}
        for week in weeks:
            if (org.pk, week) in reported:
                by_week[week] = REPORTED
            elif (org.pk, week) in quiet:
                by_week[week] = NOTHING_TO_REPORT
            else:
                by_week[week] = MISSING
        rows.append(CoverageRow(organisation=org, by_week=by_week))
    return rows


def _reported_weeks(
    municipality: Municipality,
    area_ids: list[int],
    organisations: list[Organisation],
    ranges: dict[str, tuple[datetime, datetime]],
) -> set[tuple[int, str]]:
    """(organisation id, week) pairs with at least one incident: one grouped query."""
    aggregates = {
        f"w{i}": Count("pk", filter=Q(occurred_at__gte=start, occurred_at__lt=end))
        for i, (start, end) in enumerate(ranges.values())
    }
    earliest = min(start for start, _end in ranges.values())
    latest = max(end for _start, end in ranges.values())
    counts = (
        Incident.objects.filter(
            municipality=municipality,
            area_id__in=area_ids,
            organisation__in=organisations,
            occurred_at__gte=earliest,
            occurred_at__lt=latest,
        )
        .order_by()
        .values("organisation_id")
        .annotate(**aggregates)
    )
    week_codes = list(ranges)
    found: set[tuple[int, str]] = set()
    for row in counts:
        values: dict[str, Any] = dict(row)
        for i, week in enumerate(week_codes):
            if values[f"w{i}"]:
                found.add((values["organisation_id"], week))
    return found


@dataclass
class EntryCoverage:
    """One roster line (area + organisation) and its state for one week."""

    entry: RosterEntry
    state: str
    incident_count: int = 0


def week_coverage(municipality: Municipality, week: str) -> list[EntryCoverage]:
    """Per active roster line of the municipality: did that organisation report for that area
    in the week? The reporting-round page and the reminders use this."""
    start, end = week_range(week)
    entries = list(
        RosterEntry.objects.filter(municipality=municipality, is_active=True)
        .select_related("area", "organisation")
        .order_by("area__name", "organisation__name")
    )
    counts = {
        (row["area_id"], row["organisation_id"]): row["n"]
        for row in Incident.objects.filter(
            municipality=municipality,
            organisation__isnull=False,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
        .order_by()
        .values("area_id", "organisation_id")
        .annotate(n=Count("pk"))
    }
    quiet = set(
        NothingToReport.objects.filter(municipality=municipality, week=week).values_list(
            "area_id", "organisation_id"
        )
    )
    result = []
    for entry in entries:
        key = (entry.area_id, entry.organisation_id)
        if counts.get(key):
            state = REPORTED
        elif key in quiet:
            state = NOTHING_TO_REPORT
        else:
            state = MISSING
        result.append(EntryCoverage(entry=entry, state=state, incident_count=counts.get(key, 0)))
    return result


def missing_lines(
    municipality: Municipality, weeks: list[str], organisation_ids: set[int]
) -> list[tuple[str, RosterEntry]]:
    """(week, roster line) for the active roster lines of ``organisation_ids`` with neither a
    report nor "nothing to report" in the week; the weeks in the order given.

    The same rule as ``week_coverage``, asked as one query of EXISTS per line and week: the
    start page needs only whether a line was answered, and counting a week's reports of a
    large municipality (18 000 in Stockholm's) four times costs more than the page.
    """
    if not organisation_ids or not weeks:
        return []
    annotations = {}
    for i, week in enumerate(weeks):
        start, end = week_range(week)
        reported = Incident.objects.filter(
            municipality=municipality,
            area_id=OuterRef("area_id"),
            organisation_id=OuterRef("organisation_id"),
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
        quiet = NothingToReport.objects.filter(
            municipality=municipality,
            area_id=OuterRef("area_id"),
            organisation_id=OuterRef("organisation_id"),
            week=week,
        )
        annotations[f"answered_{i}"] = Exists(reported) | Exists(quiet)
    entries = (
        RosterEntry.objects.filter(
            municipality=municipality, is_active=True, organisation_id__in=organisation_ids
        )
        .select_related("area", "organisation")
        .annotate(**annotations)
        .order_by("area__name", "organisation__name")
    )
    rows = list(entries)
    return [
        (week, entry)
        for i, week in enumerate(weeks)
        for entry in rows
        if not getattr(entry, f"answered_{i}")
    ]


def categories_of(municipality: Municipality, *, active_only: bool = False) -> QuerySet[Category]:
    queryset = Category.objects.filter(municipality=municipality).select_related("parent")
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("order", "name")


def category_tree(
    municipality: Municipality, *, active_only: bool = False
) -> list[tuple[Category, list[Category]]]:
    """Top-level categories in order, each with its subcategories."""
    categories = list(categories_of(municipality, active_only=active_only))
    children: dict[int, list[Category]] = {}
    for category in categories:
        if category.parent_id is not None:
            children.setdefault(category.parent_id, []).append(category)
    return [(c, children.get(c.pk, [])) for c in categories if c.parent_id is None]
