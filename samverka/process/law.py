"""The law & method view: what lag (2023:196) om kommuners ansvar för brottsförebyggande arbete
asks of a municipality, and how far it has come in Brå's collaboration steps.

The law (in force 1 July 2023) asks for three things, each read from the data here:

- **a current lägesbild** — an adopted ``SituationReport`` whose period ended within the last
  13 months (a yearly lägesbild plus a month's grace to adopt the next one). A later draft does
  not count; any area of the municipality counts, and the page says which one.
- **a decided åtgärdsplan** — an ``ActionPlan`` whose period covers today and that has a
  ``PlanVersion`` adopted by a decision of a group with the mandate to decide (approved, or
  approved with changes). A plan only prepared, or decided by a group without the mandate, does
  not count.
- **a coordinating function** — first a coordination unit (``GroupKind.COORDINATION_UNIT``)
  that has not ended; else a specialist function whose name mentions "samordn"; else a person
  whose title mentions "samordnare". The municipality's coordinator *accounts* in samverka are
  not counted: they say who may edit, not that the municipality has given anyone the task.

Brå's handbook *Samverkan i lokalt brottsförebyggande arbete* describes five steps: initiate,
own preparations, joint preparations, implementation and follow-up. Each step has done-criteria.
Those the data shows are computed; the others a coordinator confirms (``StepConfirmation``), with
a note on how, and may withdraw the confirmation again.

The rules that need this data (no current lägesbild, no decided åtgärdsplan, overdue follow-ups,
prioritised problems without cause analysis) join the organisation's health check through
``samverka.core.extensions.register_health_rule`` (see ``apps.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverka.accounts.access import Access
from samverka.accounts.audit import audit
from samverka.accounts.models import AuditEvent, Municipality, User
from samverka.meetings.models import DecisionOutcome
from samverka.organisation.health import LAW_2023_196, Basis, Finding, Rule, Severity
from samverka.organisation.models import (
    DocumentKind,
    GoverningDocument,
    Group,
    GroupKind,
    Mandate,
    Person,
    SpecialistFunction,
)
from samverka.process.models import (
    ActionPlan,
    Evaluation,
    Measure,
    PlanVersion,
    Problem,
    ProblemStatus,
    StepConfirmation,
)
from samverka.process.overview import (
    ACTIVE_MEASURE_STATUSES,
    overdue_measures,
    url_or_none,
)
from samverka.situation.models import ReportStatus, SituationReport

CURRENT_MONTHS = 13
DECIDING_OUTCOMES = (DecisionOutcome.APPROVED, DecisionOutcome.AMENDED)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _day(value: date) -> str:
    return date_format(value, "j F Y")


# --- The law's three requirements ------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str
    met: bool
    summary: str  # what there is, in plain Swedish, with its date
    missing: str  # what is missing ("" when met)
    url: str | None = None
    on: date | None = None


def current_situation_report(municipality: Municipality, today: date) -> SituationReport | None:
    """The newest adopted lägesbild whose period ended within the last 13 months."""
    # period_end is the day after the period's last day.
    since = months_before(today, CURRENT_MONTHS)
    return (
        SituationReport.objects.filter(
            municipality=municipality, status=ReportStatus.ADOPTED, period_end__gt=since
        )
        .select_related("area")
        .order_by("-period_end", "-adopted_at", "-version")
        .first()
    )


def deciding_versions(municipality: Municipality) -> Q:
    """Plan versions adopted by a decision of a group with the mandate to decide."""
    return Q(
        plan__municipality=municipality,
        decision__meeting__group__mandate=Mandate.DECIDES,
        decision__outcome__in=DECIDING_OUTCOMES,
    )


def decided_action_plan(
    municipality: Municipality, today: date
) -> tuple[ActionPlan, PlanVersion] | None:
    """The newest decided version of a plan whose period covers today."""
    version = (
        PlanVersion.objects.filter(
            deciding_versions(municipality),
            plan__period_start__lte=today,
            plan__period_end__gte=today,
        )
        .select_related("plan", "decision__meeting__group")
        .order_by("-decision__meeting__starts_at", "-number")
        .first()
    )
    return None if version is None else (version.plan, version)


@dataclass(frozen=True)
class Coordination:
    kind: str  # "unit", "function" or "person"
    name: str
    detail: str
    url: str | None


def _active_groups(municipality: Municipality, today: date) -> Q:
    return Q(municipality=municipality) & (Q(end_date__isnull=True) | Q(end_date__gte=today))


def coordinating_function(municipality: Municipality, today: date) -> Coordination | None:
    """The municipality's coordinating function: a coordination unit, a specialist function of
    coordination, or a person with the title of coordinator (in that order)."""
    m = municipality
    unit = (
        Group.objects.filter(_active_groups(m, today), kind=GroupKind.COORDINATION_UNIT)
        .order_by("name")
        .first()
    )
    if unit is not None:
        return Coordination(
            "unit",
            unit.name,
            _("En samordningsenhet."),
            url_or_none("organisation:group_detail", m, pk=unit.pk),
        )
    function = (
        SpecialistFunction.objects.filter(group__municipality=m, name__icontains="samordn")
        .select_related("group", "coordinator")
        .order_by("name")
        .first()
    )
    if function is not None:
        detail = _("En specialistfunktion i %(group)s.") % {"group": function.group.name}
        return Coordination(
            "function",
            function.name,
            detail,
            url_or_none("organisation:group_detail", m, pk=function.group_id),
        )
    person = (
        Person.objects.filter(municipality=m, title__icontains="samordnare")
        .order_by("name")
        .first()
    )
    if person is not None:
        return Coordination(
            "person",
            person.name,
            person.title,
            url_or_none("organisation:person_detail", m, pk=person.pk),
        )
    return None


def requirements(municipality: Municipality, today: date) -> list[Requirement]:
    m = municipality
    found: list[Requirement] = []

    report = current_situation_report(m, today)
    if report is not None:
        adopted = report.adopted_at.date() if report.adopted_at else None
        summary = _("%(area)s, perioden %(start)s – %(end)s, version %(version)s.") % {
            "area": report.area.name,
            "start": _day(report.period_start),
            "end": _day(report.period_end),
            "version": report.version,
        }
        if adopted:
            summary += " " + _("Fastställd %(day)s.") % {"day": _day(adopted)}
        found.append(
            Requirement(
                "situation_report",
                _("Aktuell lägesbild"),
                True,
                summary,
                "",
                url_or_none("situation:detail", m, pk=report.pk),
                adopted,
            )
        )
    else:
        found.append(
            Requirement(
                "situation_report",
                _("Aktuell lägesbild"),
                False,
                _("Ingen fastställd lägesbild för en period som slutat de senaste 13 månaderna."),
                _(
                    "Lagen kräver en lägesbild över brottsligheten i kommunen. Ta fram och "
                    "fastställ en lägesbild för det senaste året."
                ),
                url_or_none("situation:index", m),
            )
        )

    decided = decided_action_plan(m, today)
    if decided is not None:
        plan, version = decided
        decision = version.decision
        decided_on = decision.meeting.starts_at.date()
        found.append(
            Requirement(
                "action_plan",
                _("Beslutad åtgärdsplan"),
                True,
                _(
                    "%(plan)s (%(start)s – %(end)s), version %(number)s beslutad av %(group)s "
                    "%(day)s, %(decision)s."
                )
                % {
                    "plan": plan.title,
                    "start": _day(plan.period_start),
                    "end": _day(plan.period_end),
                    "number": version.number,
                    "group": decision.meeting.group.name,
                    "day": _day(decided_on),
                    "decision": str(decision),
                },
                "",
                url_or_none("process:plan_detail", m, pk=plan.pk)
                or url_or_none("process:plan_list", m),
                decided_on,
            )
        )
    else:
        pending = ActionPlan.objects.filter(
            municipality=m, period_start__lte=today, period_end__gte=today
        ).exists()
        found.append(
            Requirement(
                "action_plan",
                _("Beslutad åtgärdsplan"),
                False,
                _("Det finns en åtgärdsplan för i dag, men den är inte beslutad.")
                if pending
                else _("Ingen åtgärdsplan gäller i dag."),
                _(
                    "Lagen kräver att kommunen beslutar en åtgärdsplan utifrån lägesbilden. "
                    "Planen antas genom beslut av en grupp med beslutsmandat, t.ex. styrgruppen."
                ),
                url_or_none("process:plan_list", m),
            )
        )

    coordination = coordinating_function(m, today)
    if coordination is not None:
        found.append(
            Requirement(
                "coordination",
                _("Samordnande funktion"),
                True,
                f"{coordination.name}. {coordination.detail}".strip(),
                "",
                coordination.url,
            )
        )
    else:
        found.append(
            Requirement(
                "coordination",
                _("Samordnande funktion"),
                False,
                _("Ingen samordningsenhet, samordnande funktion eller samordnare är registrerad."),
                _(
                    "Lagen kräver en funktion som samordnar det brottsförebyggande arbetet. "
                    "Lägg in samordningsenheten som grupp, eller samordnaren med befattning."
                ),
                url_or_none("organisation:group_list", m),
            )
        )
    return found


# --- Brå's collaboration steps ---------------------------------------------------------------


@dataclass(frozen=True)
class CriterionDef:
    slug: str
    step: str
    label: object  # lazy translation
    # Computed from the data: (municipality, today) -> (met, detail). None: a coordinator confirms.
    compute: Callable[[Municipality, date], tuple[bool, str]] | None = None


@dataclass
class Criterion:
    slug: str
    label: str
    computed: bool
    met: bool
    detail: str
    confirmation: StepConfirmation | None = None


@dataclass
class Step:
    key: str
    label: str
    description: str
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return all(c.met for c in self.criteria)

    @property
    def met_count(self) -> int:
        return sum(1 for c in self.criteria if c.met)


STEPS: tuple[tuple[str, object, object], ...] = (
    (
        "initiate",
        gettext_lazy("1. Initiera samverkan"),
        gettext_lazy("Parterna bestämmer sig för att samverka och ger arbetet mandat."),
    ),
    (
        "own",
        gettext_lazy("2. Egna förberedelser"),
        gettext_lazy("Varje part ser över sina resurser, sin bild av problemen och sitt ansvar."),
    ),
    (
        "joint",
        gettext_lazy("3. Gemensamma förberedelser"),
        gettext_lazy(
            "Parterna tar fram en gemensam lägesbild, prioriterar problemen och analyserar "
            "orsakerna."
        ),
    ),
    (
        "implementation",
        gettext_lazy("4. Genomförande"),
        gettext_lazy("Åtgärderna beslutas och genomförs med tydligt ansvar."),
    ),
    (
        "follow_up",
        gettext_lazy("5. Uppföljning"),
        gettext_lazy("Varje åtgärd följs upp, utvärderas och lärdomarna återkopplas."),
    ),
)


def _agreement(m: Municipality, today: date) -> tuple[bool, str]:
    document = (
        GoverningDocument.objects.filter(municipality=m, kind=DocumentKind.COLLABORATION_AGREEMENT)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("-valid_from", "title")
        .first()
    )
    if document is None:
        return False, _("Ingen gällande samverkansöverenskommelse är registrerad.")
    return True, document.title


def _deciding_group(m: Municipality, today: date) -> tuple[bool, str]:
    group = (
        Group.objects.filter(_active_groups(m, today), mandate=Mandate.DECIDES)
        .order_by("name")
        .first()
    )
    if group is None:
        return False, _("Ingen grupp har mandat att besluta.")
    return True, group.name


def _coordination(m: Municipality, today: date) -> tuple[bool, str]:
    found = coordinating_function(m, today)
    if found is None:
        return False, _("Ingen samordnande funktion är registrerad.")
    return True, found.name


def _situation(m: Municipality, today: date) -> tuple[bool, str]:
    report = current_situation_report(m, today)
    if report is None:
        return False, _("Ingen aktuell fastställd lägesbild.")
    return True, _("%(area)s, period till %(end)s.") % {
        "area": report.area.name,
        "end": _day(report.period_end),
    }


def _prioritised(m: Municipality, today: date) -> tuple[bool, str]:
    decided = Problem.objects.filter(
        municipality=m,
        status=ProblemStatus.PRIORITISED,
        priority_decision__meeting__group__mandate=Mandate.DECIDES,
    ).count()
    undecided = Problem.objects.filter(
        municipality=m, status=ProblemStatus.PRIORITISED, priority_decision__isnull=True
    ).count()
    if not decided:
        return False, _("Inget problem är prioriterat genom beslut.")
    if undecided:
        return False, _("%(n)s prioriterade problem saknar beslut.") % {"n": undecided}
    return True, _("%(n)s problem prioriterade genom beslut.") % {"n": decided}


def _causes(m: Municipality, today: date) -> tuple[bool, str]:
    prioritised = Problem.objects.filter(municipality=m, status=ProblemStatus.PRIORITISED)
    total = prioritised.count()
    missing = prioritised.filter(cause_analysis__isnull=True).count()
    if not total:
        return False, _("Inga prioriterade problem att analysera ännu.")
    if missing:
        return False, _("%(n)s av %(total)s prioriterade problem saknar orsaksanalys.") % {
            "n": missing,
            "total": total,
        }
    return True, _("Alla %(total)s prioriterade problem har en orsaksanalys.") % {"total": total}


def _plan(m: Municipality, today: date) -> tuple[bool, str]:
    decided = decided_action_plan(m, today)
    if decided is None:
        return False, _("Ingen åtgärdsplan som gäller i dag är beslutad.")
    plan, version = decided
    return True, _("%(plan)s, beslutad %(day)s.") % {
        "plan": plan.title,
        "day": _day(version.decision.meeting.starts_at.date()),
    }


def _responsible(m: Municipality, today: date) -> tuple[bool, str]:
    active = Measure.objects.filter(municipality=m, status__in=ACTIVE_MEASURE_STATUSES)
    total = active.count()
    if not total:
        return False, _("Inga beslutade eller pågående åtgärder ännu.")
    missing = active.filter(responsible_organisation__isnull=True).count()
    if missing:
        return False, _("%(n)s av %(total)s åtgärder saknar ansvarig aktör.") % {
            "n": missing,
            "total": total,
        }
    return True, _("Alla %(total)s åtgärder har en ansvarig aktör.") % {"total": total}


def _on_time(m: Municipality, today: date) -> tuple[bool, str]:
    total = Measure.objects.filter(municipality=m, status__in=ACTIVE_MEASURE_STATUSES).count()
    if not total:
        return False, _("Inga beslutade eller pågående åtgärder att följa upp ännu.")
    late = overdue_measures(m, today).count()
    if late:
        return False, _("%(n)s av %(total)s åtgärder har en försenad uppföljning.") % {
            "n": late,
            "total": total,
        }
    return True, _("Alla %(total)s åtgärder är uppföljda i tid.") % {"total": total}


def _evaluated(m: Municipality, today: date) -> tuple[bool, str]:
    count = Evaluation.objects.filter(municipality=m).count()
    if not count:
        return False, _("Ingen utvärdering är gjord ännu.")
    return True, _("%(n)s utvärderingar.") % {"n": count}


CRITERIA: tuple[CriterionDef, ...] = (
    CriterionDef(
        "agreement", "initiate", gettext_lazy("En samverkansöverenskommelse finns"), _agreement
    ),
    CriterionDef(
        "deciding-group",
        "initiate",
        gettext_lazy("En grupp med mandat att besluta finns"),
        _deciding_group,
    ),
    CriterionDef(
        "leadership-mandate",
        "initiate",
        gettext_lazy("Ledningen hos varje part har gett uppdrag och mandat att samverka"),
    ),
    CriterionDef(
        "coordinating-function",
        "own",
        gettext_lazy("Kommunen har en samordnande funktion"),
        _coordination,
    ),
    CriterionDef(
        "own-resources",
        "own",
        gettext_lazy("Varje part har avsatt resurser och utsett kontaktpersoner"),
    ),
    CriterionDef(
        "own-picture",
        "own",
        gettext_lazy("Varje part har gått igenom sin egen bild av problemen och sitt ansvar"),
    ),
    CriterionDef(
        "situation-report", "joint", gettext_lazy("En lägesbild är fastställd"), _situation
    ),
    CriterionDef(
        "problems-prioritised",
        "joint",
        gettext_lazy("Problemen är prioriterade genom beslut"),
        _prioritised,
    ),
    CriterionDef(
        "causes-analysed",
        "joint",
        gettext_lazy("De prioriterade problemens orsaker är analyserade"),
        _causes,
    ),
    CriterionDef("joint-goals", "joint", gettext_lazy("Parterna är överens om gemensamma mål")),
    CriterionDef(
        "plan-decided", "implementation", gettext_lazy("Åtgärdsplanen är beslutad"), _plan
    ),
    CriterionDef(
        "measures-responsible",
        "implementation",
        gettext_lazy("Varje åtgärd har en ansvarig aktör"),
        _responsible,
    ),
    CriterionDef(
        "roles-clear",
        "implementation",
        gettext_lazy("Roller och ansvar i genomförandet är kända av alla parter"),
    ),
    CriterionDef(
        "followed-up-on-time",
        "follow_up",
        gettext_lazy("Varje åtgärd har följts upp i tid"),
        _on_time,
    ),
    CriterionDef(
        "evaluated", "follow_up", gettext_lazy("Minst en åtgärd är utvärderad"), _evaluated
    ),
    CriterionDef(
        "feedback",
        "follow_up",
        gettext_lazy("Resultaten är återkopplade till parterna och invånarna"),
    ),
)

CONFIRMABLE = frozenset(c.slug for c in CRITERIA if c.compute is None)


def criterion_label(slug: str) -> str:
    for definition in CRITERIA:
        if definition.slug == slug:
            return str(definition.label)
    return slug


def collaboration_steps(municipality: Municipality, today: date) -> list[Step]:
    confirmations = {
        c.criterion: c
        for c in StepConfirmation.objects.filter(municipality=municipality).select_related(
            "confirmed_by"
        )
    }
    steps = {key: Step(key, str(label), str(text)) for key, label, text in STEPS}
    for definition in CRITERIA:
        if definition.compute is not None:
            met, detail = definition.compute(municipality, today)
            criterion = Criterion(definition.slug, str(definition.label), True, met, detail)
        else:
            confirmation = confirmations.get(definition.slug)
            if confirmation is None:
                detail = _("Inte bekräftat ännu.")
            else:
                detail = _("Bekräftat %(day)s.") % {"day": _day(confirmation.confirmed_at.date())}
                if confirmation.note:
                    detail += " " + confirmation.note
            criterion = Criterion(
                definition.slug,
                str(definition.label),
                False,
                confirmation is not None,
                detail,
                confirmation,
            )
        steps[definition.step].criteria.append(criterion)
    return list(steps.values())


@dataclass
class LawStatus:
    municipality: Municipality
    today: date
    requirements: list[Requirement]
    steps: list[Step]

    @property
    def missing(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.met]

    @property
    def law_met(self) -> bool:
        return not self.missing


def law_status(municipality: Municipality, today: date) -> LawStatus:
    """What the law asks for and Brå's steps, for one municipality on one day."""
    return LawStatus(
        municipality,
        today,
        requirements(municipality, today),
        collaboration_steps(municipality, today),
    )


