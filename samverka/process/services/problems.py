"""Every write of the problem picture and its cause analysis.

Each service checks its rules (Swedish messages), writes and audits in one transaction. Who may
call them (planners: coordinators and the beredningsgrupp) is checked by the pages and the API
through ``samverka.process.access``; the rules about *what* may be written live here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality, User
from samverka.areas.models import Area
from samverka.meetings.models import Decision, DecisionOutcome
from samverka.organisation.models import Group
from samverka.process.findings import finding_of
from samverka.process.models import (
    Cause,
    CauseAnalysis,
    Certainty,
    DialogueNote,
    EvidenceKind,
    Problem,
    ProblemEvidence,
    ProblemStatus,
    TriangleSide,
)
from samverka.situation.models import AreaStatus, SituationReport
from samverka.stats.models import Series

MAX_DEPTH = 4  # a cause, its explanation, the explanation's … four levels at most


def _by(user: AnyUser | None) -> User | None:
    return user if isinstance(user, User) else None


def _clean(obj: ProblemEvidence | Problem | Cause | CauseAnalysis, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


# ---- problems -----------------------------------------------------------------------------------


def _check_problem(
    *,
    municipality: Municipality,
    title: str,
    areas: Iterable[Area],
    prepared_by: Group | None,
    since: date | None,
    exclude_pk: int | None = None,
) -> list[Area]:
    errors: dict[str, str] = {}
    areas = list(areas)
    if not title.strip():
        errors["title"] = _("Ge problemet en rubrik.")
    elif (
        Problem.objects.filter(municipality=municipality, title__iexact=title.strip())
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["title"] = _("Kommunen har redan ett problem med den rubriken.")
    if not areas:
        errors["areas"] = _("Välj minst ett område som problemet gäller.")
    elif any(area.municipality_id != municipality.pk for area in areas):
        errors["areas"] = _("Områdena måste finnas i kommunen.")
    if prepared_by is not None and prepared_by.municipality_id != municipality.pk:
        errors["prepared_by"] = _("Gruppen finns inte i kommunen.")
    if since is not None and since > timezone.localdate():
        errors["since"] = _("Datumet kan inte vara i framtiden.")
    if errors:
        raise ValidationError(errors)
    return areas


@transaction.atomic
def problem_create(
    *,
    municipality: Municipality,
    user: AnyUser | None,
    title: str,
    areas: Iterable[Area],
    description: str = "",
    since: date | None = None,
    prepared_by: Group | None = None,
    is_example: bool = False,
) -> Problem:
    """A proposed problem of the municipality, in one or several of its areas."""
    area_list = _check_problem(
        municipality=municipality,
        title=title,
        areas=areas,
        prepared_by=prepared_by,
        since=since,
    )
    problem = Problem(
        municipality=municipality,
        title=title.strip(),
        description=description.strip(),
        since=since,
        prepared_by=prepared_by,
        created_by=_by(user),
        is_example=is_example,
    )
    _clean(problem, ["created_by", "municipality", "prepared_by", "priority_decision", "areas"])
    problem.save()
    problem.areas.set(area_list)
    audit(
        municipality=municipality,
        user=user,
        action="problem_create",
        obj=problem,
        summary=f"problem: {problem.title}",
    )
    return problem


@transaction.atomic
def problem_update(
    *,
    problem: Problem,
    user: AnyUser | None,
    title: str,
    areas: Iterable[Area],
    description: str = "",
    since: date | None = None,
    prepared_by: Group | None = None,
) -> Problem:
    if problem.status == ProblemStatus.CLOSED:
        raise ValidationError(_("Problemet är avslutat och kan inte ändras."))
    area_list = _check_problem(
        municipality=problem.municipality,
        title=title,
        areas=areas,
        prepared_by=prepared_by,
        since=since,
        exclude_pk=problem.pk,
    )
    before = {
        "title": problem.title,
        "description": problem.description,
        "since": problem.since,
        "areas": sorted(problem.areas.values_list("pk", flat=True)),
    }
    problem.title = title.strip()
    problem.description = description.strip()
    problem.since = since
    problem.prepared_by = prepared_by
    _clean(problem, ["created_by", "municipality", "prepared_by", "priority_decision", "areas"])
    problem.save()
    problem.areas.set(area_list)
    after = {
        "title": problem.title,
        "description": problem.description,
        "since": problem.since,
        "areas": sorted(a.pk for a in area_list),
    }
    audit(
        municipality=problem.municipality,
        user=user,
        action="problem_update",
        obj=problem,
        summary=f"problem ändrat: {problem.title}",
        changes={k: (before[k], after[k]) for k in before if before[k] != after[k]},
    )
    return problem


@transaction.atomic
def problem_close(
    *, problem: Problem, user: AnyUser | None, closed_on: date | None = None
) -> Problem:
    """Close a problem (solved, or no longer worked on); it keeps its evidence and analysis."""
    if problem.status == ProblemStatus.CLOSED:
        raise ValidationError(_("Problemet är redan avslutat."))
    closed_on = closed_on or timezone.localdate()
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("Datumet kan inte vara i framtiden.")})
    before = problem.status
    problem.status = ProblemStatus.CLOSED
    problem.closed_on = closed_on
    problem.save(update_fields=["status", "closed_on", "updated_at"])
    audit(
        municipality=problem.municipality,
        user=user,
        action="problem_close",
        obj=problem,
        summary=f"problem avslutat: {problem.title}",
        changes={"status": (before, problem.status)},
    )
    return problem


# ---- evidence -----------------------------------------------------------------------------------


def _https(url: str) -> str:
    url = url.strip()
    if url and not url.lower().startswith("https://"):
        raise ValidationError({"source_url": _("Länken ska börja med https://.")})
    return url


@transaction.atomic
def evidence_add(
    *,
    problem: Problem,
    user: AnyUser | None,
    kind: str,
    title: str = "",
    note: str = "",
    situation_report: SituationReport | None = None,
    figure_key: str = "",
    area_status: AreaStatus | None = None,
    series: Series | None = None,
    dialogue: DialogueNote | None = None,
    source_url: str = "",
    observed_on: date | None = None,
    is_example: bool = False,
) -> ProblemEvidence:
    """Add one piece of evidence. A lägesbild finding copies the figure's label and value."""
    municipality = problem.municipality
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Välj typ av underlag.")})
    evidence = ProblemEvidence(
        problem=problem,
        kind=kind,
        title=title.strip(),
        note=note.strip(),
        observed_on=observed_on,
        created_by=_by(user),
        is_example=is_example,
    )
    if kind == EvidenceKind.SITUATION:
        if situation_report is None or situation_report.municipality_id != municipality.pk:
            raise ValidationError({"situation_report": _("Välj en av kommunens lägesbilder.")})
        evidence.situation_report = situation_report
        if area_status is not None:
            if area_status.report_id != situation_report.pk:
                raise ValidationError(
                    {"area_status": _("Områdesstatusen hör till en annan lägesbild.")}
                )
            evidence.area_status = area_status
            evidence.figure_label = f"Status för {area_status.area.name}"[:300]
            evidence.figure_value = (
                f"{area_status.get_colour_display()}: {area_status.reasons}".strip(": ")[:300]
            )
        elif figure_key:
            finding = finding_of(situation_report, figure_key)
            if finding is None:
                raise ValidationError(
                    {"figure_key": _("Lägesbilden visar ingen sådan siffra. Välj en av dess.")}
                )
            evidence.figure_key = finding.key
            evidence.figure_label = finding.label[:300]
            evidence.figure_value = finding.value[:300]
        else:
            raise ValidationError(
                {
                    "figure_key": _(
                        "Välj vad i lägesbilden som är underlaget: en siffra eller en "
                        "områdesstatus."
                    )
                }
            )
        evidence.observed_on = observed_on or situation_report.period_last_day()
        if not evidence.title:
            evidence.title = f"Lägesbild {situation_report}"[:200]
    elif kind == EvidenceKind.STATISTICS:
        if series is None or series.municipality_id not in (None, municipality.pk):
            raise ValidationError({"series": _("Välj en statistikserie som kommunen ser.")})
        evidence.series = series
        if not evidence.title:
            evidence.title = series.name[:200]
        evidence.source_url = _https(source_url)
    else:
        if dialogue is not None:
            if kind not in (EvidenceKind.DIALOGUE, EvidenceKind.SURVEY):
                raise ValidationError(
                    {"dialogue": _("Bara en dialog eller undersökning kan hänvisa till en dialog.")}
                )
            if dialogue.municipality_id != municipality.pk:
                raise ValidationError({"dialogue": _("Dialogen finns inte i kommunen.")})
            evidence.dialogue = dialogue
            if not evidence.title:
                evidence.title = dialogue.title
            if evidence.observed_on is None:
                evidence.observed_on = dialogue.held_on
        if not evidence.title:
            raise ValidationError({"title": _("Ge underlaget en rubrik.")})
        if not evidence.note and evidence.dialogue is None:
            raise ValidationError({"note": _("Skriv vad underlaget visar.")})
        evidence.source_url = _https(source_url)
    if evidence.observed_on and evidence.observed_on > timezone.localdate():
        raise ValidationError({"observed_on": _("Datumet kan inte vara i framtiden.")})
    _clean(
        evidence,
        ["problem", "created_by", "situation_report", "area_status", "series", "dialogue"],
    )
    evidence.save()
    audit(
        municipality=municipality,
        user=user,
        action="problem_evidence_add",
        obj=evidence,
        summary=f"underlag till {problem.title}: {evidence.title}",
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: ProblemEvidence, user: AnyUser | None) -> None:
    problem = evidence.problem
    audit(
        municipality=problem.municipality,
        user=user,
        action="problem_evidence_remove",
        obj=evidence,
        summary=f"underlag borttaget från {problem.title}: {evidence.title}",
    )
    evidence.delete()


