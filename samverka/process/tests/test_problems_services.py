"""The rules of the problem picture and the cause analysis, through the services."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World, make_area
from samverka.meetings.models import DecisionOutcome
from samverka.process.models import (
    Certainty,
    DialogueNote,
    EvidenceKind,
    Problem,
    ProblemStatus,
    TriangleSide,
)
from samverka.process.services import problems as services
from samverka.process.tests.problem_factories import (
    make_adopted_report,
    make_decision,
    make_problem,
    make_rise,
)
from samverka.stats.models import Series

pytestmark = pytest.mark.django_db


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def test_a_problem_needs_an_area_of_the_municipality(world: World) -> None:
    with pytest.raises(ValidationError) as none:
        services.problem_create(
            municipality=world.testby, user=world.alice, title="Utan område", areas=[]
        )
    assert "minst ett område" in _messages(none)
    with pytest.raises(ValidationError) as foreign:
        services.problem_create(
            municipality=world.testby,
            user=world.alice,
            title="Annans område",
            areas=[world.other_area],
        )
    assert "finnas i kommunen" in _messages(foreign)
    assert not Problem.objects.exists()


def test_title_is_unique_per_municipality_only(world: World) -> None:
    make_problem(world, "Bilbränder")
    with pytest.raises(ValidationError) as twice:
        make_problem(world, "bilbränder")
    assert "redan ett problem" in _messages(twice)
    services.problem_create(
        municipality=world.annanstad,
        user=world.olle,
        title="Bilbränder",
        areas=[world.other_area],
    )
    assert Problem.objects.filter(title="Bilbränder").count() == 2


def test_create_update_close_are_audited(world: World) -> None:
    problem = make_problem(world)
    second = make_area(world.testby, "Södra Testby", parent=world.root_area)
    services.problem_update(
        problem=problem,
        user=world.alice,
        title="Otrygghet vid torget kvällstid",
        areas=[world.area, second],
        description="Ungdomsgrupper",
    )
    services.problem_close(problem=problem, user=world.alice)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED
    assert set(problem.areas.all()) == {world.area, second}
    actions = set(
        AuditEvent.objects.filter(object_id=str(problem.pk)).values_list("action", flat=True)
    )
    assert {"problem_create", "problem_update", "problem_close"} <= actions
    with pytest.raises(ValidationError):
        services.problem_update(problem=problem, user=world.alice, title="x", areas=[world.area])


def test_lagesbild_finding_copies_label_and_value(world: World) -> None:
    assault = make_rise(world)
    report = make_adopted_report(world)
    problem = make_problem(world)
    key = f"subarea:{world.area.pk}/category:{assault.pk}"
    evidence = services.evidence_add(
        problem=problem,
        user=world.alice,
        kind=EvidenceKind.SITUATION,
        situation_report=report,
        figure_key=key,
    )
    assert evidence.figure_key == key
    assert "Misshandel" in evidence.figure_label and "Norra Testby" in evidence.figure_label
    assert "12" in evidence.figure_value
    assert evidence.title  # taken from the version


def test_lagesbild_finding_must_exist_and_be_of_the_municipality(world: World) -> None:
    make_rise(world)
    report = make_adopted_report(world)
    problem = make_problem(world)
    with pytest.raises(ValidationError) as unknown:
        services.evidence_add(
            problem=problem,
            user=world.alice,
            kind=EvidenceKind.SITUATION,
            situation_report=report,
            figure_key="category:999999",
        )
    assert "ingen sådan siffra" in _messages(unknown)
    other = services.problem_create(
        municipality=world.annanstad, user=world.olle, title="Annat", areas=[world.other_area]
    )
    with pytest.raises(ValidationError) as foreign:
        services.evidence_add(
            problem=other,
            user=world.olle,
            kind=EvidenceKind.SITUATION,
            situation_report=report,
            figure_key="total",
        )
    assert "kommunens lägesbilder" in _messages(foreign)


def test_area_status_of_the_report(world: World) -> None:
    make_rise(world)
    report = make_adopted_report(world)
    status = report.area_statuses.first()
    assert status is not None
    problem = make_problem(world)
    evidence = services.evidence_add(
        problem=problem,
        user=world.alice,
        kind=EvidenceKind.SITUATION,
        situation_report=report,
        area_status=status,
    )
    assert status.area.name in evidence.figure_label


def test_statistics_series_shared_or_own_only(world: World) -> None:
    problem = make_problem(world)
    shared = Series.objects.create(
        source="bra", category="misshandel", name="Misshandel", unit="count"
    )
    foreign = Series.objects.create(
        municipality=world.annanstad, source="other", category="x", name="Annans", unit="count"
    )
    evidence = services.evidence_add(
        problem=problem, user=world.alice, kind=EvidenceKind.STATISTICS, series=shared
    )
    assert evidence.title == "Misshandel"
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(
            problem=problem, user=world.alice, kind=EvidenceKind.STATISTICS, series=foreign
        )
    assert "statistikserie" in _messages(refused)


def test_dialogue_and_other_evidence_need_text_and_https(world: World) -> None:
    problem = make_problem(world)
    with pytest.raises(ValidationError) as no_text:
        services.evidence_add(problem=problem, user=world.alice, kind=EvidenceKind.OTHER, title="X")
    assert "vad underlaget visar" in _messages(no_text)
    with pytest.raises(ValidationError) as http:
        services.evidence_add(
            problem=problem,
            user=world.alice,
            kind=EvidenceKind.SURVEY,
            title="Enkät",
            note="60 % känner sig otrygga",
            source_url="http://example.org/x",
        )
    assert "https://" in _messages(http)
    note = DialogueNote.objects.create(
        municipality=world.testby,
        kind="citizen",
        title="Medborgardialog torget",
        held_on=date(2026, 9, 1),
        summary="Otryggt på kvällen",
    )
    evidence = services.evidence_add(
        problem=problem,
        user=world.alice,
        kind=EvidenceKind.DIALOGUE,
        dialogue=note,
        source_url="https://example.org/dialog",
    )
    assert evidence.title == "Medborgardialog torget"
    foreign_note = DialogueNote.objects.create(
        municipality=world.annanstad,
        kind="citizen",
        title="Annan",
        held_on=date(2026, 9, 1),
        summary="x",
    )
    with pytest.raises(ValidationError):
        services.evidence_add(
            problem=problem, user=world.alice, kind=EvidenceKind.DIALOGUE, dialogue=foreign_note
        )
    services.evidence_remove(evidence=evidence, user=world.alice)
    assert not problem.evidence.exists()


def test_priorities_stay_proposed_until_a_deciding_group_confirms(world: World) -> None:
    first, second = make_problem(world, "Ett"), make_problem(world, "Två")
    services.prioritise(
        municipality=world.testby,
        user=world.alice,
        priorities={first: 1, second: 2},
        prepared_by=world.preparation,
    )
    first.refresh_from_db()
    assert first.priority == 1 and first.status == ProblemStatus.PROPOSED
    with pytest.raises(ValidationError) as same:
        services.prioritise(
            municipality=world.testby, user=world.alice, priorities={first: 3, second: 3}
        )
    assert "samma prioritet" in _messages(same)

    # The beredningsgrupp has no mandate to decide: refused, naming the steering group.
    preparing = make_decision(world.preparation)
    with pytest.raises(ValidationError) as refused:
        services.confirm_priority(problem=first, decision=preparing, user=world.alice)
    assert "Styrgruppen" in _messages(refused)
    rejected = make_decision(world.steering, outcome=DecisionOutcome.REJECTED)
    with pytest.raises(ValidationError) as no:
        services.confirm_priority(problem=first, decision=rejected, user=world.alice)
    assert "bifall" in _messages(no)
    foreign = make_decision(world.other_group)
    with pytest.raises(ValidationError) as elsewhere:
        services.confirm_priority(problem=first, decision=foreign, user=world.alice)
    assert "finns inte i kommunen" in _messages(elsewhere)
    first.refresh_from_db()
    assert first.status == ProblemStatus.PROPOSED and first.priority_decision is None

    decision = make_decision(world.steering, outcome=DecisionOutcome.AMENDED)
    services.confirm_priority(problem=first, decision=decision, user=world.alice)
    first.refresh_from_db()
    assert first.status == ProblemStatus.PRIORITISED and first.priority_decision == decision

    # A changed priority is a proposal again.
    services.prioritise(
        municipality=world.testby, user=world.alice, priorities={first: 2, second: 1}
    )
    first.refresh_from_db()
    assert first.status == ProblemStatus.PROPOSED and first.priority_decision is None


def test_confirming_needs_a_priority(world: World) -> None:
    problem = make_problem(world)
    with pytest.raises(ValidationError) as none:
        services.confirm_priority(
            problem=problem, decision=make_decision(world.steering), user=world.alice
        )
    assert "ingen prioritet" in _messages(none)


def test_cause_tree_refuses_cycles_and_depth_over_four(world: World) -> None:
    problem = make_problem(world)
    root = services.cause_add(
        problem=problem,
        user=world.alice,
        title="Mörk plats",
        side=TriangleSide.PLACE,
        certainty=Certainty.ESTABLISHED,
    )
    child = services.cause_add(
        problem=problem,
        user=world.alice,
        title="Trasig belysning",
        side=TriangleSide.PLACE,
        parent=root,
    )
    grandchild = services.cause_add(
        problem=problem,
        user=world.alice,
        title="Ingen felanmälan",
        side=TriangleSide.PLACE,
        parent=child,
        certainty=Certainty.ASSUMED,
    )
    fourth = services.cause_add(
        problem=problem,
        user=world.alice,
        title="Oklart ansvar",
        side=TriangleSide.CONTEXT,
        parent=grandchild,
    )
    with pytest.raises(ValidationError) as deep:
        services.cause_add(
            problem=problem, user=world.alice, title="Femte", side=TriangleSide.PLACE, parent=fourth
        )
    assert "fyra nivåer" in " ".join(deep.value.messages) or "4 nivåer" in " ".join(
        deep.value.messages
    )
    with pytest.raises(ValidationError) as cycle:
        services.cause_move(cause=root, user=world.alice, parent=grandchild)
    assert "förklara sig själv" in " ".join(cycle.value.messages)
    with pytest.raises(ValidationError):
        services.cause_move(cause=root, user=world.alice, parent=root)
    # Moving a subtree so that it would go deeper than four levels is refused as well.
    other_root = services.cause_add(
        problem=problem, user=world.alice, title="Annan", side=TriangleSide.OFFENDER
    )
    deeper = services.cause_add(
        problem=problem,
        user=world.alice,
        title="Annan 2",
        side=TriangleSide.OFFENDER,
        parent=other_root,
    )
    with pytest.raises(ValidationError):
        services.cause_move(cause=child, user=world.alice, parent=deeper)
    services.cause_move(cause=grandchild, user=world.alice, parent=root)
    grandchild.refresh_from_db()
    assert grandchild.parent == root


def test_cause_parent_from_another_analysis_is_refused(world: World) -> None:
    one, two = make_problem(world, "Ett"), make_problem(world, "Två")
    cause = services.cause_add(problem=one, user=world.alice, title="A", side=TriangleSide.PLACE)
    with pytest.raises(ValidationError) as other:
        services.cause_add(
            problem=two, user=world.alice, title="B", side=TriangleSide.PLACE, parent=cause
        )
    assert "annan analys" in " ".join(other.value.messages)


def test_analysis_texts_and_cause_changes_are_audited(world: World) -> None:
    problem = make_problem(world)
    analysis = services.analysis_update(
        problem=problem, user=world.alice, offender="Unga män 15–20 år", place="Torget"
    )
    assert analysis.offender == "Unga män 15–20 år"
    cause = services.cause_add(problem=problem, user=world.alice, title="A", side="place")
    services.cause_update(
        cause=cause, user=world.alice, title="B", side="target", certainty="assumed"
    )
    child = services.cause_add(
        problem=problem, user=world.alice, title="C", side="place", parent=cause
    )
    services.cause_delete(cause=cause, user=world.alice)
    assert not analysis.causes.exists()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    for action in ("cause_analysis_update", "cause_add", "cause_update", "cause_delete"):
        assert action in actions
    del child
    with pytest.raises(ValidationError):
        services.cause_add(problem=problem, user=world.alice, title="D", side="nowhere")
