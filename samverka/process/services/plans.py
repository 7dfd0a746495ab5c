"""Every write of the åtgärdsplan: plans, measures, activities, adoption by decision, versions and
follow-ups. Each checks its rules, writes and audits in one transaction.

Adopting is never a status a form or the API may set: a plan or a measure becomes adopted only
through ``plan_adopt`` or ``measure_adopt``, which take a recorded decision of a group with the
mandate to decide, of the same municipality, with the outcome bifall or bifall med ändring.
Adopting a plan freezes its full content as a new ``PlanVersion``; the live plan may then change
without changing what was decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.validators import has_control_characters, one_line
from samverka.meetings.models import Decision, DecisionOutcome
from samverka.meetings.services.decisions import deciding_group_for
from samverka.organisation.models import GoverningDocument, Group, GroupKind, Organisation
from samverka.process.models import (
    ActionPlan,
    Activity,
    ActivityStatus,
    AsPlanned,
    Cause,
    FollowUp,
    Goal,
    Lesson,
    Measure,
    MeasureKind,
    MeasureStatus,
    MeasureTerm,
    PlanVersion,
)

ADOPTING_OUTCOMES = (DecisionOutcome.APPROVED, DecisionOutcome.AMENDED)
# Measures that are followed up (and whose overdue follow-up goes on the agenda).
FOLLOWED_UP = (MeasureStatus.ADOPTED, MeasureStatus.IN_PROGRESS)
MAX_WEIGHT = 100
MAX_INTERVAL_WEEKS = 104
MAX_BUDGET = Decimal("999999999999")


def _user(user: AnyUser | None) -> Any:
    return user if user is not None and user.is_authenticated else None


def _title(errors: dict[str, str], field: str, value: str, max_length: int = 200) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = _("Ange en rubrik.")
    elif len(value) > max_length:
        errors[field] = _("Högst %(n)s tecken.") % {"n": max_length}
    elif has_control_characters(value):
        errors[field] = _("Får inte innehålla radbrytningar eller andra styrtecken.")
    return value


def _weight(errors: dict[str, str], field: str, value: int) -> None:
    if not 1 <= value <= MAX_WEIGHT:
        errors[field] = _("Vikten ska vara ett heltal mellan 1 och %(max)s.") % {"max": MAX_WEIGHT}


# ---- plans ------------------------------------------------------------------------------------


def _check_plan(
    *,
    municipality: Municipality,
    title: str,
    period_start: date,
    period_end: date,
    area: Area | None,
    prepared_by: Group | None,
    document: GoverningDocument | None,
    plan: ActionPlan | None,
) -> str:
    errors: dict[str, str] = {}
    title = _title(errors, "title", title)
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = _("Planen kan inte gälla till ett datum före startdatumet.")
    if area is not None and area.municipality_id != municipality.pk:
        errors["area"] = _("Området hör till en annan kommun.")
    if prepared_by is not None and prepared_by.municipality_id != municipality.pk:
        errors["prepared_by"] = _("Gruppen hör till en annan kommun.")
    if document is not None and document.municipality_id != municipality.pk:
        errors["document"] = _("Dokumentet hör till en annan kommun.")
    if "title" not in errors:
        clash = ActionPlan.objects.filter(municipality=municipality, title__iexact=title)
        if plan is not None:
            clash = clash.exclude(pk=plan.pk)
        if clash.exists():
            errors["title"] = _("Kommunen har redan en åtgärdsplan med den rubriken.")
    if errors:
        raise ValidationError(errors)
    return title


@transaction.atomic
def plan_create(
    *,
    municipality: Municipality,
    user: AnyUser | None,
    title: str,
    period_start: date,
    period_end: date,
    area: Area | None = None,
    prepared_by: Group | None = None,
    summary: str = "",
    document: GoverningDocument | None = None,
    is_example: bool = False,
) -> ActionPlan:
    title = _check_plan(
        municipality=municipality,
        title=title,
        period_start=period_start,
        period_end=period_end,
        area=area,
        prepared_by=prepared_by,
        document=document,
        plan=None,
    )
    plan = ActionPlan.objects.create(
        municipality=municipality,
        title=title,
        period_start=period_start,
        period_end=period_end,
        area=area,
        prepared_by=prepared_by,
        summary=summary.strip(),
        document=document,
        is_example=is_example,
        created_by=_user(user),
    )
    audit(municipality=municipality, user=user, action="plan_created", obj=plan, summary=title)
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: ActionPlan,
    user: AnyUser | None,
    title: str,
    period_start: date,
    period_end: date,
    area: Area | None = None,
    prepared_by: Group | None = None,
    summary: str = "",
    document: GoverningDocument | None = None,
) -> ActionPlan:
    title = _check_plan(
        municipality=plan.municipality,
        title=title,
        period_start=period_start,
        period_end=period_end,
        area=area,
        prepared_by=prepared_by,
        document=document,
        plan=plan,
    )
    plan.title = title
    plan.period_start = period_start
    plan.period_end = period_end
    plan.area = area
    plan.prepared_by = prepared_by
    plan.summary = summary.strip()
    plan.document = document
    plan.save()
    audit(municipality=plan.municipality, user=user, action="plan_updated", obj=plan, summary=title)
    return plan


def current_plan(municipality: Municipality, today: date | None = None) -> ActionPlan | None:
    """The plan in force: the latest adopted whose period covers today, else the latest adopted,
    else the latest of all."""
    today = today or timezone.localdate()
    plans = ActionPlan.objects.filter(municipality=municipality)
    adopted = plans.filter(versions__isnull=False).distinct()
    return (
        adopted.filter(period_start__lte=today, period_end__gte=today)
        .order_by("-period_start", "-pk")
        .first()
        or adopted.order_by("-period_start", "-pk").first()
        or plans.order_by("-period_start", "-pk").first()
    )


# ---- measures ---------------------------------------------------------------------------------


def _add_weeks(day: date, weeks: int) -> date:
    return day + timedelta(weeks=weeks)


def next_due(measure: Measure) -> date | None:
    """When the measure's next follow-up is due: the interval after the latest follow-up, else
    after the start (else after the adopting decision's meeting); None when not followed up."""
    if measure.status not in FOLLOWED_UP:
        return None
    latest = None
    if measure.pk:
        latest = measure.followups.aggregate(latest=Max("made_on"))["latest"]
    base = latest or measure.start
    if base is None and measure.adopted_decision is not None:
        base = timezone.localdate(measure.adopted_decision.meeting.starts_at)
    if base is None:
        base = timezone.localdate()
    return _add_weeks(base, measure.followup_every_weeks)


def measure_warnings(measure: Measure) -> list[str]:
    """What the beredningsgrupp should look at, though it does not stop the measure: a working
    group that is not time-limited or not appointed by a preparation group."""
    warnings: list[str] = []
    group = measure.working_group
    if group is not None:
        if group.end_date is None:
            warnings.append(
                _(
                    "Arbetsgruppen %(group)s har inget slutdatum. En arbetsgrupp för en åtgärd "
                    "bör vara tidsbegränsad."
                )
                % {"group": group.name}
            )
        appointer = group.appointed_by
        if appointer is None or appointer.kind != GroupKind.PREPARATION:
            warnings.append(
                _("Arbetsgruppen %(group)s är inte tillsatt av en beredningsgrupp.")
                % {"group": group.name}
            )
    elif measure.pk is not None and measure.responsible_organisation_id is None:
        warnings.append(_("Åtgärden har varken ansvarig aktör eller arbetsgrupp."))
    return warnings


@dataclass
class MeasureInput:
    """The fields of a measure a planner writes (status and adoption are not among them)."""

    title: str
    kind: str
    term: str
    description: str = ""
    causes: list[Cause] | None = None
    goals: list[Goal] | None = None
    responsible_organisation: Organisation | None = None
    working_group: Group | None = None
    start: date | None = None
    end: date | None = None
    budget: Decimal | None = None
    logic_activity: str = ""
    logic_output: str = ""
    logic_outcome: str = ""
    logic_goal: str = ""
    weight: int = 1
    followup_every_weeks: int = 8
    position: int = 0


def _check_measure(
    *, plan: ActionPlan, data: MeasureInput, measure: Measure | None
) -> dict[str, str]:
    municipality_id = plan.municipality_id
    errors: dict[str, str] = {}
    data.title = _title(errors, "title", data.title)
    if data.kind not in MeasureKind.values:
        errors["kind"] = _("Välj situationell eller social åtgärd.")
    if data.term not in MeasureTerm.values:
        errors["term"] = _("Välj kort eller lång sikt.")
    for cause in data.causes or []:
        if cause.analysis.problem.municipality_id != municipality_id:
            errors["causes"] = _("Orsaken %(cause)s hör till ett problem i en annan kommun.") % {
                "cause": cause.title
            }
    for goal in data.goals or []:
        if goal.municipality_id != municipality_id:
            errors["goals"] = _("Målet %(goal)s hör till en annan kommun.") % {"goal": goal.title}
    org = data.responsible_organisation
    if org is not None and org.municipality_id != municipality_id:
        errors["responsible_organisation"] = _("Aktören hör till en annan kommun.")
    group = data.working_group
    if group is not None:
        if group.municipality_id != municipality_id:
            errors["working_group"] = _("Gruppen hör till en annan kommun.")
        elif group.kind != GroupKind.WORKING:
            errors["working_group"] = _(
                "%(group)s är ingen arbetsgrupp. En åtgärd genomförs av en arbetsgrupp som "
                "beredningsgruppen tillsätter."
            ) % {"group": group.name}
    if data.start and data.end and data.end < data.start:
        errors["end"] = _("Slutdatumet kan inte vara före startdatumet.")
    if data.budget is not None:
        if not isinstance(data.budget, Decimal):
            data.budget = Decimal(data.budget)
        if not data.budget.is_finite() or data.budget < 0:
            errors["budget"] = _("Budgeten kan inte vara negativ.")
        elif data.budget > MAX_BUDGET:
            errors["budget"] = _("Budgeten är för stor.")
        elif data.budget != data.budget.to_integral_value():
            errors["budget"] = _("Ange budgeten i hela kronor.")
    _weight(errors, "weight", data.weight)
    if not 1 <= data.followup_every_weeks <= MAX_INTERVAL_WEEKS:
        errors["followup_every_weeks"] = _(
            "Ange hur många veckor det går mellan uppföljningarna (1–%(max)s)."
        ) % {"max": MAX_INTERVAL_WEEKS}
    if not 0 <= data.position <= 32767:
        errors["position"] = _("Ordningen ska vara ett heltal mellan 0 och 32767.")
    if "title" not in errors:
        clash = Measure.objects.filter(plan=plan, title__iexact=data.title)
        if measure is not None:
            clash = clash.exclude(pk=measure.pk)
        if clash.exists():
            errors["title"] = _("Planen har redan en åtgärd med den rubriken.")
    return errors


_MEASURE_FIELDS = (
    "title",
    "kind",
    "term",
    "description",
    "responsible_organisation",
    "working_group",
    "start",
    "end",
    "budget",
    "logic_activity",
    "logic_output",
    "logic_outcome",
    "logic_goal",
    "weight",
    "followup_every_weeks",
    "position",
)


def _apply(measure: Measure, data: MeasureInput) -> None:
    for name in _MEASURE_FIELDS:
        value = getattr(data, name)
        if isinstance(value, str) and name != "title":
            value = value.strip()
        setattr(measure, name, value)


@transaction.atomic
def measure_create(
    *, plan: ActionPlan, user: AnyUser | None, data: MeasureInput, is_example: bool = False
) -> Measure:
    errors = _check_measure(plan=plan, data=data, measure=None)
    if errors:
        raise ValidationError(errors)
    measure = Measure(
        municipality=plan.municipality,
        plan=plan,
        status=MeasureStatus.PROPOSED,
        is_example=is_example,
        created_by=_user(user),
    )
    _apply(measure, data)
    measure.save()
    measure.causes.set(data.causes or [])
    measure.goals.set(data.goals or [])
    audit(
        municipality=plan.municipality,
        user=user,
        action="measure_created",
        obj=measure,
        summary=f"{plan.title}: {measure.title}",
    )
    return measure


# Status changes a planner may make; becoming adopted is not one of them.
STATUS_STEPS: dict[str, tuple[str, ...]] = {
    MeasureStatus.PROPOSED: (MeasureStatus.PROPOSED, MeasureStatus.STOPPED),
    MeasureStatus.ADOPTED: (
        MeasureStatus.ADOPTED,
        MeasureStatus.IN_PROGRESS,
        MeasureStatus.DONE,
        MeasureStatus.STOPPED,
    ),
    MeasureStatus.IN_PROGRESS: (
        MeasureStatus.IN_PROGRESS,
        MeasureStatus.DONE,
        MeasureStatus.STOPPED,
    ),
    MeasureStatus.DONE: (MeasureStatus.DONE, MeasureStatus.IN_PROGRESS),
    MeasureStatus.STOPPED: (MeasureStatus.STOPPED,),
}


def adopt_only_by_decision_message() -> str:
    return _(
        "En åtgärd blir beslutad bara genom ett beslut av en grupp med mandat att besluta: "
        "använd Anta med beslut."
    )


@transaction.atomic
def measure_update(
    *, measure: Measure, user: AnyUser | None, data: MeasureInput, status: str | None = None
) -> Measure:
    errors = _check_measure(plan=measure.plan, data=data, measure=measure)
    if status is not None and status != measure.status:
        if status == MeasureStatus.ADOPTED:
            errors["status"] = adopt_only_by_decision_message()
        elif status not in MeasureStatus.values:
            errors["status"] = _("Okänd status.")
        elif status not in STATUS_STEPS.get(measure.status, ()):
            errors["status"] = _("En åtgärd som är %(now)s kan inte bli %(new)s.") % {
                "now": measure.get_status_display().lower(),
                "new": MeasureStatus(status).label.lower(),
            }
    if errors:
        raise ValidationError(errors)
    _apply(measure, data)
    if status is not None:
        measure.status = status
    measure.next_followup_due = next_due(measure)
    measure.save()
    measure.causes.set(data.causes or [])
    measure.goals.set(data.goals or [])
    audit(
        municipality=measure.municipality,
        user=user,
        action="measure_updated",
        obj=measure,
        summary=f"{measure.plan.title}: {measure.title} ({measure.get_status_display()})",
    )
    return measure


def measure_input_of(measure: Measure) -> MeasureInput:
    """The measure's current fields, for an update that changes some of them."""
    values = {name: getattr(measure, name) for name in _MEASURE_FIELDS}
    return MeasureInput(
        causes=list(measure.causes.all()), goals=list(measure.goals.all()), **values
    )


# ---- adoption ---------------------------------------------------------------------------------


def check_adopting_decision(*, municipality: Municipality, decision: Decision) -> None:
    """Refuse (ValidationError on ``decision``) unless the decision may adopt a plan of
    ``municipality``; the message names the group that may decide."""
    meeting = decision.meeting
    group = meeting.group
    if meeting.municipality_id != municipality.pk or group.municipality_id != municipality.pk:
        raise ValidationError({"decision": _("Beslutet hör till en annan kommun.")})
    if not group.may_decide:
        decider = deciding_group_for(group)
        if decider is None:
            message = _(
                "%(group)s har inget mandat att fatta beslut, och kommunen har ingen grupp med "
                "beslutsmandat. Planen kan antas först när en grupp har mandatet att besluta."
            ) % {"group": group.name}
        else:
            message = _(
                "%(group)s har inget mandat att fatta beslut. Åtgärdsplanen antas genom ett "
                "beslut av %(decider)s."
            ) % {"group": group.name, "decider": decider.name}
        raise ValidationError({"decision": message})
    if decision.outcome not in ADOPTING_OUTCOMES:
        raise ValidationError(
            {
                "decision": _(
                    "Beslutet § %(number)s blev %(outcome)s. Planen antas bara genom ett beslut "
                    "med bifall eller bifall med ändring."
                )
                % {"number": decision.number, "outcome": decision.get_outcome_display().lower()}
            }
        )


def adopting_decisions(municipality: Municipality) -> list[Decision]:
    """The municipality's recorded decisions that may adopt a plan, newest first."""
    return list(
        Decision.objects.filter(
            meeting__municipality=municipality,
            meeting__group__mandate="decides",
            outcome__in=ADOPTING_OUTCOMES,
        )
        .select_related("meeting", "meeting__group")
        .order_by("-meeting__starts_at", "-number")
    )


def decision_dict(decision: Decision | None) -> dict[str, Any] | None:
    if decision is None:
        return None
    meeting = decision.meeting
    return {
        "id": decision.pk,
        "number": decision.number,
        "title": decision.title,
        "outcome": decision.outcome,
        "outcome_label": str(decision.get_outcome_display()),
        "meeting_id": meeting.pk,
        "meeting": meeting.title or str(meeting),
        "group": meeting.group.name,
        "date": timezone.localdate(meeting.starts_at).isoformat(),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _name(obj: Any) -> str | None:
    return None if obj is None else str(obj.name if hasattr(obj, "name") else obj)


def measure_snapshot(measure: Measure) -> dict[str, Any]:
    return {
        "id": measure.pk,
        "title": measure.title,
        "description": measure.description,
        "kind": measure.kind,
        "kind_label": str(measure.get_kind_display()),
        "term": measure.term,
        "term_label": str(measure.get_term_display()),
        "status": measure.status,
        "status_label": str(measure.get_status_display()),
        "causes": [
            {
                "id": cause.pk,
                "title": cause.title,
                "problem_id": cause.analysis.problem_id,
                "problem": cause.analysis.problem.title,
            }
            for cause in measure.causes.select_related("analysis__problem").order_by("pk")
        ],
        "goals": [{"id": g.pk, "title": g.title} for g in measure.goals.order_by("pk")],
        "logic_model": {
            "activity": measure.logic_activity,
            "output": measure.logic_output,
            "outcome": measure.logic_outcome,
            "goal": measure.logic_goal,
        },
        "responsible_organisation": _name(measure.responsible_organisation),
        "working_group": _name(measure.working_group),
        "start": _iso(measure.start),
        "end": _iso(measure.end),
        "budget": None if measure.budget is None else str(int(measure.budget)),
        "weight": measure.weight,
        "followup_every_weeks": measure.followup_every_weeks,
        "adopted_decision": decision_dict(measure.adopted_decision),
        "activities": [
            {
                "id": a.pk,
                "title": a.title,
                "description": a.description,
                "responsible_organisation": _name(a.responsible_organisation),
                "planned_start": _iso(a.planned_start),
                "planned_end": _iso(a.planned_end),
                "status": a.status,
                "progress": a.progress,
                "weight": a.weight,
            }
            for a in measure.activities.select_related("responsible_organisation")
        ],
    }


def plan_snapshot(plan: ActionPlan, decision: Decision | None = None) -> dict[str, Any]:
    """The plan's full content as JSON: what a version freezes."""
    measures = plan.measures.select_related(
        "responsible_organisation", "working_group", "adopted_decision__meeting__group"
    ).order_by("position", "pk")
    return {
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "municipality": plan.municipality.name,
            "area": _name(plan.area),
            "period_start": _iso(plan.period_start),
            "period_end": _iso(plan.period_end),
            "prepared_by": _name(plan.prepared_by),
            "summary": plan.summary,
            "document": None if plan.document is None else plan.document.title,
        },
        "decision": decision_dict(decision),
        "measures": [measure_snapshot(m) for m in measures],
    }


def _freeze(
    plan: ActionPlan, decision: Decision, user: AnyUser | None, note: str, is_example: bool
) -> PlanVersion:
    if PlanVersion.objects.filter(plan=plan, decision=decision).exists():
        raise ValidationError(
            {"decision": _("Planen är redan antagen genom det beslutet. Välj ett nytt beslut.")}
        )
    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            return PlanVersion.objects.create(
                plan=plan,
                number=number,
                decision=decision,
                snapshot=plan_snapshot(plan, decision),
                note=note.strip()[:300],
                adopted_by=_user(user),
                is_example=is_example,
            )
    except IntegrityError:  # another adoption of the same plan at the same moment
        raise ValidationError(
            _("Planen antogs samtidigt av någon annan. Ladda om sidan och försök igen.")
        ) from None


@transaction.atomic
def plan_adopt(
    *,
    plan: ActionPlan,
    decision: Decision,
    user: AnyUser | None,
    note: str = "",
    is_example: bool = False,
) -> PlanVersion:
    """Adopt the plan by ``decision``: every proposed measure becomes adopted with the decision,
    and the plan's content is frozen as a new version."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    check_adopting_decision(municipality=plan.municipality, decision=decision)
    if not plan.measures.exclude(status=MeasureStatus.STOPPED).exists():
        raise ValidationError(_("Planen har inga åtgärder. Lägg till åtgärder innan den antas."))
    for measure in plan.measures.filter(status=MeasureStatus.PROPOSED):
        measure.status = MeasureStatus.ADOPTED
        measure.adopted_decision = decision
        measure.next_followup_due = next_due(measure)
        measure.save(update_fields=["status", "adopted_decision", "next_followup_due"])
    version = _freeze(plan, decision, user, note, is_example)
    audit(
        municipality=plan.municipality,
        user=user,
        action="plan_adopted",
        obj=version,
        summary=f"{plan.title} v{version.number}: {decision.meeting.group.name} § "
        f"{decision.number}",
    )
    return version


@transaction.atomic
def measure_adopt(*, measure: Measure, decision: Decision, user: AnyUser | None) -> Measure:
    """Adopt one proposed measure by ``decision`` (e.g. added to a plan already adopted). If the
    plan has an adopted version, the plan is frozen again as a new version."""
    measure = Measure.objects.select_for_update().select_related("plan").get(pk=measure.pk)
    check_adopting_decision(municipality=measure.municipality, decision=decision)
    if measure.status != MeasureStatus.PROPOSED:
        raise ValidationError(
            _("Åtgärden är redan %(status)s.") % {"status": measure.get_status_display().lower()}
        )
    measure.status = MeasureStatus.ADOPTED
    measure.adopted_decision = decision
    measure.next_followup_due = next_due(measure)
    measure.save(update_fields=["status", "adopted_decision", "next_followup_due"])
    plan = measure.plan
    if plan.versions.exists() and not plan.versions.filter(decision=decision).exists():
        _freeze(
            plan,
            decision,
            user,
            _("Åtgärden %(measure)s antagen") % {"measure": measure.title},
            measure.is_example,
        )
    audit(
        municipality=measure.municipality,
        user=user,
        action="measure_adopted",
        obj=measure,
        summary=f"{measure.title}: {decision.meeting.group.name} § {decision.number}",
    )
    return measure


# ---- versions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a plan."""

    kind: str  # "plan", "added", "removed", "changed"
    measure: str  # the measure's title ("" for the plan's own fields)
    field: str = ""
    before: Any = None
    after: Any = None

    @property
    def kind_label(self) -> str:
        return {
            "plan": _("Planen ändrad"),
            "added": _("Åtgärd tillagd"),
            "removed": _("Åtgärd borttagen"),
            "changed": _("Åtgärd ändrad"),
        }[self.kind]


FIELD_LABELS = {
    "title": "Rubrik",
    "area": "Område",
    "period_start": "Gäller från",
    "period_end": "Gäller till",
    "prepared_by": "Bereds av",
    "summary": "Inledning",
    "document": "Styrande dokument",
    "description": "Beskrivning",
    "kind": "Typ",
    "term": "Sikt",
    "status": "Status",
    "causes": "Orsaker",
    "goals": "Mål",
    "logic_model": "Logikmodell",
    "responsible_organisation": "Ansvarig aktör",
    "working_group": "Arbetsgrupp",
    "start": "Start",
    "end": "Slut",
    "budget": "Budget (kr)",
    "weight": "Vikt",
    "followup_every_weeks": "Följs upp var n:e vecka",
    "activities": "Aktiviteter",
}
# Not the plan's content but how it goes (compared versions would otherwise differ after every
# follow-up): a measure's status and its activities' status and progress.
_IGNORED = {"id", "kind_label", "term_label", "status", "status_label", "adopted_decision"}
_ACTIVITY_PROGRESS = {"status", "progress"}


def _content(field: str, value: Any) -> Any:
    if field == "activities" and isinstance(value, list):
        return [
            {k: v for k, v in a.items() if k not in _ACTIVITY_PROGRESS}
            for a in value
            if isinstance(a, dict)
        ]
    return value


def _readable(field: str, value: Any) -> Any:
    if field == "causes" and isinstance(value, list):
        return "; ".join(f"{c.get('problem')}: {c.get('title')}" for c in value)
    if field == "goals" and isinstance(value, list):
        return "; ".join(str(g.get("title")) for g in value)
    if field == "activities" and isinstance(value, list):
        return "; ".join(f"{a.get('title')} (vikt {a.get('weight')})" for a in value)
    if field == "logic_model" and isinstance(value, dict):
        return " → ".join(
            str(value.get(k) or "–") for k in ("activity", "output", "outcome", "goal")
        )
    return value


def versions_compare(a: dict[str, Any], b: dict[str, Any]) -> list[Change]:
    """What changed from snapshot ``a`` to snapshot ``b``: the plan's own fields, then measures
    added, removed and changed field by field (matched by id, else by title). The plan's content
    only: status and progress are the follow-up's business, not a change of the plan."""
    changes: list[Change] = []
    plan_a, plan_b = a.get("plan") or {}, b.get("plan") or {}
    for field in ("title", "area", "period_start", "period_end", "prepared_by", "summary"):
        if plan_a.get(field) != plan_b.get(field):
            changes.append(
                Change("plan", "", FIELD_LABELS[field], plan_a.get(field), plan_b.get(field))
            )

    def key(m: dict[str, Any]) -> Any:
        return m.get("id") or m.get("title")

    before = {key(m): m for m in a.get("measures") or []}
    after = {key(m): m for m in b.get("measures") or []}
    for k, m in after.items():
        if k not in before:
            changes.append(Change("added", str(m.get("title"))))
    for k, m in before.items():
        if k not in after:
            changes.append(Change("removed", str(m.get("title"))))
    for k, new in after.items():
        old = before.get(k)
        if old is None:
            continue
        for field in [f for f in new if f not in _IGNORED]:
            if _content(field, old.get(field)) != _content(field, new.get(field)):
                changes.append(
                    Change(
                        "changed",
                        str(new.get("title")),
                        FIELD_LABELS.get(field, field),
                        _readable(field, old.get(field)),
                        _readable(field, new.get(field)),
                    )
                )
    return changes


# ---- activities -------------------------------------------------------------------------------


@dataclass
class ActivityInput:
    title: str
    description: str = ""
    responsible_organisation: Organisation | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    status: str = ActivityStatus.PLANNED
    progress: int = 0
    weight: int = 1
    position: int = 0


def _check_activity(measure: Measure, data: ActivityInput) -> None:
    errors: dict[str, str] = {}
    data.title = _title(errors, "title", data.title)
    org = data.responsible_organisation
    if org is not None and org.municipality_id != measure.municipality_id:
        errors["responsible_organisation"] = _("Aktören hör till en annan kommun.")
    if data.planned_start and data.planned_end and data.planned_end < data.planned_start:
        errors["planned_end"] = _("Slutdatumet kan inte vara före startdatumet.")
    if data.status not in ActivityStatus.values:
        errors["status"] = _("Okänd status.")
    if not 0 <= data.progress <= 100:
        errors["progress"] = _("Ange hur mycket som är gjort i procent (0–100).")
    _weight(errors, "weight", data.weight)
    if not 0 <= data.position <= 32767:
        errors["position"] = _("Ordningen ska vara ett heltal mellan 0 och 32767.")
    if errors:
        raise ValidationError(errors)
    if data.status == ActivityStatus.DONE:
        data.progress = 100


def _apply_activity(activity: Activity, data: ActivityInput) -> None:
    activity.title = data.title
    activity.description = data.description.strip()
    activity.responsible_organisation = data.responsible_organisation
    activity.planned_start = data.planned_start
    activity.planned_end = data.planned_end
    activity.status = data.status
    activity.progress = data.progress
    activity.weight = data.weight
    activity.position = data.position


@transaction.atomic
def activity_create(
    *, measure: Measure, user: AnyUser | None, data: ActivityInput, is_example: bool = False
) -> Activity:
    _check_activity(measure, data)
    activity = Activity(measure=measure, is_example=is_example)
    _apply_activity(activity, data)
    activity.save()
    audit(
        municipality=measure.municipality,
        user=user,
        action="activity_created",
        obj=activity,
        summary=f"{measure.title}: {activity.title}",
    )
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, user: AnyUser | None, data: ActivityInput) -> Activity:
    _check_activity(activity.measure, data)
    _apply_activity(activity, data)
    activity.save()
    audit(
        municipality=activity.measure.municipality,
        user=user,
        action="activity_updated",
        obj=activity,
        summary=f"{activity.measure.title}: {activity.title} ({activity.progress} %)",
    )
    return activity


