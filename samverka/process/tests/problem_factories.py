"""Small factories for the problem tests: a decision of a group, an adopted lägesbild with a rise
in one category in one sub-area, a problem."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from samverka.core.testing import World
from samverka.incidents.models import Category
from samverka.meetings.models import Decision, DecisionOutcome, Meeting
from samverka.organisation.models import Group
from samverka.process.models import Problem
from samverka.process.services import problems as services
from samverka.situation import services as situation_services
from samverka.situation.models import SituationReport
from samverka.situation.periods import period_of_kind
from samverka.situation.testing import make_category, make_incident

PERIOD_DAY = date(2026, 10, 1)  # October 2026, a complete month in the tests' world


def make_decision(
    group: Group, *, outcome: str = DecisionOutcome.APPROVED, title: str = "Prioritering"
) -> Decision:
    starts = timezone.make_aware(datetime(2026, 11, 10, 10, 0))
    meeting = Meeting.objects.create(
        municipality=group.municipality,
        group=group,
        title="Möte",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    return Decision.objects.create(
        meeting=meeting, number=1, title=title, text=title, outcome=outcome
    )


def make_problem(w: World, title: str = "Otrygghet vid torget", **extra: Any) -> Problem:
    return services.problem_create(
        municipality=w.testby, user=w.alice, title=title, areas=[w.area], **extra
    )


def make_rise(w: World) -> Category:
    """12 assaults in Norra Testby in October 2026, one a month in the six months before."""
    assault = make_category(w.testby, "misshandel", "Misshandel")
    for _ in range(12):
        make_incident(w.area, assault, date(2026, 10, 10))
    for month in range(4, 10):
        make_incident(w.area, assault, date(2026, month, 15))
    return assault


def make_adopted_report(w: World) -> SituationReport:
    """An adopted lägesbild of all Testby for October 2026 (after ``make_rise``)."""
    report = situation_services.report_create(
        municipality=w.testby,
        area=w.root_area,
        period=period_of_kind("month", PERIOD_DAY),
        user=w.alice,
    )
    report.assessment = "Misshandeln har ökat i Norra Testby."
    report.save()
    return situation_services.report_adopt(report=report, user=w.alice)