# ---- priorities ---------------------------------------------------------------------------------


@transaction.atomic
def prioritise(
    *,
    municipality: Municipality,
    user: AnyUser | None,
    priorities: Mapping[Problem, int | None],
    prepared_by: Group | None = None,
) -> list[Problem]:
    """The beredningsgrupp's order of priority (1 first) for several problems at once.

    A changed priority is a proposal again until a deciding group confirms it."""
    errors: list[str] = []
    if prepared_by is not None and prepared_by.municipality_id != municipality.pk:
        raise ValidationError({"prepared_by": _("Gruppen finns inte i kommunen.")})
    given = [p for p in priorities.values() if p is not None]
    if any(p < 1 or p > 999 for p in given):
        errors.append(_("Prioriteten är ett heltal från 1 till 999."))
    if len(set(given)) != len(given):
        errors.append(_("Två problem kan inte ha samma prioritet."))
    for problem in priorities:
        if problem.municipality_id != municipality.pk:
            errors.append(_("Problemet finns inte i kommunen."))
            break
        if problem.status == ProblemStatus.CLOSED and priorities[problem] is not None:
            errors.append(
                _("%(title)s är avslutat och kan inte prioriteras.") % {"title": problem.title}
            )
    if errors:
        raise ValidationError(errors)
    changed: list[Problem] = []
    for problem, priority in priorities.items():
        if problem.priority == priority:
            continue
        before = problem.priority
        problem.priority = priority
        if problem.status == ProblemStatus.PRIORITISED:
            problem.status = ProblemStatus.PROPOSED
            problem.priority_decision = None
        if prepared_by is not None:
            problem.prepared_by = prepared_by
        problem.save(
            update_fields=["priority", "status", "priority_decision", "prepared_by", "updated_at"]
        )
        audit(
            municipality=municipality,
            user=user,
            action="problem_prioritise",
            obj=problem,
            summary=f"prioritet {priority or '–'}: {problem.title}",
            changes={"priority": (before, priority)},
        )
        changed.append(problem)
    return changed