# ---- follow-ups -------------------------------------------------------------------------------


def overdue_measures(municipality: Municipality, before: date | None = None) -> Any:
    """Measures being followed up whose next follow-up was due before ``before`` (today)."""
    before = before or timezone.localdate()
    return (
        Measure.objects.filter(
            municipality=municipality,
            status__in=FOLLOWED_UP,
            next_followup_due__lt=before,
        )
        .select_related("plan", "responsible_organisation", "working_group")
        .order_by("next_followup_due", "pk")
    )


def is_overdue(measure: Measure, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        measure.status in FOLLOWED_UP
        and measure.next_followup_due is not None
        and measure.next_followup_due < today
    )


@transaction.atomic
def followup_record(
    *,
    measure: Measure,
    user: AnyUser | None,
    made_on: date,
    as_planned: str,
    outputs: str = "",
    deviations: str = "",
    indicator_movement: str = "",
    lessons: str = "",
    activity: Activity | None = None,
    progress: int | None = None,
    is_example: bool = False,
    today: date | None = None,
) -> FollowUp:
    """Record a follow-up of ``measure`` (and optionally one of its activities' progress); the
    next follow-up is due one interval after it. Lessons also go to the lessons library."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if measure.status == MeasureStatus.PROPOSED:
        errors["__all__"] = _("Åtgärden är inte beslutad än. Den följs upp när planen är antagen.")
    if made_on > today:
        errors["made_on"] = _("Uppföljningen kan inte dateras framåt i tiden.")
    if as_planned not in AsPlanned.values:
        errors["as_planned"] = _("Svara ja, delvis eller nej.")
    if activity is not None and activity.measure_id != measure.pk:
        errors["activity"] = _("Aktiviteten hör till en annan åtgärd.")
    if progress is not None:
        if not 0 <= progress <= 100:
            errors["progress"] = _("Ange hur mycket som är gjort i procent (0–100).")
        elif activity is None and measure.activities.exists():
            errors["activity"] = _("Välj vilken aktivitet procenten gäller.")
    if errors:
        raise ValidationError(errors)
    followup = FollowUp.objects.create(
        municipality=measure.municipality,
        measure=measure,
        activity=activity,
        made_on=made_on,
        due_on=measure.next_followup_due,
        as_planned=as_planned,
        outputs=outputs.strip(),
        deviations=deviations.strip(),
        indicator_movement=indicator_movement.strip(),
        lessons=lessons.strip(),
        progress=progress,
        is_example=is_example,
        created_by=_user(user),
    )
    if activity is not None and progress is not None:
        activity.progress = progress
        if progress == 100:
            activity.status = ActivityStatus.DONE
        elif activity.status == ActivityStatus.PLANNED and progress > 0:
            activity.status = ActivityStatus.ONGOING
        activity.save(update_fields=["progress", "status"])
    if measure.status == MeasureStatus.ADOPTED:
        measure.status = MeasureStatus.IN_PROGRESS
    measure.next_followup_due = next_due(measure)
    measure.save(update_fields=["status", "next_followup_due"])
    if followup.lessons:
        first_line = one_line(followup.lessons.splitlines()[0])
        title = first_line if len(first_line) <= 200 else first_line[:199] + "…"
        cause = measure.causes.select_related("analysis").first()
        Lesson.objects.create(
            municipality=measure.municipality,
            title=title,
            text=followup.lessons,
            measure=measure,
            problem_id=cause.analysis.problem_id if cause else None,
            followup=followup,
            measure_kind=measure.kind,
            year=made_on.year,
            is_example=is_example,
            created_by=_user(user),
        )
    audit(
        municipality=measure.municipality,
        user=user,
        action="followup_recorded",
        obj=followup,
        summary=f"{measure.title} {made_on.isoformat()} ({followup.get_as_planned_display()})",
    )
    return followup


@transaction.atomic
def followup_update(
    *,
    followup: FollowUp,
    user: AnyUser | None,
    outputs: str | None = None,
    deviations: str | None = None,
    indicator_movement: str | None = None,
) -> FollowUp:
    """Correct the texts of a follow-up (its date, answer, progress and lessons stay as made)."""
    for name, value in (
        ("outputs", outputs),
        ("deviations", deviations),
        ("indicator_movement", indicator_movement),
    ):
        if value is not None:
            setattr(followup, name, value.strip())
    followup.save(update_fields=["outputs", "deviations", "indicator_movement", "updated_at"])
    audit(
        municipality=followup.municipality,
        user=user,
        action="followup_updated",
        obj=followup,
        summary=f"{followup.measure.title} {followup.made_on.isoformat()}",
    )
    return followup
