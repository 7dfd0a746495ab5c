"""`samverka action_plan` and `samverka adopt_plan`: the plan as JSON naming the areas, problems,
causes, follow-ups and the adopting decision; the PDF reads back with pdftotext; the XLSX opens
with openpyxl; adoption from the command line is refused as on the page."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from samverka.core.testing import World
from samverka.meetings.models import DecisionOutcome
from samverka.process.models import PlanVersion
from samverka.process.services import plans as services
from samverka.process.tests._plans_world import (
    adopted_plan,
    causes_of,
    decision,
    measure,
    plan,
    problem_with_causes,
)


def _run(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue()


class TestActionPlan:
    def test_json_names_areas_problems_causes_followups_and_decision(
        self, world: World, tmp_path: Path
    ) -> None:
        _plan, m, d = adopted_plan(world)
        services.followup_record(
            measure=m, user=None, made_on=timezone.localdate(), as_planned="yes", outputs="Lampor"
        )
        target = tmp_path / "plan.json"
        _run("action_plan", "testby", "--format", "json", "-o", str(target))
        doc = json.loads(target.read_text(encoding="utf-8"))
        assert doc["areas"] == ["Norra Testby"]
        assert [p["title"] for p in doc["problems"]] == ["Otrygghet på Hammarkullstorget"]
        assert {c["title"] for c in doc["problems"][0]["causes"]} == {
            "Mörka passager",
            "Ungdomar utan fritid",
        }
        assert doc["measures"][0]["followups"][0]["outputs"] == "Lampor"
        decided = doc["adopted"]["decision"]
        assert (decided["group"], decided["number"], decided["meeting_id"]) == (
            "Styrgruppen",
            d.number,
            d.meeting_id,
        )
        assert decided["date"] == timezone.localdate(d.meeting.starts_at).isoformat()

    def test_pdf_reads_back_with_pdftotext(self, world: World, tmp_path: Path) -> None:
        action_plan, _m, _d = adopted_plan(world)
        target = tmp_path / "plan.pdf"
        _run(
            "action_plan",
            "testby",
            "--plan",
            str(action_plan.pk),
            "--format",
            "pdf",
            "-o",
            str(target),
        )
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, check=True, text=True
        ).stdout
        assert "Åtgärdsplan 2026" in text and "Ungdomar utan fritid" in text

    def test_xlsx_opens_with_openpyxl(self, world: World, tmp_path: Path) -> None:
        from openpyxl import load_workbook

        _plan, m, _d = adopted_plan(world)
        target = tmp_path / "plan.xlsx"
        _run("action_plan", "testby", "--format", "xlsx", "-o", str(target))
        book = load_workbook(target)
        assert book["Åtgärder"]["A2"].value == m.title

    def test_unknown_municipality_or_plan(self, world: World, tmp_path: Path) -> None:
        with pytest.raises(CommandError, match="finns inte"):
            _run("action_plan", "nowhere", "--format", "json", "-o", str(tmp_path / "x"))
        with pytest.raises(CommandError, match="ingen åtgärdsplan"):
            _run("action_plan", "testby", "--format", "json", "-o", str(tmp_path / "x"))


class TestAdoptPlan:
    def _proposed(self, world: World):  # type: ignore[no-untyped-def]
        p = plan(world)
        measure(world, p, causes=causes_of(problem_with_causes(world)))
        return p

    def test_the_steering_groups_decision_adopts(self, world: World) -> None:
        p = self._proposed(world)
        d = decision(world.steering)
        out = _run("adopt_plan", "testby", str(p.pk), "--decision", str(d.pk), "--user", "alice")
        assert "version 1" in out
        assert p.versions.get().decision == d

    @pytest.mark.parametrize(
        ("who", "outcome", "message"),
        [
            ("preparation", DecisionOutcome.APPROVED, "Styrgruppen"),
            ("steering", DecisionOutcome.REJECTED, "bifall"),
            ("other_group", DecisionOutcome.APPROVED, "annan kommun"),
        ],
    )
    def test_refused_like_the_page(
        self, world: World, who: str, outcome: str, message: str
    ) -> None:
        p = self._proposed(world)
        d = decision(getattr(world, who), outcome=outcome)
        with pytest.raises(CommandError, match=message):
            _run("adopt_plan", "testby", str(p.pk), "--decision", str(d.pk), "--user", "alice")
        assert not PlanVersion.objects.exists()

    def test_a_user_who_may_not_plan_is_refused(self, world: World) -> None:
        p = self._proposed(world)
        d = decision(world.steering)
        with pytest.raises(CommandError, match="får inte anta"):
            _run("adopt_plan", "testby", str(p.pk), "--decision", str(d.pk), "--user", "bob")
        assert not PlanVersion.objects.exists()