def _who_decides(problem: Problem) -> str:
    from samverka.meetings.services.decisions import deciding_group_for

    preparer = problem.prepared_by or (
        Group.objects.filter(municipality=problem.municipality, kind="preparation")
        .order_by("pk")
        .first()
    )
    decider = deciding_group_for(preparer) if preparer is not None else None
    if decider is None:
        decider = (
            Group.objects.filter(municipality=problem.municipality, mandate="decides")
            .order_by("pk")
            .first()
        )
    if decider is None:
        return _(
            "Kommunen har ingen grupp med mandat att besluta. Ge en grupp mandatet att besluta "
            "först."
        )
    return _(
        "Prioriteringen bekräftas av ett beslut av %(group)s (en grupp med mandat att besluta)."
    ) % {"group": decider.name}


@transaction.atomic
def confirm_priority(*, problem: Problem, decision: Decision, user: AnyUser | None) -> Problem:
    """A decision of a group with the mandate to decide confirms the problem's priority."""
    if problem.status == ProblemStatus.CLOSED:
        raise ValidationError(_("Problemet är avslutat."))
    if problem.priority is None:
        raise ValidationError(
            _("Problemet har ingen prioritet ännu: beredningsgruppen sätter den först.")
        )
    meeting = decision.meeting
    if meeting.municipality_id != problem.municipality_id:
        raise ValidationError({"decision": _("Beslutet finns inte i kommunen.")})
    if not meeting.group.may_decide:
        raise ValidationError(
            {
                "decision": _("%(group)s har inget mandat att besluta. ")
                % {"group": meeting.group.name}
                + _who_decides(problem)
            }
        )
    if decision.outcome not in (DecisionOutcome.APPROVED, DecisionOutcome.AMENDED):
        raise ValidationError(
            {
                "decision": _(
                    "Beslutet blev ”%(outcome)s”: bara bifall (med eller utan ändring) bekräftar "
                    "en prioritering."
                )
                % {"outcome": decision.get_outcome_display()}
            }
        )
    before = (problem.status, problem.priority_decision_id)
    problem.status = ProblemStatus.PRIORITISED
    problem.priority_decision = decision
    problem.save(update_fields=["status", "priority_decision", "updated_at"])
    audit(
        municipality=problem.municipality,
        user=user,
        action="problem_confirm",
        obj=problem,
        summary=f"prioritet {problem.priority} bekräftad ({decision}): {problem.title}",
        changes={
            "status": (before[0], problem.status),
            "priority_decision": (before[1], decision.pk),
        },
    )
    return problem


