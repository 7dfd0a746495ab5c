"""Rows of the problem pages and API: everyone with a role in the municipality reads problems,
evidence and cause analyses; the coordinators and the beredningsgrupp write (in the test world no
one sits in the beredningsgrupp: alice and root); a priority is confirmed only by a decision."""

from __future__ import annotations

from typing import Any

from samverka.core.testing import World
from tests.authz.common import (
    API_READ,
    API_WRITE,
    COORDINATOR_WRITE,
    EDIT,
    PAGE,
    READ,
    M,
    Row,
    _api,
    _with,
)

TITLE = "Matrisens problem"


def _problem(w: World) -> int:
    from samverka.process.models import Problem

    return Problem.objects.get(municipality=w.testby, title=TITLE).pk


def _evidence(w: World) -> int:
    from samverka.process.models import ProblemEvidence

    return ProblemEvidence.objects.filter(problem_id=_problem(w)).values_list("pk", flat=True)[0]


def _cause(w: World) -> int:
    from samverka.process.models import Cause

    return Cause.objects.filter(analysis__problem_id=_problem(w)).values_list("pk", flat=True)[0]


PROBLEM = _with(pk=_problem)
EVIDENCE = _with(pk=_problem, evidence_pk=_evidence)
CAUSE = _with(pk=_problem, cause_pk=_cause)
API_PROBLEM = _api(pk=_problem)

ROWS: list[Row] = [
    Row("process:problem_list", M, PAGE, note="also ?format=csv|xlsx"),
    Row("process:problem_create", M, EDIT),
    Row("process:problem_prioritise", M, EDIT),
    Row("process:problem_detail", PROBLEM, PAGE),
    Row("process:problem_edit", PROBLEM, EDIT),
    Row("process:problem_evidence_add", PROBLEM, EDIT),
    Row("process:problem_evidence_delete", EVIDENCE, EDIT),
    Row("process:problem_confirm", PROBLEM, EDIT, note="the decision's group must decide"),
    Row(
        "process:cause_analysis",
        PROBLEM,
        {"GET": READ, "POST": COORDINATOR_WRITE},
        note="everyone reads the analysis; planners write the triangle",
    ),
    Row("process:cause_analysis_svg", PROBLEM, PAGE),
    Row("process:cause_add", PROBLEM, EDIT),
    Row("process:cause_edit", CAUSE, EDIT),
    Row("process:cause_delete", CAUSE, EDIT),
    Row("api-process-problem-list", _api(), {"GET": API_READ, "POST": API_WRITE}),
    Row("api-process-problem-prioritise", _api(), {"POST": API_WRITE}),
    Row("api-process-problem-detail", API_PROBLEM, {"GET": API_READ, "PATCH": API_WRITE}),
    Row("api-process-problem-evidence-list", API_PROBLEM, {"POST": API_WRITE}),
    Row(
        "api-process-problem-evidence-detail",
        _api(pk=_problem, evidence_pk=_evidence),
        {"DELETE": API_WRITE},
    ),
    Row("api-process-cause-analysis", API_PROBLEM, {"PATCH": API_WRITE}),
    Row("api-process-cause-list", API_PROBLEM, {"POST": API_WRITE}),
    Row(
        "api-process-cause-detail",
        _api(pk=_problem, cause_pk=_cause),
        {"PATCH": API_WRITE, "DELETE": API_WRITE},
    ),
    Row("api-process-problem-confirm", API_PROBLEM, {"POST": API_WRITE}),
]


def _make(w: World, municipality: Any, area: Any, title: str) -> Any:
    from samverka.accounts.access import Access
    from samverka.process.models import EvidenceKind
    from samverka.process.services import problems as services

    access = Access.system(municipality)
    problem = services.problem_create(
        municipality=access.municipality, user=None, title=title, areas=[area]
    )
    services.evidence_add(
        problem=problem,
        user=None,
        kind=EvidenceKind.SURVEY,
        title="Trygghetsmätning",
        note="Hälften känner sig otrygga vid torget.",
    )
    services.analysis_update(problem=problem, user=None, place="Torget")
    services.cause_add(problem=problem, user=None, title="Mörkt på torget", side="place")
    return problem


def prepare(world: World) -> None:
    _make(world, world.testby, world.area, TITLE)


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's problem under Testby's URLs: 404 even for Testby's coordinator."""
    from samverka.process.models import Cause

    problem = _make(w, w.annanstad, w.other_area, "Annanstads problem")
    cause = Cause.objects.filter(analysis__problem=problem).values_list("pk", flat=True)[0]
    evidence = problem.evidence.values_list("pk", flat=True)[0]
    here = {"municipality": "testby", "pk": problem.pk}
    return {
        "process:problem_detail": here,
        "process:problem_edit": here,
        "process:problem_evidence_add": here,
        "process:problem_confirm": here,
        "process:cause_analysis": here,
        "process:cause_analysis_svg": here,
        "process:cause_add": here,
        "process:problem_evidence_delete": {**here, "evidence_pk": evidence},
        "process:cause_edit": {**here, "cause_pk": cause},
        "process:cause_delete": {**here, "cause_pk": cause},
    }
