"""The annual follow-up report: what a coordinator hands the steering group and the kommunstyrelse.

One builder (``build_annual_report``) returns a typed structure for a municipality and a year:
the goals with their sub-goals and weighted progress, the indicators with their status, trend,
the year's values and the target, the measures of the year's plans with their progress (and the
weights it came from), the year's follow-ups (on time or late), evaluations and lessons, the law's
requirements, the prioritised problems with their cause analyses, and a short summary in Swedish
with the key numbers. The page, the PDF, the XLSX and the JSON (and the CLI) all read it.

"The year" means 1 January – 31 December; a report of the running year is as of today.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.core.export import safe_cell
from samverka.core.extensions import SituationSection, situation_sections
from samverka.core.pdf import html_to_pdf
from samverka.core.progress import Progress, no_progress
from samverka.process.causes_svg import cause_analysis_svg
from samverka.process.indicator_chart import indicator_chart
from samverka.process.indicators import status_of
from samverka.process.law import law_status
from samverka.process.models import (
    ActionPlan,
    Evaluation,
    EvaluationKind,
    FollowUp,
    Goal,
    Indicator,
    Lesson,
    Measure,
    MeasureStatus,
    Problem,
    ProblemStatus,
)
from samverka.process.rollup import goal_rollup, plan_rollup
from samverka.process.services.goals import indicator_values
from samverka.process.services.plans import decision_dict, is_overdue

MIN_YEAR, MAX_YEAR = 2000, 2100


def _number(value: Decimal | float | None) -> str:
    if value is None:
        return "–"
    number = float(value)
    text = f"{number:.1f}".rstrip("0").rstrip(".") if number != int(number) else str(int(number))
    return text.replace(".", ",").replace("-", "−")


@dataclass(frozen=True)
class ValueRow:
    label: str
    value: str
    approved: bool  # computed values need no approval and count as approved
    is_example: bool = False  # made-up example data: marked "exempel" where shown


@dataclass(frozen=True)
class IndicatorRow:
    id: int
    name: str
    unit: str
    source: str
    direction: str
    baseline: str
    baseline_label: str
    target: str
    deadline: str
    latest: str
    latest_label: str
    colour: str
    colour_label: str
    trend_label: str
    progress_percent: int | None
    values: list[ValueRow]  # the values of the year
    chart_svg: str = field(default="", repr=False)


@dataclass(frozen=True)
class PartRow:
    label: str
    weight_label: str
    percent: int | None


@dataclass(frozen=True)
class GoalRow:
    id: int
    title: str
    document: str
    progress_percent: int
    parts: list[PartRow]
    indicators: list[IndicatorRow]
    subgoals: list[GoalRow]


@dataclass(frozen=True)
class MeasureRow:
    id: int
    title: str
    plan: str
    kind: str
    term: str
    responsible: str
    working_group: str
    status: str
    budget: int | None
    weight: int
    weight_label: str
    progress_percent: int
    progress_basis: str
    activities: list[PartRow]
    causes: list[str]
    followups: int
    late_followups: int
    overdue: bool
    next_followup_due: str


@dataclass(frozen=True)
class FollowUpRow:
    measure: str
    made_on: str
    due_on: str
    late: bool
    as_planned: str
    outputs: str
    deviations: str
    lessons: str


@dataclass(frozen=True)
class EvaluationRow:
    kind: str
    kind_label: str
    title: str
    measure: str
    made_on: str
    made_by: str
    findings: str
    estimate: str
    conclusions: str


@dataclass(frozen=True)
class LessonRow:
    title: str
    text: str
    measure: str
    year: int


@dataclass(frozen=True)
class ProblemRow:
    id: int
    title: str
    priority: int | None
    status: str
    areas: list[str]
    decision: str
    causes: int
    cause_svg: str = field(default="", repr=False)


@dataclass(frozen=True)
class PlanRow:
    id: int
    title: str
    period: str
    adopted: str  # "" when not adopted
    progress_percent: int
    parts: list[PartRow]


@dataclass(frozen=True)
class LawRow:
    label: str
    met: bool
    summary: str
    missing: str


@dataclass(frozen=True)
class Counts:
    problems: int
    measures: int
    measures_done: int
    followups: int
    followups_on_time: int
    followups_late: int
    overdue_now: int
    indicators: int
    indicators_green: int
    indicators_yellow: int
    indicators_red: int
    evaluations: int
    lessons: int
    budget: int


@dataclass(frozen=True)
class AnnualReport:
    municipality: str
    municipality_slug: str
    year: int
    as_of: date
    summary: str
    counts: Counts
    plans: list[PlanRow]
    problems: list[ProblemRow]
    goals: list[GoalRow]
    measures: list[MeasureRow]
    followups: list[FollowUpRow]
    evaluations: list[EvaluationRow]
    lessons: list[LessonRow]
    law: list[LawRow]
    # What later apps add for the whole municipality's year (SSPF's counts): numbers only.
    sections: list[SituationSection] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Årlig uppföljning {self.year}: {self.municipality}"

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (the pictures left out: they are in the PDF and on the page)."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["title"] = self.title
        for problem in data["problems"]:
            problem.pop("cause_svg", None)

        def strip(goal: dict[str, Any]) -> None:
            for indicator in goal["indicators"]:
                indicator.pop("chart_svg", None)
            for sub in goal["subgoals"]:
                strip(sub)

        for goal in data["goals"]:
            strip(goal)
        for section in data["sections"]:
            section.pop("template", None)  # how the page shows it, not data
        return data


# --- the builder --------------------------------------------------------------------------------


def _indicator_row(indicator: Indicator, year: int, as_of: date, *, chart: bool) -> IndicatorRow:
    points = [p for p in indicator_values(indicator, today=as_of) if p.period_end <= as_of]
    status = status_of(
        points,
        baseline=indicator.baseline_value,
        target=indicator.target_value,
        deadline=indicator.deadline,
        direction=indicator.direction,
        today=as_of,
    )
    of_year = [p for p in points if p.period_start.year == year]
    computed = indicator.source != "manual"
    return IndicatorRow(
        id=indicator.pk,
        name=indicator.name,
        unit=indicator.unit,
        source=str(indicator.get_source_display()),
        direction=str(indicator.get_direction_display()),
        baseline=_number(indicator.baseline_value),
        baseline_label=indicator.baseline_label,
        target=_number(indicator.target_value),
        deadline=indicator.deadline.isoformat() if indicator.deadline else "",
        latest=_number(status.latest_value),
        latest_label=status.latest.label if status.latest else "",
        colour=status.colour,
        colour_label=status.colour_label,
        trend_label=status.trend_label,
        progress_percent=status.progress_percent,
        values=[
            ValueRow(
                p.label,
                _number(p.value),
                computed or p.approved_at is not None,
                is_example=p.is_example,
            )
            for p in of_year
        ],
        chart_svg=indicator_chart(indicator, points) if chart and points else "",
    )


def _goal_row(goal: Goal, year: int, as_of: date, seen: frozenset[int], chart: bool) -> GoalRow:
    rollup = goal_rollup(goal)
    seen = seen | {goal.pk}
    return GoalRow(
        id=goal.pk,
        title=goal.title,
        document=goal.document.title if goal.document else "",
        progress_percent=rollup.percent,
        parts=[
            PartRow(part.label, label, None if part.progress is None else int(part.progress + 0.5))
            for part, label in rollup.rows()
        ],
        indicators=[
            _indicator_row(i, year, as_of, chart=chart)
            for i in goal.indicators.order_by("name", "pk")
        ],
        subgoals=[
            _goal_row(sub, year, as_of, seen, chart)
            for sub in goal.subgoals.order_by("position", "pk")
            if sub.pk not in seen
        ],
    )


def _late(followup: FollowUp) -> bool:
    return followup.due_on is not None and followup.made_on > followup.due_on


def _signed(value: float) -> str:
    return f"{value:+.0f}".replace("-", "−")


def estimate_text(ratio: dict[str, Any]) -> str:
    """The difference-in-differences estimate in words: the change beyond the comparison area's,
    with its 95 % interval ("" without an estimate)."""
    if ratio.get("ratio") is None or ratio.get("percent") is None:
        return ""
    text = f"{_signed(ratio['percent'])} % jämfört med jämförelseområdet"
    if ratio.get("percent_low") is not None and ratio.get("percent_high") is not None:
        text += (
            f" (95 % konfidensintervall {_signed(ratio['percent_low'])} till "
            f"{_signed(ratio['percent_high'])} %)"
        )
    return text + f", kvot {ratio['ratio']:.2f}".replace(".", ",")


def _evaluation_row(evaluation: Evaluation) -> EvaluationRow:
    estimate = ""
    findings = ""
    if evaluation.kind == EvaluationKind.PROCESS:
        findings = " ".join(t for t in (evaluation.as_planned, evaluation.reached) if t)
    else:
        result = evaluation.result or {}
        findings = str(result.get("reading") or "")
        ratio = result.get("estimate") if isinstance(result.get("estimate"), dict) else {}
        estimate = estimate_text(ratio or {})
    return EvaluationRow(
        kind=evaluation.kind,
        kind_label=str(evaluation.get_kind_display()),
        title=evaluation.title,
        measure=evaluation.measure.title,
        made_on=evaluation.made_on.isoformat(),
        made_by=evaluation.made_by_name,
        findings=findings,
        estimate=estimate,
        conclusions=evaluation.conclusions,
    )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _summary(
    m: Municipality, year: int, counts: Counts, plans: list[PlanRow], law_met: int, law_total: int
) -> str:
    parts = []
    if plans:
        adopted = [p for p in plans if p.adopted]
        plan = adopted[0] if adopted else plans[0]
        state = f"antagen genom {plan.adopted}" if plan.adopted else "inte antagen"
        parts.append(
            f"Under {year} arbetade {m.name} med "
            f"{_plural(counts.problems, 'prioriterat problem', 'prioriterade problem')} och "
            f"{_plural(counts.measures, 'åtgärd', 'åtgärder')} i {plan.title} ({state}). "
            f"Åtgärderna är genomförda till {plan.progress_percent} procent, vägt med "
            f"åtgärdernas vikter; {counts.measures_done} är avslutade."
        )
    else:
        parts.append(f"{m.name} har ingen åtgärdsplan för {year}.")
    parts.append(
        f"{_plural(counts.followups, 'uppföljning', 'uppföljningar')} gjordes under året, "
        f"{counts.followups_on_time} i tid och {counts.followups_late} försenade"
        + (
            f"; {_plural(counts.overdue_now, 'åtgärd väntar', 'åtgärder väntar')} på en "
            "uppföljning som är försenad."
            if counts.overdue_now
            else "; ingen uppföljning är försenad."
        )
    )
    if counts.indicators:
        parts.append(
            f"Av {_plural(counts.indicators, 'indikator', 'indikatorer')} är "
            f"{counts.indicators_green} gröna (målet nått), {counts.indicators_yellow} gula "
            f"(i takt) och {counts.indicators_red} röda (når inte målet i den här takten)."
        )
    parts.append(
        f"{_plural(counts.evaluations, 'utvärdering', 'utvärderingar')} och "
        f"{_plural(counts.lessons, 'lärdom', 'lärdomar')} är dokumenterade. "
        f"Lagens krav: {law_met} av {law_total} uppfyllda."
    )
    return " ".join(parts)


def build_annual_report(
    municipality: Municipality,
    year: int,
    *,
    today: date | None = None,
    charts: bool = False,
    progress: Progress = no_progress,
) -> AnnualReport:
    """The report of ``year`` (as of today for the running year, else as of 31 December).
    ``charts`` adds the pictures (the cause analyses' and the indicators' SVG) for the PDF and
    the page."""
    today = today or timezone.localdate()
    start, end = date(year, 1, 1), date(year, 12, 31)
    as_of = min(today, end)
    steps = 7
    progress("årsrapport", 0, steps)

    plans = list(
        ActionPlan.objects.filter(
            municipality=municipality, period_start__lte=end, period_end__gte=start
        )
        .select_related("area")
        .order_by("period_start", "pk")
    )
    plan_rows: list[PlanRow] = []
    measure_rows: list[MeasureRow] = []
    for plan in plans:
        rollup = plan_rollup(plan)
        version = plan.versions.select_related("decision__meeting__group").order_by("-number")
        latest = version.first()
        adopted = ""
        if latest is not None:
            d = decision_dict(latest.decision) or {}
            adopted = f"{d['group']}s beslut § {d['number']} ”{d['title']}” den {d['date']}"
        plan_rows.append(
            PlanRow(
                id=plan.pk,
                title=plan.title,
                period=f"{plan.period_start.isoformat()} – {plan.period_end.isoformat()}",
                adopted=adopted,
                progress_percent=rollup.plan.percent,
                parts=[
                    PartRow(p.label, label, None if p.progress is None else int(p.progress + 0.5))
                    for p, label in rollup.plan.rows()
                ],
            )
        )
        for measure in (
            Measure.objects.filter(plan=plan)
            .select_related("responsible_organisation", "working_group")
            .prefetch_related("causes__analysis__problem", "followups", "activities")
            .order_by("position", "pk")
        ):
            r = rollup.measures[measure.pk]
            part = next((p for p in rollup.plan.parts if p.label == measure.title), None)
            year_followups = [f for f in measure.followups.all() if start <= f.made_on <= as_of]
            measure_rows.append(
                MeasureRow(
                    id=measure.pk,
                    title=measure.title,
                    plan=plan.title,
                    kind=str(measure.get_kind_display()),
                    term=str(measure.get_term_display()),
                    responsible=str(measure.responsible_organisation or ""),
                    working_group=str(measure.working_group or ""),
                    status=str(measure.get_status_display()),
                    budget=int(measure.budget) if measure.budget is not None else None,
                    weight=measure.weight,
                    weight_label=rollup.plan.weight_label(part) if part is not None else "",
                    progress_percent=r.percent,
                    progress_basis=r.basis_label,
                    activities=[
                        PartRow(p.label, lbl, None if p.progress is None else int(p.progress + 0.5))
                        for p, lbl in r.rows()
                    ],
                    causes=[
                        f"{c.analysis.problem.title}: {c.title}"
                        for c in sorted(measure.causes.all(), key=lambda c: (c.position, c.pk))
                    ],
                    followups=len(year_followups),
                    late_followups=sum(1 for f in year_followups if _late(f)),
                    overdue=is_overdue(measure, as_of),
                    next_followup_due=(
                        measure.next_followup_due.isoformat() if measure.next_followup_due else ""
                    ),
                )
            )
    progress("årsrapport", 1, steps)

    problems = list(
        Problem.objects.filter(municipality=municipality)
        .filter(
            Q(status=ProblemStatus.PRIORITISED)
            | Q(cause_analysis__causes__measures__plan__in=plans)
        )
        .distinct()
        .select_related("priority_decision__meeting__group", "cause_analysis")
        .prefetch_related("areas")
        .order_by("priority", "title")
    )
    problem_rows = []
    for problem in problems:
        analysis = getattr(problem, "cause_analysis", None)
        decision = decision_dict(problem.priority_decision)
        problem_rows.append(
            ProblemRow(
                id=problem.pk,
                title=problem.title,
                priority=problem.priority,
                status=str(problem.get_status_display()),
                areas=sorted(a.name for a in problem.areas.all()),
                decision=(
                    f"{decision['group']} § {decision['number']} den {decision['date']}"
                    if decision
                    else ""
                ),
                causes=analysis.causes.count() if analysis is not None else 0,
                cause_svg=(
                    cause_analysis_svg(analysis, uid=f"ar-ca-{problem.pk}")
                    if charts and analysis is not None
                    else ""
                ),
            )
        )
    progress("årsrapport", 2, steps)

    goals = [
        _goal_row(goal, year, as_of, frozenset(), charts)
        for goal in Goal.objects.filter(municipality=municipality, parent=None)
        .select_related("document")
        .order_by("document__title", "position", "pk")
    ]
    progress("årsrapport", 3, steps)

    followups = [
        FollowUpRow(
            measure=f.measure.title,
            made_on=f.made_on.isoformat(),
            due_on=f.due_on.isoformat() if f.due_on else "",
            late=_late(f),
            as_planned=str(f.get_as_planned_display()),
            outputs=f.outputs,
            deviations=f.deviations,
            lessons=f.lessons,
        )
        for f in FollowUp.objects.filter(
            municipality=municipality, made_on__gte=start, made_on__lte=as_of
        )
        .select_related("measure")
        .order_by("made_on", "pk")
    ]
    progress("årsrapport", 4, steps)

    evaluations = [
        _evaluation_row(e)
        for e in Evaluation.objects.filter(
            municipality=municipality, made_on__gte=start, made_on__lte=end
        )
        .select_related("measure")
        .order_by("made_on", "pk")
    ]
    lessons = [
        LessonRow(
            title=lesson.title,
            text=lesson.text,
            measure=lesson.measure.title if lesson.measure else "",
            year=lesson.year,
        )
        for lesson in Lesson.objects.filter(municipality=municipality, year=year)
        .select_related("measure")
        .order_by("title", "pk")
    ]
    progress("årsrapport", 5, steps)

    law = law_status(municipality, as_of)
    law_rows = [LawRow(r.label, r.met, r.summary, r.missing) for r in law.requirements]
    progress("årsrapport", 6, steps)

    indicators = _all_indicators(goals)
    counts = Counts(
        problems=sum(1 for p in problems if p.status == ProblemStatus.PRIORITISED),
        measures=len(measure_rows),
        measures_done=Measure.objects.filter(plan__in=plans, status=MeasureStatus.DONE).count(),
        followups=len(followups),
        followups_on_time=sum(1 for f in followups if not f.late),
        followups_late=sum(1 for f in followups if f.late),
        overdue_now=sum(1 for m in measure_rows if m.overdue),
        indicators=len(indicators),
        indicators_green=sum(1 for i in indicators if i.colour == "green"),
        indicators_yellow=sum(1 for i in indicators if i.colour == "yellow"),
        indicators_red=sum(1 for i in indicators if i.colour == "red"),
        evaluations=len(evaluations),
        lessons=len(lessons),
        budget=sum(m.budget or 0 for m in measure_rows),
    )
    report = AnnualReport(
        municipality=municipality.name,
        municipality_slug=municipality.slug,
        year=year,
        as_of=as_of,
        summary=_summary(
            municipality,
            year,
            counts,
            plan_rows,
            sum(1 for r in law_rows if r.met),
            len(law_rows),
        ),
        counts=counts,
        plans=plan_rows,
        problems=problem_rows,
        goals=goals,
        measures=measure_rows,
        followups=followups,
        evaluations=evaluations,
        lessons=lessons,
        law=law_rows,
        sections=situation_sections(municipality, None, start, end + timedelta(days=1)),
    )
    progress("årsrapport", steps, steps)
    return report


def _all_indicators(goals: list[GoalRow]) -> list[IndicatorRow]:
    found: list[IndicatorRow] = []
    for goal in goals:
        found.extend(goal.indicators)
        found.extend(_all_indicators(goal.subgoals))
    return found


def flat_goals(goals: list[GoalRow], level: int = 0) -> list[tuple[int, GoalRow]]:
    """The goals and their sub-goals in reading order, with their level (0: a goal)."""
    rows: list[tuple[int, GoalRow]] = []
    for goal in goals:
        rows.append((level, goal))
        rows.extend(flat_goals(goal.subgoals, level + 1))
    return rows


# --- outputs ------------------------------------------------------------------------------------


def report_context(report: AnnualReport) -> dict[str, Any]:
    goal_rows = flat_goals(report.goals)
    return {
        "report": report,
        "goal_rows": goal_rows,
        "indicator_rows": [(g, i) for _level, g in goal_rows for i in g.indicators],
    }


def annual_report_pdf(
    municipality: Municipality,
    year: int,
    *,
    today: date | None = None,
    progress: Progress = no_progress,
) -> bytes:
    """The report as PDF, with the cause analyses and the indicator charts."""
    report = build_annual_report(municipality, year, today=today, charts=True, progress=progress)
    progress("PDF", 0, 1)
    html = render_to_string("process/report/annual_pdf.html", report_context(report))
    pdf = html_to_pdf(html)
    progress("PDF", 1, 1)
    return pdf


def _sheets(report: AnnualReport) -> list[tuple[str, list[str], list[list[Any]]]]:
    c = report.counts
    summary: list[list[Any]] = [
        ["Rapport", report.title],
        ["Kommun", report.municipality],
        ["År", report.year],
        ["Per dag", report.as_of],
        ["Sammanfattning", report.summary],
        ["Prioriterade problem", c.problems],
        ["Åtgärder", c.measures],
        ["Avslutade åtgärder", c.measures_done],
        ["Budget (kr)", c.budget],
        ["Uppföljningar", c.followups],
        ["I tid", c.followups_on_time],
        ["Försenade", c.followups_late],
        ["Åtgärder med försenad uppföljning nu", c.overdue_now],
        ["Indikatorer", c.indicators],
        ["Gröna", c.indicators_green],
        ["Gula", c.indicators_yellow],
        ["Röda", c.indicators_red],
        ["Utvärderingar", c.evaluations],
        ["Lärdomar", c.lessons],
    ]
    summary += [[f"Plan: {p.title}", p.adopted or "inte antagen"] for p in report.plans]
    return [
        (
            "Sammanfattning",
            ["Fält", "Värde"],
            summary,
        ),
        (
            "Problem",
            ["Prioritet", "Problem", "Status", "Områden", "Beslut", "Orsaker"],
            [
                [p.priority, p.title, p.status, ", ".join(p.areas), p.decision, p.causes]
                for p in report.problems
            ],
        ),
        (
            "Mål",
            ["Nivå", "Mål", "Styrande dokument", "Genomfört (%)", "Delar (vikter)"],
            [
                [
                    "delmål" if level else "mål",
                    g.title,
                    g.document,
                    g.progress_percent,
                    "; ".join(f"{p.label} ({p.weight_label})" for p in g.parts),
                ]
                for level, g in flat_goals(report.goals)
            ],
        ),
        (
            "Indikatorer",
            [
                "Mål",
                "Indikator",
                "Enhet",
                "Källa",
                "Utgångsvärde",
                "Målvärde",
                "Senast",
                "Senaste värde",
                "Status",
                "Trend",
                "Årets värden",
            ],
            [
                [
                    g.title,
                    i.name,
                    i.unit,
                    i.source,
                    i.baseline,
                    i.target,
                    i.deadline,
                    f"{i.latest} ({i.latest_label})" if i.latest_label else i.latest,
                    i.colour_label,
                    i.trend_label,
                    "; ".join(
                        f"{v.label}: {v.value}{' (exempel)' if v.is_example else ''}"
                        f"{'' if v.approved else ' (ej godkänt)'}"
                        for v in i.values
                    ),
                ]
                for _level, g in flat_goals(report.goals)
                for i in g.indicators
            ],
        ),
        (
            "Åtgärder",
            [
                "Åtgärd",
                "Plan",
                "Orsaker",
                "Typ",
                "Ansvarig aktör",
                "Arbetsgrupp",
                "Status",
                "Budget (kr)",
                "Vikt",
                "Genomfört (%)",
                "Uppföljningar",
                "Varav försenade",
                "Uppföljning försenad nu",
            ],
            [
                [
                    m.title,
                    m.plan,
                    "; ".join(m.causes),
                    m.kind,
                    m.responsible,
                    m.working_group,
                    m.status,
                    m.budget,
                    m.weight_label or m.weight,
                    m.progress_percent,
                    m.followups,
                    m.late_followups,
                    m.overdue,
                ]
                for m in report.measures
            ],
        ),
        (
            "Uppföljningar",
            [
                "Åtgärd",
                "Datum",
                "Skulle göras senast",
                "I tid",
                "Som planerat",
                "Prestationer",
                "Avvikelser",
                "Lärdomar",
            ],
            [
                [
                    f.measure,
                    f.made_on,
                    f.due_on,
                    not f.late,
                    f.as_planned,
                    f.outputs,
                    f.deviations,
                    f.lessons,
                ]
                for f in report.followups
            ],
        ),
        (
            "Utvärderingar",
            [
                "Typ",
                "Rubrik",
                "Åtgärd",
                "Datum",
                "Utförd av",
                "Resultat",
                "Skattning",
                "Slutsatser",
            ],
            [
                [
                    e.kind_label,
                    e.title,
                    e.measure,
                    e.made_on,
                    e.made_by,
                    e.findings,
                    e.estimate,
                    e.conclusions,
                ]
                for e in report.evaluations
            ],
        ),
        (
            "Lärdomar",
            ["Lärdom", "Beskrivning", "Åtgärd", "År"],
            [[lesson.title, lesson.text, lesson.measure, lesson.year] for lesson in report.lessons],
        ),
        (
            "Lagen",
            ["Krav", "Uppfyllt", "Vad som finns", "Vad som saknas"],
            [[r.label, r.met, r.summary, r.missing] for r in report.law],
        ),
    ] + [
        (section.title, list(section.sheet_headers), [list(r) for r in section.sheet_rows])
        for section in report.sections
        if section.sheet_headers
    ]


def annual_report_xlsx(report: AnnualReport) -> bytes:
    """One sheet per section; every cell through ``safe_cell``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    for index, (title, headers, rows) in enumerate(_sheets(report)):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = title
        sheet.append([safe_cell(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
