"""Factories for the evaluation and lessons tests: a plan with a measure aimed at a problem's
cause, written straight to the database (the plan's own services are tested elsewhere)."""

from __future__ import annotations

from datetime import date

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.process.models import (
    ActionPlan,
    Cause,
    CauseAnalysis,
    Measure,
    MeasureKind,
    MeasureTerm,
    Problem,
    TriangleSide,
)


def make_problem(municipality: Municipality, title: str = "Otrygghet i centrum") -> Problem:
    return Problem.objects.create(municipality=municipality, title=title)


def make_measure(
    municipality: Municipality,
    title: str = "Bättre belysning",
    *,
    kind: str = MeasureKind.SITUATIONAL,
    problem: Problem | None = None,
    plan_title: str = "Åtgärdsplan 2026",
    **extra: object,
) -> Measure:
    plan, _created = ActionPlan.objects.get_or_create(
        municipality=municipality,
        title=plan_title,
        defaults={"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)},
    )
    measure = Measure.objects.create(
        municipality=municipality,
        plan=plan,
        title=title,
        kind=kind,
        term=MeasureTerm.SHORT,
        **extra,
    )
    if problem is not None:
        analysis, _created = CauseAnalysis.objects.get_or_create(problem=problem)
        cause = Cause.objects.create(
            analysis=analysis, side=TriangleSide.PLACE, title=f"Orsak för {title}"
        )
        measure.causes.add(cause)
    return measure


def make_child(parent: Area, name: str, **extra: object) -> Area:
    extra.setdefault("kind", parent.kind)
    return Area.objects.create(municipality=parent.municipality, parent=parent, name=name, **extra)
