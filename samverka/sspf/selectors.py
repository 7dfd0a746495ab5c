"""Reads across SSPF models: the counts that leave SSPF (never a name, never a case).

``case_counts`` is what the lägesbild, the reports and the overview page may show: the number of
cases and persons by area, sector, quarter and subject, live cases plus what erased cases left
in ``CaseCount``, so that erasure changes no figure. Numbers under five are shown as "färre än 5"
(``suppressed``) so that nobody can be recognised from a small count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.sspf.models import Case, CaseCount, Subject
from samverka.sspf.services import quarter_start

SMALL = 5


@dataclass(frozen=True)
class CountRow:
    area_id: int | None
    area_name: str
    sector: str
    quarter: date  # first day of the quarter
    subject: str
    cases: int
    persons: int

    @property
    def quarter_label(self) -> str:
        return f"{self.quarter.year} K{(self.quarter.month - 1) // 3 + 1}"


def suppressed(value: int) -> str:
    """A count as shown outside the SSPF group: below five, "färre än 5" (zero stays 0)."""
    if 0 < value < SMALL:
        return _("färre än %(n)s") % {"n": SMALL}
    return str(value)


def case_counts(
    municipality: Municipality,
    area: Area | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[CountRow]:
    """Counts of SSPF cases and persons in the municipality (in ``area`` and the areas below it,
    raised between ``start`` and ``end`` by quarter), live and erased together. Two queries."""
    area_ids: set[int] | None = None
    names = dict(Area.objects.filter(municipality=municipality).values_list("pk", "name"))
    if area is not None:
        area_ids = _subtree(municipality, area.pk)
    cells: dict[tuple[int | None, str, date, str], list[int]] = defaultdict(lambda: [0, 0])

    live = Case.objects.filter(municipality=municipality)
    kept = CaseCount.objects.filter(municipality=municipality)
    if area_ids is not None:
        live = live.filter(area_id__in=area_ids)
        kept = kept.filter(area_id__in=area_ids)
    if start is not None:
        live = live.filter(raised_on__gte=start)
        kept = kept.filter(quarter_start__gte=quarter_start(start))
    if end is not None:
        live = live.filter(raised_on__lte=end)
        kept = kept.filter(quarter_start__lte=end)
    for row in live.values(
        "pk", "area_id", "sector", "subject", "raised_on", "persons_erased"
    ).annotate(n=Count("persons", filter=Q(persons__isnull=False))):
        key = (row["area_id"], row["sector"], quarter_start(row["raised_on"]), row["subject"])
        cells[key][0] += 1
        cells[key][1] += row["n"] + row["persons_erased"]
    for kept_row in kept.values("area_id", "sector", "quarter_start", "subject").annotate(
        c=Sum("cases"), p=Sum("persons")
    ):
        key = (
            kept_row["area_id"],
            kept_row["sector"],
            kept_row["quarter_start"],
            kept_row["subject"],
        )
        cells[key][0] += kept_row["c"] or 0
        cells[key][1] += kept_row["p"] or 0
    rows = [
        CountRow(
            area_id=key[0],
            area_name=names.get(key[0], "") if key[0] else "",
            sector=key[1],
            quarter=key[2],
            subject=key[3],
            cases=value[0],
            persons=value[1],
        )
        for key, value in cells.items()
    ]
    return sorted(rows, key=lambda r: (r.quarter, r.area_name, r.sector, r.subject))


def _subtree(municipality: Municipality, root_id: int) -> set[int]:
    parents = dict(Area.objects.filter(municipality=municipality).values_list("pk", "parent_id"))
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in parents.items():
        children[parent].append(pk)
    found, todo = set(), [root_id]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


@dataclass(frozen=True)
class Totals:
    label: str
    cases: int
    persons: int


def totals_by(
    rows: list[CountRow], attribute: str, labels: dict[str, str] | None = None
) -> list[Totals]:
    """The rows summed by one attribute (area name, sector, quarter label) for the overview."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        key = str(getattr(row, attribute))
        sums[key][0] += row.cases
        sums[key][1] += row.persons
    return [
        Totals(label=(labels or {}).get(key, key) or _("utan område"), cases=c, persons=p)
        for key, (c, p) in sorted(sums.items())
    ]


@dataclass(frozen=True)
class KindCounts:
    """Cases of one concern kind (``Subject``) in a period: raised, still open at its end,
    closed."""

    label: str
    opened: int
    active: int
    closed: int


@dataclass(frozen=True)
class PeriodCounts:
    """SSPF's work in an area and a period, as the lägesbild and the annual report show it."""

    by_kind: list[KindCounts]
    total: KindCounts

    @property
    def is_empty(self) -> bool:
        return not (self.total.opened or self.total.active or self.total.closed)


def period_counts(
    municipality: Municipality, area: Area | None, start: date, end: date
) -> PeriodCounts:
    """Cases opened (raised) and closed from ``start`` up to, not including, ``end``, and
    active (raised and not closed) at the period's end, by concern kind, in ``area`` and the
    areas below it (None: the whole municipality).

    Opened comes from ``case_counts``, so erased cases still count; their ``CaseCount`` keeps only
    the quarter, so in a week's or a month's lägesbild an erased case counts in every period of
    its quarter. Active and closed are live cases only: a case is erased its retention after it
    was closed, long after any period that still matters. Raw numbers: the section shows them
    through ``suppressed``."""
    last_day = end - timedelta(days=1)
    opened: dict[str, int] = defaultdict(int)
    for row in case_counts(municipality, area, start, last_day):
        # A CaseCount row's quarter may start before the period; case_counts keeps it.
        opened[row.subject] += row.cases
    live = Case.objects.filter(municipality=municipality, raised_on__lt=end)
    if area is not None:
        live = live.filter(area_id__in=_subtree(municipality, area.pk))
    active = dict(
        live.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=end))
        .values_list("subject")
        .annotate(n=Count("pk"))
    )
    closed = dict(
        live.filter(closed_on__gte=start, closed_on__lt=end)
        .values_list("subject")
        .annotate(n=Count("pk"))
    )
    rows = [
        KindCounts(
            label=str(label),
            opened=opened.get(value, 0),
            active=active.get(value, 0),
            closed=closed.get(value, 0),
        )
        for value, label in Subject.choices
    ]
    total = KindCounts(
        label=_("Alla ärenden"),
        opened=sum(r.opened for r in rows),
        active=sum(r.active for r in rows),
        closed=sum(r.closed for r in rows),
    )
    return PeriodCounts(by_kind=rows, total=total)
