"""The knowledge-based process in a real browser: a coordinator writes a cause analysis, a plan is
adopted only by a deciding group's decision, a working group records a follow-up by keyboard
alone, and the steering group reads the annual report. Every page of the process app passes
axe-core (WCAG 2.1 A/AA) on a desktop and on a phone, and the main ones fit a 375 px screen."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from samverka.accounts.access import Access
from samverka.core.testing import World, make_area, make_group, make_membership
from samverka.meetings.models import Decision, DecisionOutcome, Meeting, MeetingStatus
from samverka.organisation.models import Group, GroupKind, Mandate
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

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


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


def _decision(group: Group, title: str, days_ago: int = 3) -> Decision:
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


def _working_group(world: World) -> Group:
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


def _problem(world: World) -> Problem:
    return problem_services.problem_create(
        municipality=world.testby,
        user=world.alice,
        title="Otrygghet vid Torget",
        areas=[world.area],
        description="Boende undviker torget på kvällarna.",
        since=date(2025, 3, 1),
        prepared_by=world.preparation,
    )


def _plan_with_measure(
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
            working_group=_working_group(world),
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
    problem = _problem(world)
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
    plan, measure = _plan_with_measure(world, [cause, sub_cause], goals=[goal])
    decision = _decision(world.steering, "Åtgärdsplan Norra Testby antas")
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


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"process:{name}", kwargs={"municipality": "testby", **kwargs})


def main_pages(p: Process) -> list[str]:
    """The main pages of the process app: checked on a desktop and on a phone."""
    pages = [
        _url("index"),
        _url("problem_list"),
        _url("problem_detail", pk=p.problem.pk),
        _url("cause_analysis", pk=p.problem.pk),
        _url("goal_list"),
        _url("indicator_detail", pk=p.indicator.pk),
        _url("plan_list"),
        _url("plan_detail", pk=p.plan.pk),
        _url("plan_adopt", pk=p.plan.pk),
        _url("plan_compare", pk=p.plan.pk),
        _url("measure_detail", pk=p.measure.pk),
        _url("measure_edit", pk=p.measure.pk),
        _url("followup_create", pk=p.measure.pk),
        _url("followups_overdue"),
        _url("evaluation_list"),
        _url("evaluation_detail", pk=p.evaluation.pk),
        _url("evaluation_detail", pk=p.effect.pk),
        _url("lesson_list"),
        _url("promise_list"),
        _url("promise_detail", pk=p.promise.pk),
        _url("dialogue_list"),
        _url("law"),
    ]
    pages.append(_url("annual_report", year=timezone.localdate().year))
    return pages


def other_pages(p: Process) -> list[str]:
    """The rest of the process app's pages (forms and details): checked on a desktop."""
    return [
        _url("problem_create"),
        _url("problem_edit", pk=p.problem.pk),
        _url("problem_evidence_add", pk=p.problem.pk),
        _url("problem_prioritise"),
        _url("problem_confirm", pk=p.problem.pk),
        _url("cause_add", pk=p.problem.pk),
        _url("cause_edit", pk=p.problem.pk, cause_pk=p.sub_cause.pk),
        _url("cause_delete", pk=p.problem.pk, cause_pk=p.sub_cause.pk),
        _url("goal_detail", pk=p.goal.pk),
        _url("goal_create"),
        _url("goal_edit", pk=p.goal.pk),
        _url("indicator_create", pk=p.goal.pk),
        _url("indicator_edit", pk=p.indicator.pk),
        _url("indicator_value_add", pk=p.indicator.pk),
        _url("plan_create"),
        _url("plan_edit", pk=p.plan.pk),
        _url("plan_versions", pk=p.plan.pk),
        _url("plan_version_detail", pk=p.plan.pk, number=1),
        _url("measure_create", pk=p.plan.pk),
        _url("measure_adopt", pk=p.second_measure.pk if p.second_measure else p.measure.pk),
        _url("activity_create", pk=p.measure.pk),
        _url("activity_edit", pk=p.measure.pk, activity_pk=p.measure.activities.get().pk),
        _url("followup_detail", pk=p.measure.pk, followup_pk=p.followup.pk),
        _url("evaluation_create", pk=p.measure.pk),
        _url("evaluation_create", pk=p.measure.pk) + "?kind=effect",
        _url("problem_evidence_delete", pk=p.problem.pk, evidence_pk=p.evidence.pk),
        _url("lesson_detail", pk=p.lesson.pk),
        _url("lesson_create"),
        _url("lesson_edit", pk=p.lesson.pk),
        _url("promise_create"),
        _url("promise_edit", pk=p.promise.pk),
        _url("promise_activity_add", pk=p.promise.pk),
        _url("promise_renew", pk=p.promise.pk),
        _url("promise_sign", pk=p.promise.pk),
        _url("dialogue_detail", pk=p.dialogue.pk),
        _url("dialogue_create"),
        _url("dialogue_edit", pk=p.dialogue.pk),
    ]


