"""`samverka rebuild_situation_counts`: after counts went wrong (a restore of the reports
alone), the command makes them equal to counting the reports again."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from samverka.core.testing import World
from samverka.situation.figures.base import Scope
from samverka.situation.models import CellCount, MonthlyCount, WeeklyCount
from samverka.situation.testing import at, make_category, make_incident
from samverka.situation.tests.test_aggregates import PERIOD, _both


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the counts exist on PostgreSQL")
def test_the_command_recounts_from_the_reports(world: World) -> None:
    vandalism = make_category(world.testby, "skadegorelse", "Skadegörelse")
    for hour in range(0, 24, 3):
        make_incident(world.area, vandalism, at(PERIOD.start, hour), latitude=57.7, longitude=12.0)
    scope = Scope.of(world.root_area)
    raw, counted = _both(scope)
    assert raw == counted and raw
    WeeklyCount.objects.all().delete()  # as after restoring the reports alone
    MonthlyCount.objects.update(events=0)
    CellCount.objects.all().delete()
    assert _both(scope)[1] != raw

    out = io.StringIO()
    call_command("rebuild_situation_counts", stdout=out)

    assert _both(scope) == (raw, raw)
    assert CellCount.objects.exists()
    assert "omräknade" in out.getvalue()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no counts to rebuild")
def test_without_counts_the_command_says_so(world: World) -> None:
    out = io.StringIO()
    call_command("rebuild_situation_counts", stdout=out)
    assert "inget gjort" in out.getvalue()
