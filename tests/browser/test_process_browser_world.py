"""The knowledge-based process on the test world, built through the process services, for the
process browser tests (test_process_browser.py and test_process_browser_axe.py). No tests here:
pytest collects the module and finds none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from samverka.accounts.access import Access
from samverka.accounts.models import Municipality, User
from samverka.core.examples import example_loaders
from samverka.core.progress import no_progress
from samverka.core.testing import PASSWORD, World, make_area, make_group, make_membership
from samverka.meetings.example import load_example as load_meetings
from samverka.meetings.models import Decision, DecisionOutcome, Meeting, MeetingStatus
from samverka.organisation.management.commands.bootstrap_demo import Command as BootstrapDemo
from samverka.organisation.models import Group, GroupKind, Mandate
from samverka.organisation.orgfile import import_organisation, parse_organisation_file
from samverka.process.example import load_example as load_process
from samverka.process.models import (
    ActionPlan,
    AsPlanned,
    Cause,
    Certainty,
    CitizenPromise,
    DialogueKind,
    DialogueNote,
    Direction,
    Evaluation,
    FollowUp,
    Goal,
    Indicator,
    IndicatorSource,
    Lesson,
    Measure,
    MeasureKind,
    MeasureTerm,
    PlanVersion,
    Problem,
    ProblemEvidence,
    TriangleSide,
)
from samverka.process.services import evaluations as evaluation_services
from samverka.process.services import goals as goal_services
from samverka.process.services import plans as plan_services
from samverka.process.services import problems as problem_services
from samverka.process.services import promises as promise_services
from samverka.situation.testing import make_category, spread

# ---- the process on the test world, built through the process services --------------------------


@dataclass
class Process:
    problem: Problem
    cause: Cause
    sub_cause: Cause
    goal: Goal
    indicator: Indicator
    plan: ActionPlan
    measure: Measure
    decision: Decision
    version: PlanVersion | None
    evaluation: Evaluation
    effect: Evaluation
    followup: FollowUp
    second_measure: Measure | None
    lesson: Lesson
    dialogue: DialogueNote
    promise: CitizenPromise
    evidence: ProblemEvidence


def make_decision(group: Group, title: str, days_ago: int = 3) -> Decision:
    """A recorded decision of a held meeting of ``group`` (written directly: the meetings service
    refuses a preparing group's decision, which is exactly what the process must refuse too)."""
    day = timezone.localdate() - timedelta(days=days_ago)
    starts = timezone.make_aware(datetime(day.year, day.month, day.day, 9))
    meeting = Meeting.objects.create(
        municipality=group.municipality,
        group=group,
        status=MeetingStatus.HELD,
        title=f"{group.name} {day.isoformat()}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    return Decision.objects.create(
        meeting=meeting, number=1, title=title, text=title, outcome=DecisionOutcome.APPROVED
    )


def make_working_group(world: World) -> Group:
    group = make_group(
        world.testby,
        "Arbetsgrupp Torget",
        kind=GroupKind.WORKING,
        mandate=Mandate.CARRIES_OUT,
        appointed_by=world.preparation,
        end_date=date(timezone.localdate().year + 1, 6, 30),
    )
    make_membership(group, world.carol_person)
    return group


def make_problem(world: World) -> Problem:
    return problem_services.problem_create(
        municipality=world.testby,
        user=world.alice,
        title="Otrygghet vid Torget",
        areas=[world.area],
        description="Boende undviker torget på kvällarna.",
        since=date(2025, 3, 1),
        prepared_by=world.preparation,
    )


def plan_with_measure(
    world: World, causes: list[Cause], goals: list[Goal] | None = None
) -> tuple[ActionPlan, Measure]:
    """A proposed plan with one measure aimed at ``causes``, followed up every four weeks by a
    working group Carol sits in, started six weeks ago: overdue by two weeks once adopted."""
    today = timezone.localdate()
    plan = plan_services.plan_create(
        municipality=world.testby,
        user=world.alice,
        title="Åtgärdsplan Norra Testby",
        period_start=date(today.year, 1, 1),
        period_end=date(today.year + 1, 12, 31),
        area=world.area,
        prepared_by=world.preparation,
        summary="Planen riktar sig mot otryggheten vid torget.",
    )
    measure = plan_services.measure_create(
        plan=plan,
        user=world.alice,
        data=plan_services.MeasureInput(
            title="Belysning på Torget",
            kind=MeasureKind.SITUATIONAL,
            term=MeasureTerm.SHORT,
            description="Bostadsbolaget byter och lägger till belysning.",
            causes=causes,
            goals=goals,
            responsible_organisation=world.administration,
            working_group=make_working_group(world),
            start=today - timedelta(weeks=6),
            end=date(today.year + 1, 6, 30),
            logic_activity="Byta armaturer",
            logic_output="20 nya lampor",
            logic_outcome="Färre mörka platser",
            logic_goal="Tryggare torg",
            followup_every_weeks=4,
        ),
    )
    plan_services.activity_create(
        measure=measure,
        user=world.alice,
        data=plan_services.ActivityInput(
            title="Inventera mörka platser", responsible_organisation=world.administration
        ),
    )
    return plan, measure


def build_process(world: World, *, adopt: bool = True) -> Process:
    """A problem with a triangle and two causes, a goal with an indicator and values, a plan with
    a measure aimed at the causes (adopted by Styrgruppen unless ``adopt`` is false, and then
    overdue for follow-up), a process evaluation, a lesson, a dialogue and a signed public
    medborgarlöfte."""
    alice = world.alice
    today = timezone.localdate()
    problem = make_problem(world)
    evidence = problem_services.evidence_add(
        problem=problem,
        user=alice,
        kind="other",
        title="Polisens iakttagelser",
        note="Samlingar av unga vuxna vid torget fredagskvällar.",
    )
    problem_services.analysis_update(
        problem=problem,
        user=alice,
        offender="Unga vuxna som samlas kvällstid.",
        target="Boende och handlare.",
        place="Torget med mörka passager.",
        handler="Fältassistenter.",
        guardian="Butikspersonal.",
        place_manager="Bostadsbolaget.",
        summary="Platsen gör det möjligt.",
    )
    cause = problem_services.cause_add(
        problem=problem,
        user=alice,
        title="Mörka passager",
        side=TriangleSide.PLACE,
        certainty=Certainty.ESTABLISHED,
    )
    sub_cause = problem_services.cause_add(
        problem=problem,
        user=alice,
        title="Trasig belysning",
        side=TriangleSide.PLACE,
        certainty=Certainty.LIKELY,
        parent=cause,
    )
    goal = goal_services.goal_create(
        municipality=world.testby,
        user=alice,
        title="Tryggare torg",
        document=world.document,
        problems=[problem],
    )
    indicator = goal_services.indicator_create(
        goal=goal,
        user=alice,
        name="Andel som känner sig trygga vid torget",
        unit="procent",
        source=IndicatorSource.MANUAL,
        direction=Direction.INCREASE,
        baseline_value="55",
        baseline_label="2024",
        target_value="70",
        deadline=date(today.year + 1, 12, 31),
    )
    goal_services.value_enter(indicator=indicator, user=alice, year=today.year - 1, value="58")
    goal_services.value_enter(indicator=indicator, user=alice, year=today.year, value="61")
    plan, measure = plan_with_measure(world, [cause, sub_cause], goals=[goal])
    decision = make_decision(world.steering, "Åtgärdsplan Norra Testby antas")
    version = second_measure = None
    if adopt:
        version = plan_services.plan_adopt(plan=plan, decision=decision, user=alice)
        # A measure added after the decision: the plan now differs from its adopted version.
        second_measure = plan_services.measure_create(
            plan=plan,
            user=alice,
            data=plan_services.MeasureInput(
                title="Fältassistenter på fredagskvällar",
                kind=MeasureKind.SOCIAL,
                term=MeasureTerm.LONG,
                causes=[cause],
            ),
        )
    # Followed up five weeks ago, every four weeks: overdue by a week.
    followup = plan_services.followup_record(
        measure=measure,
        user=alice,
        made_on=today - timedelta(weeks=5),
        as_planned=AsPlanned.PARTLY,
        outputs="Inventering av passagerna.",
        deviations="Bostadsbolaget kom inte till första mötet.",
    )
    measure.refresh_from_db()
    evaluation = evaluation_services.process_evaluation_create(
        municipality=world.testby,
        user=alice,
        measure=measure,
        title="Processutvärdering av belysningen",
        made_on=today,
        as_planned=AsPlanned.PARTLY,
        reached="Boende och handlare vid torget.",
        conclusions="Lamporna kom på plats men två månader sent.",
    )
    effect = _effect_evaluation(world, measure)
    lesson = evaluation_services.lesson_create(
        municipality=world.testby,
        user=alice,
        data=evaluation_services.LessonInput(
            title="Belysning kräver en plan för driften",
            text="Nya lampor släcktes av skadegörelse; driften måste ingå från början.",
            year=today.year,
            measure=measure,
        ),
    )
    system = Access.system(world.testby)
    dialogue = promise_services.dialogue_create(
        access=system,
        kind=DialogueKind.CITIZEN,
        title="Medborgardialog på Torget",
        held_on=today - timedelta(days=40),
        summary="Boende vill ha mer ljus och mer polis på kvällarna.",
        area=world.area,
        participants=25,
    )
    promise = promise_services.promise_create(
        access=system,
        title="Medborgarlöfte Norra Testby",
        period_start=date(today.year, 1, 1),
        period_end=date(today.year, 12, 31),
        area=world.area,
        public_text="Polisen och kommunen lovar ett tryggare torg.",
        is_public=True,
        parties=[world.police, world.administration],
        goals="Mindre otrygghet vid torget\nMer närvarande polis",
    )
    promise_services.promise_activity_add(
        access=system,
        promise=promise,
        title="Trygghetsvandringar",
        public_text="Vi går trygghetsvandringar med boende varje kvartal.",
        measure=measure,
        progress=50,
    )
    for n, party in enumerate(promise.document.parties.order_by("pk")):
        promise_services.promise_sign(
            access=system,
            promise=promise,
            organisation=party,
            signed_by=f"Undertecknare {n + 1}",
            signed_on=date(today.year, 1, 10 + n),
        )
    promise.refresh_from_db()
    return Process(
        problem=problem,
        cause=cause,
        sub_cause=sub_cause,
        goal=goal,
        indicator=indicator,
        plan=plan,
        measure=measure,
        decision=decision,
        version=version,
        evaluation=evaluation,
        effect=effect,
        followup=followup,
        second_measure=second_measure,
        lesson=lesson,
        dialogue=dialogue,
        promise=promise,
        evidence=evidence,
    )


def _effect_evaluation(world: World, measure: Measure) -> Evaluation:
    """Skadegörelse in Norra Testby halved after the measure, steady in the comparison area."""
    comparison = make_area(world.testby, "Södra Testby", parent=world.root_area)
    vandalism = make_category(world.testby, "skadegorelse", "Skadegörelse")
    spread(world.area, vandalism, date(2025, 1, 1), 40, 1)
    spread(world.area, vandalism, date(2025, 5, 1), 20, 1)
    spread(comparison, vandalism, date(2025, 1, 1), 40, 1)
    spread(comparison, vandalism, date(2025, 5, 1), 40, 1)
    return evaluation_services.effect_evaluation_create(
        municipality=world.testby,
        user=world.alice,
        measure=measure,
        title="Effektutvärdering av belysningen",
        made_on=timezone.localdate(),
        data=evaluation_services.EffectInput(
            target_area=world.area,
            comparison_area=comparison,
            before_start=date(2025, 1, 1),
            before_end=date(2025, 4, 30),
            after_start=date(2025, 5, 1),
            after_end=date(2025, 8, 31),
            category=vandalism,
        ),
        conclusions="Skadegörelsen minskade mer än i jämförelseområdet.",
    )


def page_url(name: str, **kwargs: object) -> str:
    return reverse(f"process:{name}", kwargs={"municipality": "testby", **kwargs})


def main_pages(p: Process) -> list[str]:
    """The main pages of the process app: checked on a desktop and on a phone."""
    pages = [
        page_url("index"),
        page_url("problem_list"),
        page_url("problem_detail", pk=p.problem.pk),
        page_url("cause_analysis", pk=p.problem.pk),
        page_url("goal_list"),
        page_url("indicator_detail", pk=p.indicator.pk),
        page_url("plan_list"),
        page_url("plan_detail", pk=p.plan.pk),
        page_url("plan_adopt", pk=p.plan.pk),
        page_url("plan_compare", pk=p.plan.pk),
        page_url("measure_detail", pk=p.measure.pk),
        page_url("measure_edit", pk=p.measure.pk),
        page_url("followup_create", pk=p.measure.pk),
        page_url("followups_overdue"),
        page_url("evaluation_list"),
        page_url("evaluation_detail", pk=p.evaluation.pk),
        page_url("evaluation_detail", pk=p.effect.pk),
        page_url("lesson_list"),
        page_url("promise_list"),
        page_url("promise_detail", pk=p.promise.pk),
        page_url("dialogue_list"),
        page_url("law"),
    ]
    pages.append(page_url("annual_report", year=timezone.localdate().year))
    return pages


def other_pages(p: Process) -> list[str]:
    """The rest of the process app's pages (forms and details): checked on a desktop."""
    return [
        page_url("problem_create"),
        page_url("problem_edit", pk=p.problem.pk),
        page_url("problem_evidence_add", pk=p.problem.pk),
        page_url("problem_prioritise"),
        page_url("problem_confirm", pk=p.problem.pk),
        page_url("cause_add", pk=p.problem.pk),
        page_url("cause_edit", pk=p.problem.pk, cause_pk=p.sub_cause.pk),
        page_url("cause_delete", pk=p.problem.pk, cause_pk=p.sub_cause.pk),
        page_url("goal_detail", pk=p.goal.pk),
        page_url("goal_create"),
        page_url("goal_edit", pk=p.goal.pk),
        page_url("indicator_create", pk=p.goal.pk),
        page_url("indicator_edit", pk=p.indicator.pk),
        page_url("indicator_value_add", pk=p.indicator.pk),
        page_url("plan_create"),
        page_url("plan_edit", pk=p.plan.pk),
        page_url("plan_versions", pk=p.plan.pk),
        page_url("plan_version_detail", pk=p.plan.pk, number=1),
        page_url("measure_create", pk=p.plan.pk),
        page_url("measure_adopt", pk=p.second_measure.pk if p.second_measure else p.measure.pk),
        page_url("activity_create", pk=p.measure.pk),
        page_url("activity_edit", pk=p.measure.pk, activity_pk=p.measure.activities.get().pk),
        page_url("followup_detail", pk=p.measure.pk, followup_pk=p.followup.pk),
        page_url("evaluation_create", pk=p.measure.pk),
        page_url("evaluation_create", pk=p.measure.pk) + "?kind=effect",
        page_url("problem_evidence_delete", pk=p.problem.pk, evidence_pk=p.evidence.pk),
        page_url("lesson_detail", pk=p.lesson.pk),
        page_url("lesson_create"),
        page_url("lesson_edit", pk=p.lesson.pk),
        page_url("promise_create"),
        page_url("promise_edit", pk=p.promise.pk),
        page_url("promise_activity_add", pk=p.promise.pk),
        page_url("promise_renew", pk=p.promise.pk),
        page_url("promise_sign", pk=p.promise.pk),
        page_url(
            "promise_activity_edit",
            pk=p.promise.pk,
            activity=p.promise.activities.get().pk,
        ),
        page_url("dialogue_detail", pk=p.dialogue.pk),
        page_url("dialogue_create"),
        page_url("dialogue_edit", pk=p.dialogue.pk),
    ]


# ---- the Angered demo, as bootstrap_demo loads it ----------------------------------------------

ANGERED = Path(settings.BASE_DIR) / "examples" / "angered.yaml"
DEMO_USERS = ("samordnare", "medlem", "lasare")


def load_angered(today: date | None = None) -> Municipality:
    """Angered's organisation file, the demo users (password: the tests' ``PASSWORD``) and every
    registered example (meetings, incidents, lägesbilder, statistics, the process), as
    bootstrap_demo loads them; the meetings and the process as on ``today`` when given."""
    parsed = parse_organisation_file(
        ANGERED.read_text(encoding="utf-8"), filename=ANGERED.name, base_dir=ANGERED.parent
    )
    import_organisation(parsed)
    municipality = Municipality.objects.get(slug=parsed.slug)
    BootstrapDemo()._create_users(municipality)
    for user in User.objects.filter(username__in=DEMO_USERS):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    for loader in example_loaders():
        if today is not None and loader.name == "meetings":
            load_meetings(municipality, no_progress, today=today)
        elif today is not None and loader.name == "process":
            load_process(municipality, no_progress, today=today)
        else:
            loader.load(municipality, no_progress)
    return municipality


def demo_pages(municipality: Municipality) -> list[str]:
    """The main process pages of the demo: every problem, measure and evaluation of it."""

    def to(name: str, **kwargs: object) -> str:
        return reverse(f"process:{name}", kwargs={"municipality": municipality.slug, **kwargs})

    mine = {"municipality": municipality}
    plan = ActionPlan.objects.filter(**mine).order_by("pk").first()
    # Early in the year the example's plan still awaits its decision: nothing is overdue then.
    overdue = (
        plan_services.overdue_measures(municipality).first()
        or Measure.objects.filter(**mine).order_by("pk").first()
    )
    promise = CitizenPromise.objects.filter(**mine).order_by("pk").first()
    indicator = Indicator.objects.filter(**mine).order_by("pk").first()
    assert plan and overdue and promise and indicator, "the demo lacks the process example"
    pages = [
        to("index"),
        to("problem_list"),
        to("goal_list"),
        to("indicator_detail", pk=indicator.pk),
        to("plan_list"),
        to("plan_detail", pk=plan.pk),
        to("plan_adopt", pk=plan.pk),
        to("plan_compare", pk=plan.pk),
        to("followup_create", pk=overdue.pk),
        to("measure_edit", pk=overdue.pk),
        to("followups_overdue"),
        to("evaluation_list"),
        to("lesson_list"),
        to("promise_list"),
        to("promise_detail", pk=promise.pk),
        to("dialogue_list"),
        to("law"),
        to("annual_report", year=timezone.localdate().year),
    ]
    for pk in Problem.objects.filter(**mine).order_by("pk").values_list("pk", flat=True):
        pages += [to("problem_detail", pk=pk), to("cause_analysis", pk=pk)]
    for pk in Measure.objects.filter(**mine).order_by("pk").values_list("pk", flat=True):
        pages.append(to("measure_detail", pk=pk))
    for pk in Evaluation.objects.filter(**mine).order_by("pk").values_list("pk", flat=True):
        pages.append(to("evaluation_detail", pk=pk))
    return pages
