"""The precomputed counts (PostgreSQL triggers) always equal counting the reports themselves:
after inserts, bulk inserts, edits, status changes and deletes."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from samverka.core.testing import World, make_area
from samverka.incidents.models import Incident, ReviewStatus
from samverka.situation import aggregates
from samverka.situation.figures.base import Scope
from samverka.situation.figures.counts import Windows, _from_counts, _from_reports
from samverka.situation.figures.places import map_grid
from samverka.situation.models import MonthlyCount, WeeklyCount
from samverka.situation.periods import Period, parse_period
from samverka.situation.testing import at, make_category, make_incident

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"
)
PERIOD = parse_period("2026-W45/2026-W46")


def _both(scope: Scope, period: Period = PERIOD) -> tuple[set, set]:
    periods = Windows.around(period, 6).buckets()
    raw = {(b, c, s or 0, a, n) for b, c, s, a, n in _from_reports(scope, periods) if b >= 0}
    pre = {(b, c, s or 0, a, n) for b, c, s, a, n in _from_counts(scope, periods) if n}
    return raw, pre


def test_the_precomputed_counts_follow_every_write(world: World) -> None:
    assert aggregates.available()
    vandalism = make_category(world.testby, "skadegorelse", "Skadegörelse")
    graffiti = make_category(world.testby, "klotter", "Klotter", parent=vandalism)
    other = make_category(world.testby, "ovrigt", "Övrigt")
    block = make_area(world.testby, "Kvarteret", parent=world.area)
    # 23:30 on a Sunday in Swedish time is still that Sunday (UTC would say the same day,
    # 00:30 on Monday would not be).
    late = timezone.make_aware(datetime.combine(PERIOD.start - timedelta(days=1), time(23, 30)))
    first = make_incident(world.area, vandalism, late, latitude=57.7, longitude=12.0)
    make_incident(world.area, vandalism, PERIOD.start, events=4, subcategory=graffiti)
    Incident.objects.bulk_create(
        Incident(
            municipality=world.testby,
            area=block,
            category=other,
            occurred_at=at(PERIOD.start - timedelta(days=d)),
            event_count=1 + d % 3,
            latitude=57.70 + d / 1000,
            longitude=12.0,
        )
        for d in range(0, 200, 3)
    )
    scope = Scope.of(world.root_area)
    raw, pre = _both(scope)  # two weeks: the weekly counts
    assert raw == pre and raw
    raw, pre = _both(scope, parse_period("2026-11"))  # a month: the monthly counts
    assert raw == pre and raw

    first.area = block
    first.save()
    Incident.objects.filter(category=other, event_count=2).update(status=ReviewStatus.DUPLICATE)
    Incident.objects.filter(category=other, event_count=3).delete()
    Incident.objects.filter(subcategory=graffiti).update(occurred_at=at(PERIOD.start, 3))
    raw, pre = _both(scope)
    assert raw == pre
    raw, pre = _both(scope, parse_period("2026-T3"))
    assert raw == pre

    # Sunday 23:30 local time belongs to that Sunday's week and month, not the next ones.
    sunday = late.date()
    assert WeeklyCount.objects.filter(
        week=sunday - timedelta(days=6), area_id=block.pk, municipality_id=world.testby.pk
    ).exists()
    assert MonthlyCount.objects.filter(month=sunday.replace(day=1), area_id=block.pk).exists()
    grid = map_grid(world.testby)
    start = at(PERIOD.start - timedelta(days=100))
    partial = map_grid(world.testby, start=start, end=at(PERIOD.end))
    expected = Incident.objects.filter(
        municipality=world.testby,
        latitude__isnull=False,
        occurred_at__gte=start,
        occurred_at__lt=at(PERIOD.end),
    ).exclude(status=ReviewStatus.DUPLICATE)
    assert partial["events"] == sum(i.event_count for i in expected)
    assert grid["events"] == sum(
        i.event_count
        for i in Incident.objects.filter(municipality=world.testby, latitude__isnull=False).exclude(
            status=ReviewStatus.DUPLICATE
        )
    )

    aggregates.rebuild()
    assert _both(scope)[0] == _both(scope)[1]