def _fits(page: Page) -> None:
    widths = page.evaluate(
        "({page: document.documentElement.scrollWidth, screen: window.innerWidth})"
    )
    assert widths["page"] <= widths["screen"], f"{page.url} is wider than the phone: {widths}"


def sweep(page: Page, urls: list[str], check: AxeCheck, *, phone: bool = False) -> None:
    """Every page answers, shows a heading and passes axe (and fits the phone); all failures are
    reported together, one block per page."""
    failures: list[str] = []
    for url in urls:
        response = page.goto(url)
        if response is None or response.status != 200:
            failures.append(f"{url}: HTTP {response.status if response else 'no response'}")
            continue
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        try:
            check(page)
            if phone:
                _fits(page)
        except (pytest.fail.Exception, AssertionError) as failure:
            failures.append(str(failure))
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


# ---- axe-core on every page ---------------------------------------------------------------------


def test_every_process_page_passes_axe_on_a_desktop(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    p = build_process(world)
    login(page, "alice")
    sweep(page, main_pages(p) + other_pages(p), assert_no_axe_violations)


FORMS = ("/andra/", "/anta/", "/ny/")


def test_a_reader_sees_the_process_pages_without_forms_and_they_pass_axe(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    """Dave reads (the triangle as text instead of its form, no buttons to change things)."""
    p = build_process(world)
    login(page, "dave")
    reading = [url for url in main_pages(p) if not url.endswith(FORMS)]
    sweep(page, reading, assert_no_axe_violations)
    page.goto(_url("cause_analysis", pk=p.problem.pk))
    expect(page.locator(".triangle-texts")).to_contain_text("Bostadsbolaget.")
    expect(page.get_by_role("button", name="Spara triangeln")).to_have_count(0)


def test_the_main_process_pages_pass_axe_and_fit_a_phone(
    phone_page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    p = build_process(world)
    phone_page.set_viewport_size({"width": 375, "height": 812})
    login(phone_page, "alice")
    sweep(phone_page, main_pages(p), assert_no_axe_violations, phone=True)


def test_the_public_promise_page_passes_axe_logged_out(
    page: Page, phone_page: Page, world: World, assert_no_axe_violations: AxeCheck
) -> None:
    p = build_process(world)
    url = _url("promise_public", public_slug=p.promise.public_slug)
    for viewer in (page, phone_page):
        viewer.goto(url)
        expect(viewer.get_by_role("heading", level=1)).to_contain_text(
            "Medborgarlöfte Norra Testby"
        )
        expect(viewer.locator("main")).to_contain_text("Trygghetsvandringar")
        # Nothing internal: not the measure behind the activity, not the working group.
        expect(viewer.locator("main")).not_to_contain_text("Belysning på Torget")
        expect(viewer.locator("main")).not_to_contain_text("Arbetsgrupp")
        assert_no_axe_violations(viewer)
    phone_page.set_viewport_size({"width": 375, "height": 812})
    _fits(phone_page)


# ---- 1. a cause analysis ------------------------------------------------------------------------


def test_a_coordinator_writes_a_cause_analysis(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    problem = _problem(world)
    login(page, "alice")
    page.goto(_url("problem_detail", pk=problem.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Otrygghet vid Torget")
    page.get_by_role("link", name="Skriv orsaksanalysen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Orsaksanalys: Otrygghet vid Torget")
    assert_no_axe_violations(page)

    page.get_by_label("Gärningsperson", exact=True).fill("Unga vuxna som samlas kvällstid.")
    page.get_by_label("Offer eller mål", exact=True).fill("Boende och handlare vid torget.")
    page.get_by_label("Plats", exact=True).fill("Torget med mörka passager mot busshållplatsen.")
    page.get_by_label("Påverkare (nära gärningspersonen)", exact=True).fill(
        "Fältassistenter och föräldrar."
    )
    page.get_by_label("Väktare (skyddar offret eller målet)", exact=True).fill("Butikspersonal.")
    page.get_by_label("Platsansvarig", exact=True).fill("Bostadsbolaget Hem.")
    page.get_by_role("button", name="Spara triangeln").click()
    expect(page.get_by_role("status").first).to_contain_text("Orsaksanalysen är sparad")
    expect(page.get_by_label("Platsansvarig")).to_have_value("Bostadsbolaget Hem.")

    # An empty title is refused on the form, in Swedish, and nothing is saved.
    page.get_by_role("link", name="Lägg till orsak").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny orsak")
    assert_no_axe_violations(page)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Spara").click()
    assert posted.value.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny orsak")
    error = page.locator(".field--error .error")
    expect(error).to_have_count(1)
    expect(error).to_have_text("Det här fältet är obligatoriskt.")
    expect(page.get_by_label(re.compile("^Orsak"))).to_have_attribute("aria-invalid", "true")
    assert not Cause.objects.exists()
    assert_no_axe_violations(page)

    page.get_by_label(re.compile("^Orsak")).fill("Mörka passager")
    page.get_by_label(re.compile("^Sida i triangeln")).select_option(label="Plats")
    page.get_by_label(re.compile("^Hur säker")).select_option(label="Belagd")
    page.get_by_label("Underlag").fill("Trygghetsvandringen i maj: tre passager utan ljus.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status").first).to_contain_text("Orsaken är tillagd")

    # The second cause explains the first: it hangs under it.
    page.get_by_role("link", name="Lägg till förklaring till Mörka passager").click()
    expect(page.get_by_label(re.compile("^Förklarar"))).to_have_value(
        str(Cause.objects.get(title="Mörka passager").pk)
    )
    page.get_by_label(re.compile("^Orsak")).fill("Trasig belysning som inte lagas")
    page.get_by_label(re.compile("^Sida i triangeln")).select_option(label="Plats")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status").first).to_contain_text("Orsaken är tillagd")
    parent, child = Cause.objects.order_by("pk")
    assert child.parent == parent
    nested = page.locator(f"#orsak-{parent.pk} > ul > li#orsak-{child.pk}")
    expect(nested).to_contain_text("Trasig belysning som inte lagas")
    assert_no_axe_violations(page)

    # The problem shows the picture (an accessible SVG) and the same content as text.
    page.get_by_role("link", name="Tillbaka till problemet").click()
    figure = page.get_by_role("img", name="Orsaksanalys: Otrygghet vid Torget")
    expect(figure).to_be_visible()
    expect(figure.locator("text").filter(has_text="Mörka passager")).not_to_have_count(0)
    expect(page.get_by_role("heading", name="Problemanalystriangeln (text)")).to_be_visible()
    expect(page.locator(".triangle-texts")).to_contain_text("Bostadsbolaget Hem.")
    tree = page.locator(".cause-tree")
    expect(tree.locator(f"#orsak-{parent.pk}")).to_contain_text("[Belagd] Mörka passager")
    expect(tree.locator(f"#orsak-{parent.pk} #orsak-{child.pk}")).to_contain_text(
        "[Trolig] Trasig belysning som inte lagas"
    )
    assert_no_axe_violations(page)


# ---- 2. adopting a plan -------------------------------------------------------------------------


def test_only_a_deciding_groups_decision_adopts_the_plan(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    problem = _problem(world)
    cause = problem_services.cause_add(
        problem=problem, user=world.alice, title="Mörka passager", side=TriangleSide.PLACE
    )
    plan, measure = _plan_with_measure(world, [cause])
    preparing = _decision(world.preparation, "Beredningen föreslår planen", days_ago=10)
    deciding = _decision(world.steering, "Åtgärdsplan Norra Testby antas")

    login(page, "alice")
    page.goto(_url("plan_detail", pk=plan.pk))
    expect(page.locator("main")).to_contain_text("Planen är inte antagen")
    page.get_by_role("link", name="Anta planen med beslut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Anta ”Åtgärdsplan Norra Testby” med beslut"
    )
    expect(
        page.get_by_role("table", name=re.compile("beslutsmandat|mandat att besluta"))
    ).to_contain_text("Åtgärdsplan Norra Testby antas")
    assert_no_axe_violations(page)

    # Beredningsgruppen prepares, it does not decide: refused, naming who decides.
    page.get_by_label(re.compile("^Beslut")).select_option(value=str(preparing.pk))
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Anta med beslutet").click()
    assert posted.value.status == 400
    expect(page.locator(".field--error .error")).to_have_text(
        "Beredningsgruppen har inget mandat att fatta beslut. Åtgärdsplanen antas genom ett "
        "beslut av Styrgruppen."
    )
    assert not plan.versions.exists()
    measure.refresh_from_db()
    assert measure.status == "proposed" and measure.adopted_decision is None
    assert_no_axe_violations(page)

    # Styrgruppen's approved decision adopts it.
    page.get_by_label(re.compile("^Beslut")).select_option(value=str(deciding.pk))
    page.get_by_label("Vad som ändrats sedan förra versionen").fill("Första versionen.")
    page.get_by_role("button", name="Anta med beslutet").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Åtgärdsplanen är antagen som version 1 genom § 1."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Åtgärdsplan Norra Testby")
    main = page.locator("main")
    expect(main).to_contain_text(
        "Antagen som version 1 genom Styrgruppens beslut § 1 ”Åtgärdsplan Norra Testby antas”"
    )
    expect(page.get_by_role("link", name="Läs den antagna version 1")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Belysning på Torget"))
    expect(row).to_contain_text("Beslutad")
    expect(row).to_contain_text("§ 1 Styrgruppen")
    assert_no_axe_violations(page)

    version = plan.versions.get()
    assert version.number == 1 and version.decision == deciding
    measure.refresh_from_db()
    assert measure.adopted_decision == deciding

    page.get_by_role("link", name="Läs den antagna version 1").click()
    expect(page.locator("main")).to_contain_text("Belysning på Torget")
    expect(page.locator("main")).to_contain_text("Styrgruppen")
    assert_no_axe_violations(page)


# ---- 3. a follow-up, by keyboard only -----------------------------------------------------------


def _tab_to(page: Page, name: str, role: str, *, limit: int = 120) -> None:
    """Press Tab until the element with ``role`` and accessible ``name`` has the focus."""
    target = page.get_by_role(role, name=name, exact=True)  # type: ignore[arg-type]
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached the {role} {name!r} on {page.url}", pytrace=False)


def test_a_working_group_member_records_a_follow_up_by_keyboard(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    problem = _problem(world)
    cause = problem_services.cause_add(
        problem=problem, user=world.alice, title="Mörka passager", side=TriangleSide.PLACE
    )
    plan, measure = _plan_with_measure(world, [cause])
    plan_services.plan_adopt(
        plan=plan, decision=_decision(world.steering, "Planen antas"), user=world.alice
    )
    measure.refresh_from_db()
    today = timezone.localdate()
    assert measure.next_followup_due == today - timedelta(weeks=2)

    login(page, "carol")
    page.goto(_url("measure_detail", pk=measure.pk))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Uppföljningen är försenad.")
    expect(alert).to_contain_text((today - timedelta(weeks=2)).isoformat())

    _tab_to(page, "Skriv en uppföljning", "link")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppföljning av Belysning på Torget")
    expect(page.locator("main .lead")).to_contain_text("Försenad.")
    assert_no_axe_violations(page)

    _tab_to(page, "Ja", "radio")
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Ja", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile("^Prestationer"))).to_be_focused()
    page.keyboard.type("Tolv nya lampor vid passagerna.")
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile("^Avvikelser"))).to_be_focused()
    page.keyboard.type("Två lampor väntar på reservdelar.")
    _tab_to(page, "Spara uppföljningen", "button")
    page.keyboard.press("Enter")

    due = today + timedelta(weeks=4)
    expect(page.get_by_role("status").first).to_contain_text(
        f"Uppföljningen är sparad. Nästa uppföljning senast {due.isoformat()}."
    )
    expect(page.locator("main")).to_contain_text("Tolv nya lampor vid passagerna.")
    assert_no_axe_violations(page)

    measure.refresh_from_db()
    assert measure.next_followup_due == due
    followup = measure.followups.get()
    assert followup.as_planned == AsPlanned.YES and followup.made_on == today

    # The measure is no longer overdue: no alert, the new date, off the overdue list.
    page.goto(_url("measure_detail", pk=measure.pk))
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(f"nästa senast {due.isoformat()}")
    followups = page.get_by_role("table", name="Uppföljningar, senaste först")
    expect(followups.locator("tbody tr")).to_have_count(1)
    page.goto(_url("followups_overdue"))
    expect(page.locator("main")).not_to_contain_text("Belysning på Torget")
    assert_no_axe_violations(page)


# ---- 4. the annual report -----------------------------------------------------------------------


def test_the_steering_group_reads_the_annual_report(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    build_process(world)
    year = timezone.localdate().year
    login(page, "bob")
    page.goto(_url("index"))
    page.get_by_role("link", name="Årsrapport", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Årlig uppföljning {year}")
    assert_no_axe_violations(page)

    main = page.locator("main")
    measures = page.get_by_role("table", name="Åtgärder med genomförande, vikt och uppföljning")
    row = measures.get_by_role("row", name=re.compile("Belysning på Torget"))
    expect(row).to_contain_text("Försenad")
    expect(row).to_contain_text("Arbetsgrupp Torget")
    followups = page.get_by_role("table", name=re.compile("uppföljningar: .* i tid"))
    expect(followups).to_contain_text("Bostadsbolaget kom inte till första mötet.")
    indicators = page.get_by_role("table", name=re.compile(f"^Indikatorer: .* {year}"))
    expect(indicators).to_contain_text("Andel som känner sig trygga vid torget")
    # The latest complete period: this year's value counts once the year is over.
    expect(indicators).to_contain_text(f"58 ({year - 1})")
    expect(main).to_contain_text("Processutvärdering av belysningen")
    expect(main).to_contain_text("Effektutvärdering av belysningen")
    expect(main).to_contain_text("Belysning kräver en plan för driften")
    expect(main).to_contain_text("Antagen genom")

    # From the report to the measure and why it exists.
    row.get_by_role("link", name="Belysning på Torget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Belysning på Torget")
    expect(page.get_by_role("link", name="Otrygghet vid Torget")).to_be_visible()

    xlsx = page.request.get(_url("annual_report_xlsx", year=year))
    assert xlsx.status == 200
    assert xlsx.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