# --- Confirming a step (a coordinator) -------------------------------------------------------


def _user(access: Access) -> User | None:
    user = access.user
    return user if isinstance(user, User) else None


@transaction.atomic
def step_confirm(*, access: Access, criterion: str, note: str = "") -> StepConfirmation:
    """Confirm that a done-criterion the data cannot show is met; a coordinator's task."""
    if not access.is_coordinator:
        raise PermissionDenied(_("Det är kommunens samordnare som bekräftar stegen."))
    if criterion not in CONFIRMABLE:
        raise ValidationError(
            _("Kriteriet räknas fram ur uppgifterna och kan inte bekräftas för hand.")
        )
    note = note.strip()
    if len(note) > 300:
        raise ValidationError(_("Kommentaren får vara högst 300 tecken."))
    confirmation, _created = StepConfirmation.objects.update_or_create(
        municipality=access.municipality,
        criterion=criterion,
        defaults={"note": note, "confirmed_by": _user(access)},
    )
    audit(
        municipality=access.municipality,
        user=access.user,
        action="process.step_confirm",
        obj=confirmation,
        summary=criterion_label(criterion),
    )
    return confirmation


@transaction.atomic
def step_withdraw(*, access: Access, criterion: str) -> None:
    """Withdraw a confirmation (the criterion is no longer met, or was confirmed by mistake)."""
    if not access.is_coordinator:
        raise PermissionDenied(_("Det är kommunens samordnare som bekräftar stegen."))
    confirmation = StepConfirmation.objects.filter(
        municipality=access.municipality, criterion=criterion
    ).first()
    if confirmation is None:
        return
    audit(
        municipality=access.municipality,
        user=access.user,
        action="process.step_withdraw",
        obj=confirmation,
        summary=criterion_label(criterion),
    )
    confirmation.delete()


