"""Rows of the åtgärdsplan pages and API: everyone with a role in the municipality reads plans,
measures, versions and follow-ups; the coordinators and the beredningsgrupp write (in the test
world no one sits in the beredningsgrupp: alice and root); a follow-up is also recorded by the
measure's working group (no one of the matrix sits in it). Adoption is a write of the planners
that the services refuse unless the decision is of a group with the mandate to decide."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from samverka.core.testing import World
from tests.authz.common import API_READ, API_WRITE, EDIT, PAGE, M, Row, _api, _with

TITLE = "Matrisens åtgärdsplan"


def _plan(w: World) -> int:
    from samverka.process.models import ActionPlan

    return ActionPlan.objects.get(municipality=w.testby, title=TITLE).pk


def _measure(w: World) -> int:
    from samverka.process.models import Measure

    return Measure.objects.filter(plan_id=_plan(w)).values_list("pk", flat=True)[0]


def _activity(w: World) -> int:
    from samverka.process.models import Activity

    return Activity.objects.filter(measure_id=_measure(w)).values_list("pk", flat=True)[0]


def _followup(w: World) -> int:
    from samverka.process.models import FollowUp

    return FollowUp.objects.filter(measure_id=_measure(w)).values_list("pk", flat=True)[0]


PLAN = _with(pk=_plan)
VERSION = _with(pk=_plan, number=lambda w: 1)
EXPORT = _with(pk=_plan, fmt=lambda w: "csv")
MEASURE = _with(pk=_measure)
ACTIVITY = _with(pk=_measure, activity_pk=_activity)
FOLLOWUP = _with(pk=_measure, followup_pk=_followup)
API_PLAN = _api(pk=_plan)
API_MEASURE = _api(pk=_measure)

ROWS: list[Row] = [
    Row("process:plan_list", M, PAGE),
    Row("process:plan_create", M, EDIT),
    Row("process:followups_overdue", M, PAGE),
    Row("process:plan_detail", PLAN, PAGE),
    Row("process:plan_edit", PLAN, EDIT),
    Row("process:plan_adopt", PLAN, EDIT, note="the decision's group must decide"),
    Row("process:plan_versions", PLAN, PAGE),
    Row("process:plan_version_detail", VERSION, PAGE),
    Row("process:plan_compare", PLAN, PAGE, note="the latest version against the live plan"),
    Row("process:plan_pdf", PLAN, PAGE),
    Row("process:plan_xlsx", PLAN, PAGE),
    Row("process:plan_export", EXPORT, PAGE),
    Row("process:measure_create", PLAN, EDIT),
    Row("process:measure_detail", MEASURE, PAGE),
    Row("process:measure_edit", MEASURE, EDIT),
    Row("process:measure_adopt", MEASURE, EDIT, note="the decision's group must decide"),
    Row("process:activity_create", MEASURE, EDIT),
    Row("process:activity_edit", ACTIVITY, EDIT),
    Row("process:followup_create", MEASURE, EDIT, note="also the measure's working group"),
    Row("process:followup_detail", FOLLOWUP, PAGE),
    Row("api-process-plan-list", _api(), {"GET": API_READ, "POST": API_WRITE}),
    Row("api-process-plan-detail", API_PLAN, {"GET": API_READ, "PATCH": API_WRITE}),
    Row("api-process-plan-adopt", API_PLAN, {"POST": API_WRITE}),
    Row("api-process-plan-version", _api(pk=_plan, number=lambda w: 1), {"GET": API_READ}),
    Row("api-process-measure-list", API_PLAN, {"GET": API_READ, "POST": API_WRITE}),
    Row("api-process-followups-overdue", _api(), {"GET": API_READ}),
    Row("api-process-measure-detail", API_MEASURE, {"GET": API_READ, "PATCH": API_WRITE}),
    Row("api-process-measure-adopt", API_MEASURE, {"POST": API_WRITE}),
    Row("api-process-activity-list", API_MEASURE, {"GET": API_READ, "POST": API_WRITE}),
    Row(
        "api-process-activity-detail",
        _api(pk=_measure, activity_pk=_activity),
        {"GET": API_READ, "PATCH": API_WRITE},
    ),
    Row(
        "api-process-followup-list",
        API_MEASURE,
        {"GET": API_READ, "POST": API_WRITE},
        note="also the measure's working group",
    ),
    Row(
        "api-process-followup-detail",
        _api(pk=_measure, followup_pk=_followup),
        {"GET": API_READ, "PATCH": API_WRITE},
    ),
]


def _make(w: World, municipality: Any, steering: Any, title: str) -> Any:
    """An adopted plan with one measure, one activity and one follow-up."""
    from samverka.meetings.models import Decision, Meeting, MeetingStatus
    from samverka.process.models import MeasureKind, MeasureTerm
    from samverka.process.services import plans as services

    today = timezone.localdate()
    plan = services.plan_create(
        municipality=municipality,
        user=None,
        title=title,
        period_start=date(today.year, 1, 1),
        period_end=date(today.year, 12, 31),
    )
    measure = services.measure_create(
        plan=plan,
        user=None,
        data=services.MeasureInput(
            title="Belysning", kind=MeasureKind.SITUATIONAL, term=MeasureTerm.SHORT, start=today
        ),
    )
    services.activity_create(
        measure=measure, user=None, data=services.ActivityInput(title="Lampor")
    )
    held = today - timedelta(days=2)
    starts = timezone.make_aware(datetime(held.year, held.month, held.day, 9))
    meeting = Meeting.objects.create(
        municipality=municipality,
        group=steering,
        status=MeetingStatus.HELD,
        title="Matrisens beslutsmöte",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    decision = Decision.objects.create(
        meeting=meeting, number=1, title="Åtgärdsplanen antas", text="Bifall."
    )
    services.plan_adopt(plan=plan, decision=decision, user=None)
    measure.refresh_from_db()
    services.followup_record(measure=measure, user=None, made_on=today, as_planned="yes")
    return plan


def prepare(world: World) -> None:
    _make(world, world.testby, world.steering, TITLE)


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's plan, measure and follow-up under Testby's URLs: 404 even for its
    coordinator's colleague in Testby."""
    plan = _make(w, w.annanstad, w.other_group, "Annanstads åtgärdsplan")
    measure = plan.measures.get()
    activity = measure.activities.get()
    followup = measure.followups.get()
    here = {"municipality": "testby", "pk": plan.pk}
    there = {"municipality": "testby", "pk": measure.pk}
    return {
        "process:plan_detail": here,
        "process:plan_edit": here,
        "process:plan_adopt": here,
        "process:plan_versions": here,
        "process:plan_version_detail": {**here, "number": 1},
        "process:plan_compare": here,
        "process:plan_pdf": here,
        "process:plan_xlsx": here,
        "process:plan_export": {**here, "fmt": "csv"},
        "process:measure_create": here,
        "process:measure_detail": there,
        "process:measure_edit": there,
        "process:measure_adopt": there,
        "process:activity_create": there,
        "process:activity_edit": {**there, "activity_pk": activity.pk},
        "process:followup_create": there,
        "process:followup_detail": {**there, "followup_pk": followup.pk},
    }
