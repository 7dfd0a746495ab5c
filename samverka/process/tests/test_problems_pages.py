"""The problem pages: what a coordinator and a reader see and do; a refused form is a 400 with a
Swedish message, never a 500."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from samverka.accounts.access import Access
from samverka.core.testing import World
from samverka.process.links_problems import problems_citing_report
from samverka.process.models import (
    ActionPlan,
    EvidenceKind,
    FollowUp,
    Measure,
    Problem,
    ProblemStatus,
)
from samverka.process.services import problems as services
from samverka.process.tests.problem_factories import (
    make_adopted_report,
    make_decision,
    make_problem,
    make_rise,
)

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"process:{name}", kwargs={"municipality": "testby", **kwargs})


@pytest.fixture
def alice(client: Client, world: World) -> Client:
    client.force_login(world.alice)
    return client


def test_list_in_priority_order_with_exports(alice: Client, world: World) -> None:
    later, first = make_problem(world, "Klotter"), make_problem(world, "Rån vid torget")
    services.prioritise(
        municipality=world.testby, user=world.alice, priorities={first: 1, later: 2}
    )
    page = alice.get(_url("problem_list")).content.decode()
    assert page.index("Rån vid torget") < page.index("Klotter")
    csv = alice.get(_url("problem_list") + "?format=csv")
    assert csv.status_code == 200
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Prioritet")
    assert "Rån vid torget" in lines[1]
    xlsx = alice.get(_url("problem_list") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet["B2"].value == "Rån vid torget"
    assert alice.get(_url("problem_list") + "?format=pdf").status_code == 404


def test_create_refuses_no_area_and_a_taken_title_with_400(alice: Client, world: World) -> None:
    response = alice.post(_url("problem_create"), {"title": "Bilbränder"})
    assert response.status_code == 400
    assert "Välj minst ett område" in response.content.decode()
    make_problem(world, "Bilbränder")
    response = alice.post(_url("problem_create"), {"title": "Bilbränder", "areas": [world.area.pk]})
    assert response.status_code == 400
    assert "redan ett problem" in response.content.decode()
    response = alice.post(
        _url("problem_create"), {"title": "Otrygghet", "areas": [world.other_area.pk]}
    )
    assert response.status_code == 400
    response = alice.post(_url("problem_create"), {"title": "Otrygghet", "areas": ["9" * 30]})
    assert response.status_code == 400
    response = alice.post(_url("problem_create"), {"title": "Otrygghet", "areas": [world.area.pk]})
    assert response.status_code == 302
    assert Problem.objects.filter(title="Otrygghet", areas=world.area).exists()


def test_evidence_from_a_lagesbild_finding_links_back(alice: Client, world: World) -> None:
    assault = make_rise(world)
    report = make_adopted_report(world)
    problem = make_problem(world)
    key = f"subarea:{world.area.pk}/category:{assault.pk}"
    form = alice.get(_url("problem_evidence_add", pk=problem.pk)).content.decode()
    assert f"{report.pk}|{key}" in form
    response = alice.post(
        _url("problem_evidence_add", pk=problem.pk),
        {"kind": EvidenceKind.SITUATION, "finding": f"{report.pk}|{key}"},
    )
    assert response.status_code == 302
    evidence = problem.evidence.get()
    assert evidence.figure_key == key
    page = alice.get(_url("problem_detail", pk=problem.pk)).content.decode()
    anchor = f"finding-subarea-{world.area.pk}-category-{assault.pk}"
    situation = reverse("situation:detail", kwargs={"municipality": "testby", "pk": report.pk})
    assert f'href="{situation}#{anchor}"' in page
    assert evidence.figure_label in page
    # The lägesbild names the problem in its related links.
    links = problems_citing_report(
        "situation.SituationReport", report, Access.for_user(world.dave, world.testby)
    )
    assert [link.label for link in links] == [problem.title]
    assert links[0].url == _url("problem_detail", pk=problem.pk)
    assert (
        problems_citing_report(
            "situation.SituationReport", report, Access.for_user(world.olle, world.annanstad)
        )
        == []
    )


def test_evidence_form_errors_are_400_in_swedish(alice: Client, world: World) -> None:
    problem = make_problem(world)
    response = alice.post(
        _url("problem_evidence_add", pk=problem.pk), {"kind": EvidenceKind.SITUATION}
    )
    assert response.status_code == 400
    assert "kommunens lägesbilder" in response.content.decode()
    response = alice.post(
        _url("problem_evidence_add", pk=problem.pk), {"kind": EvidenceKind.OTHER, "title": "X"}
    )
    assert response.status_code == 400
    assert "Skriv vad underlaget visar" in response.content.decode()
    response = alice.post(
        _url("problem_evidence_add", pk=problem.pk), {"kind": "situation", "finding": "1|x"}
    )
    assert response.status_code == 400  # not one of the offered choices
    response = alice.post(
        _url("problem_evidence_add", pk=problem.pk),
        {
            "kind": EvidenceKind.SURVEY,
            "title": "Trygghetsmätning",
            "note": "Hälften otrygga",
            "source_url": "https://example.org/matning",
        },
    )
    assert response.status_code == 302
    evidence = problem.evidence.get()
    assert (
        alice.post(
            _url("problem_evidence_delete", pk=problem.pk, evidence_pk=evidence.pk)
        ).status_code
        == 302
    )
    assert not problem.evidence.exists()


def test_prioritise_and_confirm_only_by_a_deciding_group(alice: Client, world: World) -> None:
    one, two = make_problem(world, "Ett"), make_problem(world, "Två")
    response = alice.post(
        _url("problem_prioritise"), {f"priority_{one.pk}": "1", f"priority_{two.pk}": "1"}
    )
    assert response.status_code == 400
    assert "samma prioritet" in response.content.decode()
    response = alice.post(
        _url("problem_prioritise"),
        {f"priority_{one.pk}": "1", f"priority_{two.pk}": "2", "prepared_by": world.preparation.pk},
    )
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.priority == 1 and one.status == ProblemStatus.PROPOSED
    preparing = make_decision(world.preparation)
    response = alice.post(_url("problem_confirm", pk=one.pk), {"decision": preparing.pk})
    assert response.status_code == 400
    assert "Styrgruppen" in response.content.decode()
    deciding = make_decision(world.steering)
    response = alice.post(_url("problem_confirm", pk=one.pk), {"decision": deciding.pk})
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.status == ProblemStatus.PRIORITISED
    page = alice.get(_url("problem_detail", pk=one.pk)).content.decode()
    assert "bekräftad av Styrgruppen" in page


def test_cause_analysis_pages(alice: Client, world: World) -> None:
    problem = make_problem(world)
    response = alice.post(
        _url("cause_analysis", pk=problem.pk), {"offender": "Unga män", "place": "Torget"}
    )
    assert response.status_code == 302
    response = alice.post(
        _url("cause_add", pk=problem.pk),
        {"title": "Mörkt på torget", "side": "place", "certainty": "established"},
    )
    assert response.status_code == 302
    root = services.analysis_of(problem).causes.get()
    alice.post(
        _url("cause_add", pk=problem.pk),
        {"title": "Trasig belysning", "side": "place", "certainty": "assumed", "parent": root.pk},
    )
    child = root.children.get()
    # Hanging the root under its own explanation: a 400 in Swedish.
    response = alice.post(
        _url("cause_edit", pk=problem.pk, cause_pk=root.pk),
        {"title": root.title, "side": "place", "certainty": "established", "parent": child.pk},
    )
    assert response.status_code == 400
    assert "förklara sig själv" in response.content.decode()
    response = alice.post(_url("cause_add", pk=problem.pk), {"title": "", "side": "nowhere"})
    assert response.status_code == 400
    page = alice.get(_url("problem_detail", pk=problem.pk)).content.decode()
    assert 'role="img"' in page and "<title" in page
    assert "[Antagande]" in page and "Trasig belysning" in page and "Unga män" in page
    svg = alice.get(_url("cause_analysis_svg", pk=problem.pk))
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert b"Trasig belysning" in svg.content
    response = alice.post(_url("cause_delete", pk=problem.pk, cause_pk=root.pk))
    assert response.status_code == 302
    assert not services.analysis_of(problem).causes.exists()


def test_traceability_to_measures_and_follow_ups(client: Client, world: World) -> None:
    problem = make_problem(world)
    cause = services.cause_add(problem=problem, user=world.alice, title="Mörkt", side="place")
    plan = ActionPlan.objects.create(
        municipality=world.testby,
        title="Plan",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    measure = Measure.objects.create(
        municipality=world.testby,
        plan=plan,
        title="Ny belysning",
        kind="situational",
        term="short",
    )
    measure.causes.add(cause)
    FollowUp.objects.create(
        municipality=world.testby,
        measure=measure,
        made_on=date(2026, 6, 1),
        as_planned="partly",
        deviations="Leveransen försenad",
    )
    client.force_login(world.dave)
    page = client.get(_url("problem_detail", pk=problem.pk)).content.decode()
    assert "Ny belysning" in page and "Leveransen försenad" in page
    assert "Ändra" not in page  # a reader reads


def test_another_municipalitys_problem_is_404(alice: Client, world: World) -> None:
    other = services.problem_create(
        municipality=world.annanstad, user=world.olle, title="Annat", areas=[world.other_area]
    )
    assert alice.get(_url("problem_detail", pk=other.pk)).status_code == 404
    assert alice.post(_url("problem_edit", pk=other.pk), {"title": "x"}).status_code == 404
