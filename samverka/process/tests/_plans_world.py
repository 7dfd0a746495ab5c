"""Shared set-up of the åtgärdsplan tests: a problem with causes, a goal, a working group
appointed by the beredningsgrupp, a plan with measures, and decisions of every kind."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from samverka.core.testing import World, make_group
from samverka.meetings.models import Decision, DecisionOutcome, Meeting, MeetingStatus
from samverka.organisation.models import Group, GroupKind, Mandate
from samverka.process.models import (
    ActionPlan,
    Cause,
    CauseAnalysis,
    Goal,
    Measure,
    MeasureKind,
    MeasureTerm,
    Problem,
)
from samverka.process.services import plans as services


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def meeting(group: Group, day: date, status: str = MeetingStatus.PLANNED) -> Meeting:
    return Meeting.objects.create(
        municipality=group.municipality,
        group=group,
        status=status,
        title=f"{group.name} {day.isoformat()}",
        starts_at=at(day),
        ends_at=at(day, 11),
    )


def decision(
    group: Group,
    *,
    outcome: str = DecisionOutcome.APPROVED,
    day: date | None = None,
    title: str = "Åtgärdsplan 2026 antas",
) -> Decision:
    """A decision row of a meeting of ``group`` (made directly: the meetings service would refuse
    a preparing group, which is what the process services must refuse too)."""
    held = meeting(group, day or timezone.localdate() - timedelta(days=3), MeetingStatus.HELD)
    number = Decision.objects.filter(meeting=held).count() + 1
    return Decision.objects.create(
        meeting=held, number=number, title=title, text="Beslut.", outcome=outcome
    )


def working_group(w: World, name: str = "Arbetsgrupp Torget", **extra: Any) -> Group:
    values: dict[str, Any] = {
        "kind": GroupKind.WORKING,
        "mandate": Mandate.CARRIES_OUT,
        "appointed_by": w.preparation,
        "end_date": date(2027, 6, 30),
    }
    values.update(extra)
    return make_group(w.testby, name, **values)


def problem_with_causes(w: World, title: str = "Otrygghet på Hammarkullstorget") -> Problem:
    problem = Problem.objects.create(municipality=w.testby, title=title)
    problem.areas.add(w.area)
    analysis = CauseAnalysis.objects.create(problem=problem, place="Torget")
    Cause.objects.create(analysis=analysis, side="place", title="Mörka passager")
    Cause.objects.create(analysis=analysis, side="offender", title="Ungdomar utan fritid")
    return problem


def causes_of(problem: Problem) -> list[Cause]:
    return list(Cause.objects.filter(analysis__problem=problem).order_by("pk"))


def plan(w: World, title: str = "Åtgärdsplan 2026") -> ActionPlan:
    return services.plan_create(
        municipality=w.testby,
        user=w.alice,
        title=title,
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
        prepared_by=w.preparation,
    )


def measure(
    w: World,
    action_plan: ActionPlan,
    title: str = "Belysning på torget",
    *,
    causes: list[Cause] | None = None,
    goals: list[Goal] | None = None,
    **extra: Any,
) -> Measure:
    data = services.MeasureInput(
        title=title,
        kind=extra.pop("kind", MeasureKind.SITUATIONAL),
        term=extra.pop("term", MeasureTerm.SHORT),
        causes=causes,
        goals=goals,
        **extra,
    )
    return services.measure_create(plan=action_plan, user=w.alice, data=data)


def adopted_plan(w: World) -> tuple[ActionPlan, Measure, Decision]:
    """A plan with one measure aimed at the problem's causes, adopted by Styrgruppen."""
    problem = problem_with_causes(w)
    action_plan = plan(w)
    group = working_group(w)
    m = measure(
        w,
        action_plan,
        causes=causes_of(problem),
        responsible_organisation=w.administration,
        working_group=group,
        start=timezone.localdate() - timedelta(weeks=2),
        followup_every_weeks=4,
        budget=None,
    )
    d = decision(w.steering)
    services.plan_adopt(plan=action_plan, decision=d, user=w.alice)
    m.refresh_from_db()
    return action_plan, m, d
