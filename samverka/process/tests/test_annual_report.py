"""The annual follow-up report on a small world of 2025 (a past year, so it reads as of 31
December whatever day the tests run): the numbers checked by hand, the weighted progress with its
weights, the year's follow-ups on time and late, the evaluations and lessons of the year only;
the PDF read back with pdftotext, the XLSX with openpyxl, the JSON; the pages and the command."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from samverka.core.testing import World
from samverka.process.annual_report import (
    annual_report_pdf,
    annual_report_xlsx,
    build_annual_report,
    estimate_text,
)
from samverka.process.models import (
    ActionPlan,
    Activity,
    ActivityStatus,
    AsPlanned,
    Evaluation,
    EvaluationKind,
    FollowUp,
    Goal,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    Lesson,
    Measure,
    MeasureKind,
    MeasureStatus,
    MeasureTerm,
    ProblemStatus,
)
from samverka.process.services import plans as plan_services
from samverka.process.tests._plans_world import causes_of, decision, problem_with_causes

pytestmark = pytest.mark.django_db
YEAR = 2025


def small_world(w: World) -> dict[str, object]:
    """Two measures: A (weight 1) with activities 100 % (weight 1) and 20 % (weight 3) → 40 %;
    B (weight 3) done → 100 %. The plan: (1·40 + 3·100) / 4 = 85 %."""
    problem = problem_with_causes(w)
    problem.priority = 1
    problem.status = ProblemStatus.PRIORITISED
    problem.save()
    cause_a, cause_b = causes_of(problem)
    goal = Goal.objects.create(municipality=w.testby, title="Tryggare torg", document=w.document)
    sub = Goal.objects.create(municipality=w.testby, title="Färre bränder", parent=goal, weight=3)
    indicator = Indicator.objects.create(
        municipality=w.testby,
        goal=goal,
        name="Andel otrygga på torget",
        unit="procent",
        source=IndicatorSource.MANUAL,
        baseline_value=Decimal("40"),
        target_value=Decimal("30"),
        deadline=date(2026, 12, 31),
    )
    for year, value, approved in ((2024, "38", True), (2025, "35", True)):
        IndicatorValue.objects.create(
            indicator=indicator,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            value=Decimal(value),
            entered_by=w.bob,
            approved_by=w.alice if approved else None,
            approved_at=timezone.now() if approved else None,
        )
    plan = ActionPlan.objects.create(
        municipality=w.testby,
        title="Åtgärdsplan 2025",
        period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31),
    )
    a = Measure.objects.create(
        municipality=w.testby,
        plan=plan,
        title="Belysning på torget",
        kind=MeasureKind.SITUATIONAL,
        term=MeasureTerm.SHORT,
        weight=1,
        responsible_organisation=w.administration,
        budget=Decimal(100000),
        position=1,
    )
    b = Measure.objects.create(
        municipality=w.testby,
        plan=plan,
        title="Fritidsgård på kvällen",
        kind=MeasureKind.SOCIAL,
        term=MeasureTerm.LONG,
        weight=3,
        responsible_organisation=w.administration,
        budget=Decimal(50000),
        position=2,
    )
    a.causes.add(cause_a)
    b.causes.add(cause_b)
    a.goals.add(goal)
    b.goals.add(sub)
    Activity.objects.create(measure=a, title="Inventering", status=ActivityStatus.DONE, weight=1)
    Activity.objects.create(measure=a, title="Byte av lampor", progress=20, weight=3)
    adopting = decision(w.steering, day=date(YEAR, 1, 20), title="Åtgärdsplan 2025 antas")
    plan_services.plan_adopt(plan=plan, decision=adopting, user=w.alice)
    Measure.objects.filter(pk=a.pk).update(
        status=MeasureStatus.IN_PROGRESS, next_followup_due=date(YEAR, 12, 1)
    )
    Measure.objects.filter(pk=b.pk).update(status=MeasureStatus.DONE, next_followup_due=None)
    for measure, made, due in (
        (a, date(2024, 12, 20), date(2024, 12, 22)),  # last year: not counted
        (a, date(YEAR, 3, 1), date(YEAR, 3, 3)),
        (a, date(YEAR, 5, 20), date(YEAR, 5, 10)),  # late
        (b, date(YEAR, 6, 1), date(YEAR, 6, 1)),
    ):
        FollowUp.objects.create(
            municipality=w.testby,
            measure=measure,
            made_on=made,
            due_on=due,
            as_planned=AsPlanned.YES,
            outputs="Gjort.",
        )
    Evaluation.objects.create(
        municipality=w.testby,
        measure=a,
        kind=EvaluationKind.PROCESS,
        title="Processutvärdering av belysningen",
        made_on=date(YEAR, 9, 1),
        as_planned="Ja, alla lampor byttes.",
        reached="Boende runt torget.",
    )
    Evaluation.objects.create(
        municipality=w.testby,
        measure=b,
        kind=EvaluationKind.EFFECT,
        title="Effekt av fritidsgården",
        made_on=date(YEAR, 10, 1),
        result={
            "estimate": {
                "ratio": 0.8,
                "low": 0.6,
                "high": 1.07,
                "percent": -20.0,
                "percent_low": -40.0,
                "percent_high": 7.0,
            },
            "reading": "Antalet minskade något mer än i jämförelseområdet.",
        },
    )
    Evaluation.objects.create(
        municipality=w.testby,
        measure=b,
        kind=EvaluationKind.PROCESS,
        title="Förra årets utvärdering",
        made_on=date(2024, 10, 1),
    )
    for title, year in (("Lärdom ett", YEAR), ("Lärdom två", YEAR), ("Gammal lärdom", 2024)):
        Lesson.objects.create(municipality=w.testby, title=title, text="Text.", year=year)
    return {"plan": plan, "a": a, "b": b, "goal": goal}


def test_the_numbers_and_the_weighted_progress_checked_by_hand(world: World) -> None:
    small_world(world)
    report = build_annual_report(world.testby, YEAR, today=date(2026, 3, 1))
    assert report.as_of == date(YEAR, 12, 31)
    c = report.counts
    assert (c.problems, c.measures, c.measures_done) == (1, 2, 1)
    assert (c.followups, c.followups_on_time, c.followups_late) == (3, 2, 1)
    assert c.overdue_now == 1  # A's follow-up was due 1 December
    assert (c.evaluations, c.lessons, c.budget) == (2, 2, 150000)
    assert c.indicators == 1 and c.indicators_yellow + c.indicators_red == 1

    plan = report.plans[0]
    assert plan.progress_percent == 85
    assert "Styrgruppen" in plan.adopted and "Åtgärdsplan 2025 antas" in plan.adopted
    a, b = report.measures
    assert (a.progress_percent, a.weight_label) == (40, "vikt 1 av 4")
    assert (b.progress_percent, b.weight_label) == (100, "vikt 3 av 4")
    assert [p.weight_label for p in a.activities] == ["vikt 1 av 4", "vikt 3 av 4"]
    assert (a.followups, a.late_followups, a.overdue) == (2, 1, True)

    goal = report.goals[0]
    assert goal.progress_percent == 85  # A (weight 1, 40 %) and the sub-goal (weight 3, 100 %)
    assert [s.title for s in goal.subgoals] == ["Färre bränder"]
    indicator = goal.indicators[0]
    assert [(v.label, v.value, v.approved) for v in indicator.values] == [("2025", "35", True)]
    assert (indicator.baseline, indicator.target, indicator.latest) == ("40", "30", "35")

    assert [e.title for e in report.evaluations] == [
        "Processutvärdering av belysningen",
        "Effekt av fritidsgården",
    ]
    assert report.evaluations[1].estimate == (
        "−20 % jämfört med jämförelseområdet (95 % konfidensintervall −40 till +7 %), kvot 0,80"
    )
    assert "3 uppföljningar gjordes under året, 2 i tid och 1 försenade" in report.summary
    assert "genomförda till 85 procent" in report.summary
    assert "Lagens krav:" in report.summary


def test_a_year_without_a_plan_says_so(world: World) -> None:
    report = build_annual_report(world.testby, 2019)
    assert report.plans == [] and report.measures == [] and report.followups == []
    assert "Testby kommun har ingen åtgärdsplan för 2019." in report.summary
    assert estimate_text({}) == ""


def test_the_pdf_reads_back_with_the_goals_measures_and_follow_up_counts(
    world: World, tmp_path: Path
) -> None:
    small_world(world)
    steps: list[tuple[str, int, int]] = []
    pdf = annual_report_pdf(
        world.testby, YEAR, today=date(2026, 3, 1), progress=lambda *s: steps.append(s)
    )
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "arsrapport.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    for expected in (
        "Årlig uppföljning 2025: Testby kommun",
        "Tryggare torg",
        "Färre bränder",
        "Belysning på torget",
        "Fritidsgård på kvällen",
        "3 uppföljningar: 2 i tid, 1 försenade",
        "Andel otrygga på torget",
        "konfidensintervall",
    ):
        assert expected in " ".join(text.split()), expected
    assert steps[-1] == ("PDF", 1, 1) and ("årsrapport", 7, 7) in steps


def test_the_xlsx_has_one_sheet_per_section_and_safe_cells(world: World) -> None:
    parts = small_world(world)
    measure = parts["a"]
    assert isinstance(measure, Measure)
    Measure.objects.filter(pk=measure.pk).update(title="=HYPERLINK(1)")
    workbook = load_workbook(
        io.BytesIO(annual_report_xlsx(build_annual_report(world.testby, YEAR)))
    )
    assert workbook.sheetnames == [
        "Sammanfattning",
        "Problem",
        "Mål",
        "Indikatorer",
        "Åtgärder",
        "Uppföljningar",
        "Utvärderingar",
        "Lärdomar",
        "Lagen",
    ]
    measures = [row[0].value for row in workbook["Åtgärder"].iter_rows(min_row=2)]
    assert measures == ["'=HYPERLINK(1)", "Fritidsgård på kvällen"]
    assert workbook["Uppföljningar"].max_row == 4  # a header and the year's three


def test_the_json_is_plain_data(world: World) -> None:
    small_world(world)
    data = json.loads(json.dumps(build_annual_report(world.testby, YEAR).as_dict()))
    assert data["year"] == YEAR and data["counts"]["followups_late"] == 1
    assert data["goals"][0]["subgoals"][0]["title"] == "Färre bränder"
    assert "chart_svg" not in data["goals"][0]["indicators"][0]


def test_the_pages_are_read_by_everyone_with_a_role(world: World) -> None:
    small_world(world)
    client = Client()
    client.force_login(world.dave)
    url = reverse("process:annual_report", kwargs={"municipality": "testby", "year": YEAR})
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Belysning på torget" in page and "vikt 1 av 4" in page and "Försenad" in page
    current_url = reverse("process:annual_report_current", kwargs={"municipality": "testby"})
    current = client.get(current_url)
    assert current.status_code == 302 and "/arsrapport/20" in current["Location"]
    overview = client.get(reverse("process:index", kwargs={"municipality": "testby"}))
    assert current_url in overview.content.decode()
    for year in (1999, 2101):
        bad = reverse("process:annual_report", kwargs={"municipality": "testby", "year": year})
        assert client.get(bad).status_code == 404
    json_url = reverse(
        "process:annual_report_json", kwargs={"municipality": "testby", "year": YEAR}
    )
    assert client.get(json_url).json()["counts"]["measures"] == 2
    xlsx = client.get(
        reverse("process:annual_report_xlsx", kwargs={"municipality": "testby", "year": YEAR})
    )
    assert xlsx.status_code == 200 and "arsrapport-testby-2025.xlsx" in xlsx["Content-Disposition"]
    olle = Client()
    olle.force_login(world.olle)
    assert olle.get(url).status_code == 404


def test_the_command_writes_each_format_with_a_progress_bar(world: World, tmp_path: Path) -> None:
    small_world(world)
    for fmt in ("json", "xlsx", "pdf"):
        out, err = io.StringIO(), io.StringIO()
        path = tmp_path / f"rapport.{fmt}"
        call_command(
            "annual_report",
            "testby",
            "--year",
            str(YEAR),
            "--format",
            fmt,
            "-o",
            str(path),
            stdout=out,
            stderr=err,
        )
        assert path.stat().st_size > 0
        assert "årsrapport" in err.getvalue() and "7/7" in err.getvalue()
        assert "Skrev" in out.getvalue()
    assert json.loads((tmp_path / "rapport.json").read_text())["counts"]["followups"] == 3
    with pytest.raises(CommandError, match="finns inte"):
        call_command("annual_report", "nowhere", "-o", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="mellan 2000 och 2100"):
        call_command("annual_report", "testby", "--year", "1800", "-o", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="ange -o FIL"):
        call_command("annual_report", "testby", "--format", "pdf", "-o", "-")
