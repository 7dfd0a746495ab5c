"""The Angered example of the knowledge-based process, loaded after the rest of the demo (the
organisation file, the demo users, the meetings, incidents, lägesbilder and statistics) on a fixed
day late in 2026, as the meetings example's tests do: problems from the medborgarlöfte with their
evidence, priorities and the plan confirmed by the Ledningsgrupp's decision, a year of follow-ups
with one overdue, the evaluations, the public promise; the action_plan and annual_report commands
read it; loading twice changes nothing."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse

from samverka.accounts.models import Municipality, User
from samverka.core.examples import example_loaders
from samverka.core.progress import no_progress
from samverka.core.testing import World
from samverka.meetings.example import load_example as load_meetings
from samverka.meetings.tests.test_example import import_angered
from samverka.organisation.management.commands.bootstrap_demo import (
    Command as BootstrapDemo,
)
from samverka.process.annual_report import build_annual_report
from samverka.process.example import load_example
from samverka.process.models import (
    ActionPlan,
    Cause,
    CitizenPromise,
    DialogueNote,
    Evaluation,
    EvaluationKind,
    EvidenceKind,
    FollowUp,
    Goal,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    Lesson,
    Measure,
    MeasureKind,
    Problem,
    ProblemEvidence,
    ProblemStatus,
    PromiseStatus,
)
from samverka.process.services.plans import overdue_measures
from samverka.situation.models import ReportStatus, SituationReport

TODAY = date(2026, 11, 25)
MODELS = (
    Problem,
    ProblemEvidence,
    Cause,
    Goal,
    Indicator,
    IndicatorValue,
    ActionPlan,
    Measure,
    FollowUp,
    Evaluation,
    Lesson,
    CitizenPromise,
    DialogueNote,
)


def load_demo() -> Municipality:
    """The demo as bootstrap_demo loads it, with the meetings and the process on ``TODAY``."""
    municipality = import_angered()
    BootstrapDemo()._create_users(municipality)
    for loader in example_loaders():
        if loader.name == "meetings":
            load_meetings(municipality, no_progress, today=TODAY)
        elif loader.name == "process":
            load_example(municipality, no_progress, today=TODAY)
        else:
            loader.load(municipality, no_progress)
    return municipality


class TestAngeredProcess(TestCase):
    municipality: Municipality

    @classmethod
    def setUpTestData(cls) -> None:
        cls.municipality = load_demo()

    def plan(self) -> ActionPlan:
        return ActionPlan.objects.get(municipality=self.municipality)

    def test_it_runs_after_the_statistics_and_before_sspf(self) -> None:
        orders = {loader.name: loader.order for loader in example_loaders()}
        assert orders["meetings"] < orders["situation"] < orders["statistik"]
        assert orders["statistik"] < orders["process"] < orders["sspf"]

    def test_the_problems_come_from_the_medborgarlofte_with_their_evidence(self) -> None:
        problems = Problem.objects.filter(municipality=self.municipality).order_by("priority")
        assert [p.priority for p in problems] == [1, 2, 3]
        assert "Hammarkullen" in problems[0].title
        assert all(p.status == ProblemStatus.PRIORITISED for p in problems)
        decision = problems[0].priority_decision
        assert decision is not None
        assert decision.title == "Verksamhetsplan för Trygg i Angered 2026"
        assert decision.meeting.group.may_decide
        kinds = set(problems[0].evidence.values_list("kind", flat=True))
        assert {EvidenceKind.SITUATION, EvidenceKind.STATISTICS, EvidenceKind.DIALOGUE} <= kinds
        finding = problems[0].evidence.filter(kind=EvidenceKind.SITUATION).first()
        assert finding is not None and finding.situation_report is not None
        latest = (
            SituationReport.objects.filter(
                municipality=self.municipality, area__name="Angered", status=ReportStatus.ADOPTED
            )
            .order_by("-period_start")
            .first()
        )
        assert finding.situation_report == latest
        assert "Hammarkullen" in finding.figure_label

    def test_every_problem_has_a_triangle_and_a_tree_of_three_to_six_causes(self) -> None:
        for problem in Problem.objects.filter(municipality=self.municipality):
            analysis = problem.cause_analysis
            assert analysis.place and analysis.summary
            causes = list(analysis.causes.all())
            assert 3 <= len(causes) <= 6, problem.title
            assert all(c.evidence and c.certainty for c in causes)
            assert any(c.parent_id for c in causes)

    def test_goals_are_promoted_from_the_promise_and_the_agreement(self) -> None:
        promise = CitizenPromise.objects.get(municipality=self.municipality)
        promoted = Goal.objects.filter(document=promise.document, parent=None)
        assert next(g.source_line for g in promoted.order_by("position")) == (
            "Minskat problem med otrygghet i Hammarkullen"
        )
        assert (
            Goal.objects.filter(
                document__title__startswith="Samverkansöverenskommelse", source_line__gt=""
            ).count()
            == 2
        )
        assert Goal.objects.filter(municipality=self.municipality, parent__isnull=False).exists()

    def test_indicators_are_counted_entered_and_read_and_approved_by_another_user(self) -> None:
        indicators = Indicator.objects.filter(municipality=self.municipality)
        counted = indicators.get(source=IndicatorSource.INCIDENTS)
        assert counted.area is not None and counted.area.name == "Hammarkullen"
        assert counted.baseline_value is not None and counted.target_value is not None
        assert indicators.filter(source=IndicatorSource.STATISTICS).exists()
        survey = indicators.filter(source=IndicatorSource.MANUAL).get(name__startswith="Andel som")
        values = list(survey.values.order_by("period_start"))
        assert [v.period_start.year for v in values] == [2023, 2024, 2025, 2026]
        approved = [v for v in values if v.approved_by_id]
        assert len(approved) == 3
        medlem, samordnare = (
            User.objects.get(username="medlem"),
            User.objects.get(username="samordnare"),
        )
        assert all(v.entered_by == medlem and v.approved_by == samordnare for v in approved)

    def test_the_plan_is_adopted_by_the_ledningsgrupp_decision(self) -> None:
        plan = self.plan()
        version = plan.versions.get()
        assert version.decision.title == "Verksamhetsplan för Trygg i Angered 2026"
        assert version.decision.meeting.group.may_decide
        measures = list(plan.measures.all())
        assert 5 <= len(measures) <= 7
        assert {m.kind for m in measures} == {MeasureKind.SITUATIONAL, MeasureKind.SOCIAL}
        assert all(m.adopted_decision == version.decision for m in measures)
        assert all(m.causes.exists() and m.responsible_organisation for m in measures)
        assert all(m.logic_activity and m.logic_goal and m.activities.exists() for m in measures)
        assert any(m.working_group_id for m in measures)
        assert any(m.budget for m in measures)

    def test_a_year_of_follow_ups_some_late_and_one_overdue_today(self) -> None:
        followups = FollowUp.objects.filter(municipality=self.municipality)
        assert followups.count() >= 15
        assert all(f.made_on <= TODAY for f in followups)
        late = [f for f in followups if f.due_on and f.made_on > f.due_on]
        assert late
        overdue = list(overdue_measures(self.municipality, before=TODAY))
        assert len(overdue) == 1
        assert Lesson.objects.filter(municipality=self.municipality, followup__isnull=False)

    def test_one_process_and_one_effect_evaluation_with_an_interval(self) -> None:
        evaluations = Evaluation.objects.filter(municipality=self.municipality)
        assert evaluations.filter(kind=EvaluationKind.PROCESS).count() == 1
        effect = evaluations.get(kind=EvaluationKind.EFFECT)
        assert effect.target_area is not None and effect.target_area.name == "Hammarkullen"
        assert effect.comparison_area is not None
        assert effect.before_end is not None and effect.after_start is not None
        assert effect.before_end < effect.measure.start <= effect.after_start  # type: ignore[operator]
        estimate = (effect.result or {})["estimate"]
        assert estimate["low"] is not None and estimate["high"] is not None
        assert estimate["low"] <= estimate["ratio"] <= estimate["high"]

    def test_the_promise_is_signed_public_and_its_page_shows_progress(self) -> None:
        promise = CitizenPromise.objects.get(municipality=self.municipality)
        assert promise.status == PromiseStatus.SIGNED and promise.is_public
        assert promise.signatures.count() == promise.document.parties.count() == 2
        assert all(a.measure_id for a in promise.activities.all())
        assert promise.dialogues.count() == 3
        url = reverse(
            "process:promise_public",
            kwargs={"municipality": self.municipality.slug, "public_slug": promise.public_slug},
        )
        response = Client().get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Polisen till fots" in page
        assert "Stefan Wikström" not in page or "undertecknat" in page.lower()

    def test_everything_is_marked_as_example(self) -> None:
        for model in MODELS:
            rows = model.objects.all()  # type: ignore[attr-defined]
            assert rows.exists(), model
            assert not rows.filter(is_example=False).exists(), model

    def test_loading_twice_changes_nothing(self) -> None:
        before = [model.objects.count() for model in MODELS]  # type: ignore[attr-defined]
        message = load_example(self.municipality, no_progress, today=TODAY)
        assert "finns redan" in message
        assert [model.objects.count() for model in MODELS] == before  # type: ignore[attr-defined]

    def test_action_plan_json_names_hammarkullen_causes_followups_and_decision(self) -> None:
        out = io.StringIO()
        path = Path(self._tmp()) / "plan.json"
        call_command(
            "action_plan",
            "goteborg",
            "--format",
            "json",
            "-o",
            str(path),
            stdout=out,
            stderr=io.StringIO(),
        )
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = json.dumps(doc, ensure_ascii=False)
        assert "Hammarkullen" in doc["areas"]
        assert "Mörka och igenvuxna gångstråk och gångtunnel" in text
        assert sum(len(m["followups"]) for m in doc["measures"]) >= 15
        assert doc["adopted"]["decision"]["title"] == "Verksamhetsplan för Trygg i Angered 2026"
        assert doc["adopted"]["decision"]["group"] == "Ledningsgruppen Trygg i Angered"

    def test_the_annual_report_of_the_example(self) -> None:
        report = build_annual_report(self.municipality, 2026, today=TODAY)
        assert report.counts.problems == 3
        assert report.counts.measures == Measure.objects.count()
        followups = FollowUp.objects.filter(made_on__year=2026).count()
        assert report.counts.followups == followups
        assert report.counts.followups_late >= 1
        assert report.counts.followups_on_time + report.counts.followups_late == followups
        assert report.counts.overdue_now == 1
        assert report.counts.evaluations == 2
        assert "Verksamhetsplan för Trygg i Angered 2026" in report.plans[0].adopted
        assert "3 prioriterade problem" in report.summary and "försenade" in report.summary
        effect = next(e for e in report.evaluations if e.kind == EvaluationKind.EFFECT)
        assert "konfidensintervall" in effect.estimate

    def test_annual_report_command_and_page_for_the_example(self) -> None:
        path = Path(self._tmp()) / "arsrapport.json"
        err = io.StringIO()
        call_command(
            "annual_report",
            "goteborg",
            "--year",
            "2026",
            "--format",
            "json",
            "-o",
            str(path),
            stdout=io.StringIO(),
            stderr=err,
        )
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["year"] == 2026 and data["counts"]["measures"] == Measure.objects.count()
        assert "årsrapport" in err.getvalue() and "7/7" in err.getvalue()
        client = Client()
        client.force_login(User.objects.get(username="lasare"))
        url = reverse("process:annual_report", kwargs={"municipality": "goteborg", "year": 2026})
        response = client.get(url)
        assert response.status_code == 200
        assert "Polisens fotpatrullering och öppet hus på torget" in response.content.decode()

    def _tmp(self) -> str:
        import tempfile

        directory = tempfile.mkdtemp(prefix="samverka-p6-")
        self.addCleanup(__import__("shutil").rmtree, directory, True)
        return directory


def test_the_loader_does_nothing_outside_the_angered_example(world: World) -> None:
    assert load_example(world.testby, no_progress) == ""
    assert not Problem.objects.exists()


def test_early_in_the_year_the_plan_waits_for_the_decision(db: None) -> None:
    """Before the Ledningsgrupp's first meeting there is no decision: the problems stay proposed,
    the plan is not adopted and nothing is followed up or evaluated yet."""
    municipality = import_angered()
    early = date(2026, 1, 10)
    load_meetings(municipality, no_progress, today=early)
    summary = load_example(municipality, no_progress, today=early)
    assert "inte antagen än" in summary
    assert not Problem.objects.filter(status=ProblemStatus.PRIORITISED).exists()
    assert not ActionPlan.objects.get(municipality=municipality).versions.exists()
    assert not FollowUp.objects.exists() and not Evaluation.objects.exists()
    assert CitizenPromise.objects.get(municipality=municipality).status == PromiseStatus.DRAFT
