"""Small factories for the tests of the overview, the law view, dialogues and medborgarlöften."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.meetings.models import Decision, Meeting
from samverka.organisation.models import DocumentKind, GoverningDocument, Group
from samverka.process.models import (
    ActionPlan,
    CitizenPromise,
    Measure,
    MeasureKind,
    MeasureStatus,
    MeasureTerm,
    PlanVersion,
    Problem,
)


def make_decision(group: Group, *, on: date | None = None, title: str = "Beslut") -> Decision:
    when = on or timezone.localdate()
    starts = timezone.make_aware(datetime(when.year, when.month, when.day, 10, 0))
    meeting = Meeting.objects.create(
        municipality=group.municipality,
        group=group,
        title=f"Möte {when}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    number = Decision.objects.filter(meeting=meeting).count() + 1
    return Decision.objects.create(meeting=meeting, number=number, title=title, text=title)


def make_plan(
    municipality: Municipality,
    *,
    title: str = "Åtgärdsplan",
    start: date | None = None,
    end: date | None = None,
) -> ActionPlan:
    today = timezone.localdate()
    return ActionPlan.objects.create(
        municipality=municipality,
        title=title,
        period_start=start or today - timedelta(days=100),
        period_end=end or today + timedelta(days=265),
    )


def adopt_plan(plan: ActionPlan, decision: Decision, number: int = 1) -> PlanVersion:
    return PlanVersion.objects.create(plan=plan, number=number, decision=decision, snapshot={})


def make_measure(plan: ActionPlan, *, title: str = "Åtgärd", **fields: Any) -> Measure:
    fields.setdefault("kind", MeasureKind.SITUATIONAL)
    fields.setdefault("term", MeasureTerm.SHORT)
    fields.setdefault("status", MeasureStatus.IN_PROGRESS)
    return Measure.objects.create(municipality=plan.municipality, plan=plan, title=title, **fields)


def make_problem(municipality: Municipality, *, title: str = "Problem", **fields: Any) -> Problem:
    return Problem.objects.create(municipality=municipality, title=title, **fields)


def make_promise(
    municipality: Municipality, *, title: str = "Medborgarlöfte 2026", **fields: Any
) -> CitizenPromise:
    document = GoverningDocument.objects.create(
        municipality=municipality, title=title, kind=DocumentKind.CITIZEN_PROMISE
    )
    fields.setdefault("period_start", date(2026, 1, 1))
    fields.setdefault("period_end", date(2026, 12, 31))
    return CitizenPromise.objects.create(
        municipality=municipality, document=document, title=title, **fields
    )