# ---- cause analysis -----------------------------------------------------------------------------

TRIANGLE_FIELDS = ("offender", "target", "place", "handler", "guardian", "place_manager", "summary")


def analysis_of(problem: Problem) -> CauseAnalysis:
    """The problem's analysis; an unsaved, empty one until someone writes it (reading never
    writes)."""
    try:
        return problem.cause_analysis
    except CauseAnalysis.DoesNotExist:
        return CauseAnalysis(problem=problem)


def _saved_analysis(problem: Problem, user: AnyUser | None) -> CauseAnalysis:
    analysis, _created = CauseAnalysis.objects.get_or_create(
        problem=problem,
        defaults={"created_by": _by(user), "is_example": problem.is_example},
    )
    return analysis


@transaction.atomic
def analysis_update(
    *,
    problem: Problem,
    user: AnyUser | None,
    offender: str = "",
    target: str = "",
    place: str = "",
    handler: str = "",
    guardian: str = "",
    place_manager: str = "",
    summary: str = "",
) -> CauseAnalysis:
    """The problem analysis triangle's texts."""
    analysis = _saved_analysis(problem, user)
    values = {
        "offender": offender,
        "target": target,
        "place": place,
        "handler": handler,
        "guardian": guardian,
        "place_manager": place_manager,
        "summary": summary,
    }
    errors = {
        name: _("Texten får vara högst 4 000 tecken.")
        for name, value in values.items()
        if len(value) > 4000
    }
    if errors:
        raise ValidationError(errors)
    changes = {
        name: (getattr(analysis, name), value.strip())
        for name, value in values.items()
        if getattr(analysis, name) != value.strip()
    }
    for name, value in values.items():
        setattr(analysis, name, value.strip())
    analysis.save()
    audit(
        municipality=problem.municipality,
        user=user,
        action="cause_analysis_update",
        obj=analysis,
        summary=f"orsaksanalys: {problem.title}",
        changes=changes,
    )
    return analysis


