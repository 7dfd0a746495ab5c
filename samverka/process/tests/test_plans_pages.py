"""The åtgärdsplan pages: a coordinator adopts a plan only with a decision of a group with the
mandate to decide; the plan page shows progress with the weights, status and overdue flags;
a measure page shows why it exists; the plan reads back as PDF and XLSX."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import World
from samverka.meetings.models import DecisionOutcome
from samverka.process.models import Measure, MeasureStatus, PlanVersion, ProblemEvidence
from samverka.process.services import plans as services
from samverka.process.tests._plans_world import (
    adopted_plan,
    causes_of,
    decision,
    measure,
    plan,
    problem_with_causes,
)


def url(name: str, **kwargs: object) -> str:
    return reverse(f"process:{name}", kwargs={"municipality": "testby", **kwargs})


@pytest.fixture
def alice(world: World, client: Client) -> Client:
    client.force_login(world.alice)
    return client


class TestAdoptPage:
    def _proposed(self, world: World):  # type: ignore[no-untyped-def]
        action_plan = plan(world)
        measure(world, action_plan, causes=causes_of(problem_with_causes(world)))
        return action_plan

    def test_the_steering_groups_decision_adopts(self, world: World, alice: Client) -> None:
        action_plan = self._proposed(world)
        d = decision(world.steering)
        page = alice.get(url("plan_adopt", pk=action_plan.pk))
        assert "Åtgärdsplan 2026 antas" in page.content.decode()
        response = alice.post(url("plan_adopt", pk=action_plan.pk), {"decision": d.pk})
        assert response.status_code == 302
        assert action_plan.versions.get().decision == d
        assert set(action_plan.measures.values_list("status", flat=True)) == {"adopted"}

    def test_a_preparing_groups_decision_is_refused_naming_who_decides(
        self, world: World, alice: Client
    ) -> None:
        action_plan = self._proposed(world)
        d = decision(world.preparation)
        response = alice.post(url("plan_adopt", pk=action_plan.pk), {"decision": d.pk})
        assert response.status_code == 400
        text = response.content.decode()
        assert "Beredningsgruppen har inget mandat att fatta beslut" in text
        assert "Styrgruppen" in text
        assert not PlanVersion.objects.exists()

    def test_a_rejected_decision_is_refused(self, world: World, alice: Client) -> None:
        action_plan = self._proposed(world)
        d = decision(world.steering, outcome=DecisionOutcome.REJECTED)
        response = alice.post(url("plan_adopt", pk=action_plan.pk), {"decision": d.pk})
        assert response.status_code == 400
        assert "bifall" in response.content.decode()
        assert not PlanVersion.objects.exists()

    def test_another_municipalitys_decision_is_not_accepted(
        self, world: World, alice: Client
    ) -> None:
        action_plan = self._proposed(world)
        d = decision(world.other_group)
        response = alice.post(url("plan_adopt", pk=action_plan.pk), {"decision": d.pk})
        assert response.status_code == 400
        assert not PlanVersion.objects.exists()

    def test_a_member_of_the_steering_group_may_not_register_it(
        self, world: World, client: Client
    ) -> None:
        action_plan = self._proposed(world)
        client.force_login(world.bob)
        d = decision(world.steering)
        assert (
            client.post(url("plan_adopt", pk=action_plan.pk), {"decision": d.pk}).status_code == 403
        )

    def test_measure_adopt_page_refuses_too(self, world: World, alice: Client) -> None:
        action_plan = self._proposed(world)
        m = action_plan.measures.get()
        response = alice.post(
            url("measure_adopt", pk=m.pk), {"decision": decision(world.preparation).pk}
        )
        assert response.status_code == 400
        assert (
            alice.post(
                url("measure_adopt", pk=m.pk), {"decision": decision(world.steering).pk}
            ).status_code
            == 302
        )
        m.refresh_from_db()
        assert m.status == MeasureStatus.ADOPTED

    def test_the_edit_form_does_not_accept_status_adopted(
        self, world: World, alice: Client
    ) -> None:
        m = self._proposed(world).measures.get()
        response = alice.post(
            url("measure_edit", pk=m.pk),
            {
                "title": m.title,
                "kind": m.kind,
                "term": m.term,
                "weight": 1,
                "followup_every_weeks": 8,
                "position": 0,
                "status": "adopted",
            },
        )
        assert response.status_code == 400
        m.refresh_from_db()
        assert m.status == MeasureStatus.PROPOSED


class TestPlanPage:
    def test_progress_weights_status_and_overdue(self, world: World, alice: Client) -> None:
        action_plan, m, d = adopted_plan(world)
        second = measure(world, action_plan, "Fältassistenter", kind="social", weight=3)
        m.next_followup_due = timezone.localdate() - timedelta(days=1)
        m.save()
        text = alice.get(url("plan_detail", pk=action_plan.pk)).content.decode()
        assert "vikt 1 av 4" in text and "vikt 3 av 4" in text
        assert "Försenad" in text
        assert "Otrygghet på Hammarkullstorget" in text
        assert f"§ {d.number}" in text
        assert second.title in text

    def test_the_measure_page_shows_why_it_exists(self, world: World, alice: Client) -> None:
        _plan, m, _d = adopted_plan(world)
        problem = m.causes.first().analysis.problem  # type: ignore[union-attr]
        ProblemEvidence.objects.create(
            problem=problem, kind="survey", title="Trygghetsmätningen 2025"
        )
        text = alice.get(url("measure_detail", pk=m.pk)).content.decode()
        assert "Mörka passager" in text and "Trygghetsmätningen 2025" in text
        assert problem.title in text

    def test_versions_and_compare(self, world: World, alice: Client) -> None:
        action_plan, m, _d = adopted_plan(world)
        data = services.measure_input_of(m)
        data.title = "Belysning och kameror"
        services.measure_update(measure=m, user=world.alice, data=data)
        assert alice.get(url("plan_versions", pk=action_plan.pk)).status_code == 200
        frozen = alice.get(url("plan_version_detail", pk=action_plan.pk, number=1))
        assert "Belysning på torget" in frozen.content.decode()
        compare = alice.get(url("plan_compare", pk=action_plan.pk), {"a": 1})
        assert "Belysning och kameror" in compare.content.decode()

    @pytest.mark.parametrize("query", [{"a": "x"}, {"a": "7"}, {"a": "1", "b": "-1"}])
    def test_a_malformed_comparison_is_a_400_in_swedish(
        self, world: World, alice: Client, query: dict[str, str]
    ) -> None:
        action_plan, _m, _d = adopted_plan(world)
        response = alice.get(url("plan_compare", pk=action_plan.pk), query)
        assert response.status_code == 400
        assert "version" in response.content.decode()

    def test_the_overdue_list(self, world: World, alice: Client) -> None:
        _plan, m, _d = adopted_plan(world)
        m.next_followup_due = timezone.localdate() - timedelta(days=1)
        m.save()
        text = alice.get(url("followups_overdue")).content.decode()
        assert m.title in text


class TestFollowUpPage:
    def test_the_working_group_records_a_followup(self, world: World, client: Client) -> None:
        _plan, m, _d = adopted_plan(world)
        from samverka.core.testing import make_membership

        make_membership(m.working_group, world.carol_person)  # type: ignore[arg-type]
        client.force_login(world.carol)
        response = client.post(
            url("followup_create", pk=m.pk),
            {
                "made_on": timezone.localdate().isoformat(),
                "as_planned": "partly",
                "outputs": "Tolv nya lampor",
                "lessons": "Börja med fastighetsägaren",
            },
        )
        assert response.status_code == 302
        followup = m.followups.get()
        assert client.get(response["Location"]).status_code == 200
        assert followup.lesson_rows.count() == 1

    def test_a_reader_may_not(self, world: World, client: Client) -> None:
        _plan, m, _d = adopted_plan(world)
        client.force_login(world.dave)
        assert client.get(url("followup_create", pk=m.pk)).status_code == 403


class TestFiles:
    def test_pdf_reads_back(self, world: World, alice: Client, tmp_path) -> None:  # type: ignore[no-untyped-def]
        action_plan, _m, _d = adopted_plan(world)
        response = alice.get(url("plan_pdf", pk=action_plan.pk))
        assert response["Content-Type"] == "application/pdf"
        path = tmp_path / "plan.pdf"
        path.write_bytes(response.content)
        assert shutil.which("pdftotext")
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
        assert "Åtgärdsplan 2026" in text
        assert "Mörka passager" in text
        assert "Styrgruppen" in text

    def test_xlsx_opens(self, world: World, alice: Client) -> None:
        from openpyxl import load_workbook

        action_plan, m, _d = adopted_plan(world)
        response = alice.get(url("plan_xlsx", pk=action_plan.pk))
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Plan", "Åtgärder", "Aktiviteter", "Uppföljningar"]
        assert book["Åtgärder"]["A2"].value == m.title

    def test_csv(self, world: World, alice: Client) -> None:
        action_plan, m, _d = adopted_plan(world)
        response = alice.get(url("plan_export", pk=action_plan.pk, fmt="csv"))
        assert m.title in response.content.decode("utf-8-sig")


def test_a_measure_of_another_municipality_is_404(world: World, client: Client) -> None:
    _plan, m, _d = adopted_plan(world)
    client.force_login(world.olle)
    response = client.get(
        reverse("process:measure_detail", kwargs={"municipality": "annanstad", "pk": m.pk})
    )
    assert response.status_code == 404
    assert Measure.objects.count() == 1