# --- Health rules ----------------------------------------------------------------------------


def _url(name: str, municipality: Municipality, **kwargs: int) -> str:
    """The finding's page, so the health check links straight to what needs doing."""
    return reverse(name, kwargs={"municipality": municipality.slug, **kwargs})


# The law asks for a lägesbild and an åtgärdsplan but a municipality new to samverka has not yet
# had the time to make them here: the two requirements are red only once it has worked on the
# platform for a year (one yearly round) or once it has had one here that has run out. Before
# that they are the next step, shown as information with a link.
GRACE_MONTHS = 12


def _on_platform_since(municipality: Municipality) -> date | None:
    """The day of the municipality's first recorded change in samverka (its audit trail)."""
    first = (
        AuditEvent.objects.filter(municipality=municipality)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    return None if first is None else first.date()


def _requirement_severity(
    municipality: Municipality, today: date, *, had_one: bool
) -> tuple[Severity, str]:
    """Error once the grace year is over (or one has run out); else information, with why."""
    since = _on_platform_since(municipality)
    grace_over = since is not None and since <= months_before(today, GRACE_MONTHS)
    if had_one or grace_over:
        return Severity.ERROR, ""
    return Severity.INFO, _(
        "Nästa steg: kommunen har arbetat i samverka i mindre än ett år, så det visas som "
        "information. Det blir ett fel när kommunen har varit här i %(months)d månader utan "
        "att ha tagit fram det, eller när det som finns här inte längre gäller."
    ) % {"months": GRACE_MONTHS}


def rule_no_current_situation_report(municipality: Municipality, today: date) -> list[Finding]:
    if current_situation_report(municipality, today) is not None:
        return []
    had_one = SituationReport.objects.filter(
        municipality=municipality, status=ReportStatus.ADOPTED
    ).exists()
    severity, grace = _requirement_severity(municipality, today, had_one=had_one)
    explanation = _(
        "Lagen (2023:196) kräver att kommunen tar fram en lägesbild över brottsligheten. Ingen "
        "lägesbild för en period som slutat de senaste 13 månaderna är fastställd."
    )
    return [
        Finding(
            rule="process_no_current_situation_report",
            severity=severity,
            title=_("Kommunen saknar en aktuell lägesbild."),
            explanation=f"{explanation} {grace}".strip(),
            subject_kind="municipality",
            subject_id=municipality.pk,
            subject_name=municipality.name,
            url=_url("situation:index", municipality),
            basis=Basis.LAW,
            source=str(LAW_2023_196),
        )
    ]


def rule_no_decided_action_plan(municipality: Municipality, today: date) -> list[Finding]:
    if decided_action_plan(municipality, today) is not None:
        return []
    had_one = PlanVersion.objects.filter(deciding_versions(municipality)).exists()
    severity, grace = _requirement_severity(municipality, today, had_one=had_one)
    explanation = _(
        "Lagen (2023:196) kräver en åtgärdsplan beslutad utifrån lägesbilden. Ingen plan "
        "som gäller i dag är antagen genom beslut av en grupp med beslutsmandat."
    )
    return [
        Finding(
            rule="process_no_decided_action_plan",
            severity=severity,
            title=_("Kommunen saknar en beslutad åtgärdsplan."),
            explanation=f"{explanation} {grace}".strip(),
            subject_kind="municipality",
            subject_id=municipality.pk,
            subject_name=municipality.name,
            url=_url("process:plan_list", municipality),
            basis=Basis.LAW,
            source=str(LAW_2023_196),
        )
    ]


def rule_overdue_followups(municipality: Municipality, today: date) -> list[Finding]:
    return [
        Finding(
            rule="process_overdue_followup",
            severity=Severity.WARNING,
            title=_("Uppföljningen av en åtgärd är försenad."),
            explanation=_(
                "Åtgärden skulle ha följts upp senast %(day)s. Ta upp den försenade "
                "uppföljningen på nästa möte i den grupp som följer upp åtgärderna."
            )
            % {"day": _day(measure.next_followup_due)},
            subject_kind="measure",
            subject_id=measure.pk,
            subject_name=measure.title,
            url=_url("process:measure_detail", municipality, pk=measure.pk),
        )
        for measure in overdue_measures(municipality, today)
        if measure.next_followup_due is not None
    ]


def rule_prioritised_problems_without_cause_analysis(
    municipality: Municipality, today: date
) -> list[Finding]:
    problems = Problem.objects.filter(
        municipality=municipality,
        status=ProblemStatus.PRIORITISED,
        cause_analysis__isnull=True,
    ).order_by("priority", "title")
    return [
        Finding(
            rule="process_problem_without_cause_analysis",
            severity=Severity.WARNING,
            title=_("Ett prioriterat problem saknar orsaksanalys."),
            explanation=_(
                "Brå rekommenderar att åtgärderna riktas mot problemets orsaker. Gör en "
                "orsaksanalys innan åtgärder väljs."
            ),
            basis=Basis.GUIDANCE,
            source=_("Brå, handboken ”Orsaksanalys i lokalt brottsförebyggande arbete” (2018)"),
            subject_kind="problem",
            subject_id=problem.pk,
            subject_name=problem.title,
            url=_url("process:cause_analysis", municipality, pk=problem.pk),
        )
        for problem in problems
    ]


HEALTH_RULES: tuple[tuple[str, Callable[[Municipality, date], list[Finding]]], ...] = (
    ("process_no_current_situation_report", rule_no_current_situation_report),
    ("process_no_decided_action_plan", rule_no_decided_action_plan),
    ("process_overdue_followups", rule_overdue_followups),
    ("process_problems_without_cause_analysis", rule_prioritised_problems_without_cause_analysis),
)

# What each registered check looks at, for the health page's table of rules.
HEALTH_RULE_DESCRIPTIONS: dict[str, tuple[Rule, ...]] = {
    "process_no_current_situation_report": (
        Rule(
            "process_no_current_situation_report",
            Severity.ERROR,
            gettext_lazy(
                "Lagen (2023:196): kommunen har en fastställd lägesbild för en period som slutat "
                "de senaste 13 månaderna (fel efter kommunens första år i samverka, dessförinnan "
                "nästa steg)."
            ),
        ),
    ),
    "process_no_decided_action_plan": (
        Rule(
            "process_no_decided_action_plan",
            Severity.ERROR,
            gettext_lazy(
                "Lagen (2023:196): en åtgärdsplan som gäller i dag är beslutad av en grupp med "
                "beslutsmandat (fel efter kommunens första år i samverka, dessförinnan nästa "
                "steg)."
            ),
        ),
    ),
    "process_overdue_followups": (
        Rule(
            "process_overdue_followup",
            Severity.WARNING,
            gettext_lazy("Varje pågående åtgärd följs upp i tid."),
        ),
    ),
    "process_problems_without_cause_analysis": (
        Rule(
            "process_problem_without_cause_analysis",
            Severity.WARNING,
            gettext_lazy("Varje prioriterat problem har en orsaksanalys."),
        ),
    ),
}