def depth_of(cause: Cause) -> int:
    """1 for a cause at the root of the tree."""
    depth, node, seen = 1, cause, {cause.pk}
    while node.parent_id is not None:
        node = Cause.objects.only("pk", "parent_id").get(pk=node.parent_id)
        if node.pk in seen:
            break
        seen.add(node.pk)
        depth += 1
    return depth


def _height(cause: Cause) -> int:
    """1 for a cause without children."""
    children = list(Cause.objects.filter(parent=cause).only("pk", "parent_id"))
    return 1 + max((_height(child) for child in children), default=0)


def _descendant_ids(cause: Cause) -> set[int]:
    found: set[int] = set()
    frontier = [cause.pk]
    while frontier:
        ids = list(
            Cause.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found.update(ids)
        frontier = ids
    return found


def _check_parent(analysis: CauseAnalysis, parent: Cause | None, height: int = 1) -> None:
    if parent is None:
        return
    if parent.analysis_id != analysis.pk:
        raise ValidationError({"parent": _("Orsaken den förklarar hör till en annan analys.")})
    if depth_of(parent) + height > MAX_DEPTH:
        raise ValidationError(
            {"parent": _("Orsaksträdet får ha högst %(n)s nivåer.") % {"n": MAX_DEPTH}}
        )


def _check_cause_fields(side: str, certainty: str, title: str) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Beskriv orsaken med en rubrik.")
    if side not in TriangleSide.values:
        errors["side"] = _("Välj sida i triangeln.")
    if certainty not in Certainty.values:
        errors["certainty"] = _("Välj hur säker orsaken är.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cause_add(
    *,
    problem: Problem,
    user: AnyUser | None,
    title: str,
    side: str,
    certainty: str = Certainty.LIKELY,
    description: str = "",
    evidence: str = "",
    parent: Cause | None = None,
    is_example: bool = False,
) -> Cause:
    """A cause in the problem's tree; with a parent it explains that cause."""
    _check_cause_fields(side, certainty, title)
    analysis = _saved_analysis(problem, user)
    _check_parent(analysis, parent)
    position = (
        Cause.objects.filter(analysis=analysis, parent=parent).aggregate(Max("position"))[
            "position__max"
        ]
        or 0
    ) + 1
    cause = Cause(
        analysis=analysis,
        parent=parent,
        side=side,
        title=title.strip(),
        description=description.strip(),
        evidence=evidence.strip(),
        certainty=certainty,
        position=position,
        created_by=_by(user),
        is_example=is_example,
    )
    _clean(cause, ["analysis", "parent", "created_by"])
    cause.save()
    audit(
        municipality=problem.municipality,
        user=user,
        action="cause_add",
        obj=cause,
        summary=f"orsak till {problem.title}: {cause.title}",
    )
    return cause


@transaction.atomic
def cause_update(
    *,
    cause: Cause,
    user: AnyUser | None,
    title: str,
    side: str,
    certainty: str,
    description: str = "",
    evidence: str = "",
) -> Cause:
    _check_cause_fields(side, certainty, title)
    before = {
        "title": cause.title,
        "side": cause.side,
        "certainty": cause.certainty,
        "description": cause.description,
        "evidence": cause.evidence,
    }
    cause.title = title.strip()
    cause.side = side
    cause.certainty = certainty
    cause.description = description.strip()
    cause.evidence = evidence.strip()
    _clean(cause, ["analysis", "parent", "created_by"])
    cause.save()
    after = {
        "title": cause.title,
        "side": cause.side,
        "certainty": cause.certainty,
        "description": cause.description,
        "evidence": cause.evidence,
    }
    problem = cause.analysis.problem
    audit(
        municipality=problem.municipality,
        user=user,
        action="cause_update",
        obj=cause,
        summary=f"orsak ändrad ({problem.title}): {cause.title}",
        changes={k: (before[k], after[k]) for k in before if before[k] != after[k]},
    )
    return cause


@transaction.atomic
def cause_move(
    *, cause: Cause, user: AnyUser | None, parent: Cause | None, position: int | None = None
) -> Cause:
    """Hang the cause (with its explanations) under another cause, or at the root."""
    if parent is not None and (parent.pk == cause.pk or parent.pk in _descendant_ids(cause)):
        raise ValidationError(
            {"parent": _("En orsak kan inte förklara sig själv eller en av sina förklaringar.")}
        )
    _check_parent(cause.analysis, parent, height=_height(cause))
    if position is not None and not 0 <= position <= 32767:
        raise ValidationError({"position": _("Ordningen är ett heltal från 0.")})
    before = cause.parent_id
    cause.parent = parent
    if position is not None:
        cause.position = position
    cause.save(update_fields=["parent", "position", "updated_at"])
    problem = cause.analysis.problem
    audit(
        municipality=problem.municipality,
        user=user,
        action="cause_move",
        obj=cause,
        summary=f"orsak flyttad ({problem.title}): {cause.title}",
        changes={"parent": (before, cause.parent_id)},
    )
    return cause


@transaction.atomic
def cause_delete(*, cause: Cause, user: AnyUser | None) -> None:
    """Remove a cause and its explanations; refused while a measure is aimed at any of them."""
    ids = {cause.pk, *_descendant_ids(cause)}
    aimed = Cause.objects.filter(pk__in=ids, measures__isnull=False).distinct()
    if aimed.exists():
        raise ValidationError(
            _(
                "Åtgärder i åtgärdsplanen riktar sig mot orsaken eller dess förklaringar. Ta bort "
                "kopplingen i åtgärden först."
            )
        )
    problem = cause.analysis.problem
    audit(
        municipality=problem.municipality,
        user=user,
        action="cause_delete",
        obj=cause,
        summary=f"orsak borttagen ({problem.title}): {cause.title}"
        + (f" med {len(ids) - 1} förklaringar" if len(ids) > 1 else ""),
    )
    cause.delete()


def cause_tree(analysis: CauseAnalysis) -> list[tuple[Cause, list]]:  # type: ignore[type-arg]
    """The causes as (cause, children) pairs, roots first, each level in its order."""
    if analysis.pk is None:
        return []
    causes = list(Cause.objects.filter(analysis=analysis).order_by("position", "pk"))
    children: dict[int | None, list[Cause]] = {}
    for cause in causes:
        children.setdefault(cause.parent_id, []).append(cause)

    def build(parent_id: int | None, seen: frozenset[int]) -> list[tuple[Cause, list]]:  # type: ignore[type-arg]
        return [
            (c, build(c.pk, seen | {c.pk})) for c in children.get(parent_id, []) if c.pk not in seen
        ]

    return build(None, frozenset())
