"""The law & method view: lag (2023:196)'s lägesbild, decided åtgärdsplan and coordinating
function, each with and without its element; Brå's steps; the health rules; the confirmations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.accounts.access import Access
from samverka.core.testing import World, make_group, make_person
from samverka.organisation.health import Finding
from samverka.organisation.models import GroupKind, Mandate, SpecialistFunction
from samverka.process import law
from samverka.process.models import (
    CauseAnalysis,
    ProblemStatus,
    StepConfirmation,
)
from samverka.process.tests.promise_factories import (
    adopt_plan,
    make_decision,
    make_measure,
    make_plan,
    make_problem,
)
from samverka.situation.models import ReportStatus, SituationReport

pytestmark = pytest.mark.django_db


def _report(world: World, *, ended: date, status: str = ReportStatus.ADOPTED) -> SituationReport:
    return SituationReport.objects.create(
        municipality=world.testby,
        area=world.area,
        period_kind="year",
        period_start=ended - timedelta(days=365),
        period_end=ended,
        status=status,
        adopted_at=timezone.now() if status == ReportStatus.ADOPTED else None,
    )


def _requirement(world: World, key: str) -> law.Requirement:
    found = law.requirements(world.testby, timezone.localdate())
    return next(r for r in found if r.key == key)


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert law.months_before(date(2026, 12, 3), 13) == date(2025, 11, 3)
    assert law.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)


def test_a_current_lagesbild_is_adopted_and_ended_within_13_months(world: World) -> None:
    today = timezone.localdate()
    assert not _requirement(world, "situation_report").met
    _report(world, ended=today - timedelta(days=430))  # too old
    _report(world, ended=today, status=ReportStatus.DRAFT)  # not adopted
    assert not _requirement(world, "situation_report").met
    current = _report(world, ended=today - timedelta(days=60))
    requirement = _requirement(world, "situation_report")
    assert requirement.met
    assert "Norra Testby" in requirement.summary
    assert requirement.url == reverse(
        "situation:detail", kwargs={"municipality": "testby", "pk": current.pk}
    )


def test_a_decided_action_plan_needs_a_deciding_groups_decision_and_todays_period(
    world: World,
) -> None:
    today = timezone.localdate()
    plan = make_plan(world.testby, title="Plan i dag")
    assert not _requirement(world, "action_plan").met
    assert "inte beslutad" in _requirement(world, "action_plan").summary
    # Adopted by a group without the mandate: does not count.
    adopt_plan(plan, make_decision(world.preparation, on=today - timedelta(days=5)))
    assert not _requirement(world, "action_plan").met
    # A plan whose period is over: does not count either.
    old = make_plan(
        world.testby,
        title="Gammal plan",
        start=today - timedelta(days=800),
        end=today - timedelta(days=400),
    )
    adopt_plan(old, make_decision(world.steering, on=today - timedelta(days=790)))
    assert not _requirement(world, "action_plan").met
    decision = make_decision(world.steering, on=today - timedelta(days=3), title="Planen antas")
    adopt_plan(plan, decision, number=2)
    requirement = _requirement(world, "action_plan")
    assert requirement.met
    assert "Plan i dag" in requirement.summary and "Styrgruppen" in requirement.summary
    assert requirement.on == today - timedelta(days=3)


def test_a_coordinating_function_is_a_unit_a_function_or_a_coordinator(world: World) -> None:
    assert not _requirement(world, "coordination").met
    person = make_person(world.testby, "Sam Ordnare")
    person.title = "Brottsförebyggande samordnare"
    person.save()
    requirement = _requirement(world, "coordination")
    assert requirement.met and "Sam Ordnare" in requirement.summary
    unit = make_group(
        world.testby,
        "Trygghetssamordningen",
        kind=GroupKind.COORDINATION_UNIT,
        mandate=Mandate.CARRIES_OUT,
    )
    SpecialistFunction.objects.create(group=unit, name="Samordning av EST")
    requirement = _requirement(world, "coordination")
    assert requirement.met and "Trygghetssamordningen" in requirement.summary
    # An ended unit does not coordinate any longer; its specialist function still names one.
    unit.end_date = timezone.localdate() - timedelta(days=1)
    unit.save()
    assert "Samordning av EST" in _requirement(world, "coordination").summary


def test_the_page_says_what_is_missing_in_plain_swedish(client: Client, world: World) -> None:
    client.force_login(world.dave)
    html = client.get(reverse("process:law", kwargs={"municipality": "testby"})).content.decode()
    assert "3 krav är inte uppfyllda" in html
    assert "Lagen kräver en lägesbild" in html
    assert "Initiera samverkan" in html and "Uppföljning" in html
    assert "En samverkansöverenskommelse finns" in html
    assert 'name="note"' not in html  # only coordinators confirm


def test_computed_criteria_follow_the_data(world: World) -> None:
    today = timezone.localdate()

    def met(slug: str) -> bool:
        steps = law.collaboration_steps(world.testby, today)
        return next(c for s in steps for c in s.criteria if c.slug == slug).met

    assert met("agreement")  # the world's Samverkansöverenskommelse 2026
    assert met("deciding-group")  # Styrgruppen
    assert not met("problems-prioritised")
    problem = make_problem(
        world.testby,
        title="Otrygghet",
        status=ProblemStatus.PRIORITISED,
        priority=1,
        priority_decision=make_decision(world.steering),
    )
    assert met("problems-prioritised")
    assert not met("causes-analysed")
    CauseAnalysis.objects.create(problem=problem)
    assert met("causes-analysed")
    plan = make_plan(world.testby)
    make_measure(plan, title="Sen", next_followup_due=today - timedelta(days=1))
    assert not met("followed-up-on-time")
    assert not met("measures-responsible")


def test_a_coordinator_confirms_and_withdraws_a_criterion(client: Client, world: World) -> None:
    url = reverse(
        "process:law_confirm", kwargs={"municipality": "testby", "criterion": "own-resources"}
    )
    client.force_login(world.bob)
    assert client.post(url, {"note": "x"}).status_code == 403
    client.force_login(world.alice)
    response = client.post(url, {"note": "Alla parter har utsett kontaktpersoner."})
    assert response.status_code == 302
    confirmation = StepConfirmation.objects.get(municipality=world.testby)
    assert confirmation.criterion == "own-resources" and confirmation.confirmed_by == world.alice
    page = client.get(reverse("process:law", kwargs={"municipality": "testby"})).content.decode()
    assert "Alla parter har utsett kontaktpersoner." in page
    client.post(url, {"withdraw": "on"})
    assert not StepConfirmation.objects.exists()
    computed = reverse(
        "process:law_confirm", kwargs={"municipality": "testby", "criterion": "plan-decided"}
    )
    assert client.post(computed, {"note": "x"}).status_code == 404
    assert client.post(url, {"note": "a\nb"}).status_code == 400


def test_step_confirm_refuses_a_non_coordinator_and_a_computed_criterion(world: World) -> None:
    with pytest.raises(PermissionDenied):
        law.step_confirm(access=Access.for_user(world.bob, world.testby), criterion="feedback")
    with pytest.raises(ValidationError):
        law.step_confirm(access=Access.system(world.testby), criterion="agreement")


def test_health_rules_find_what_the_law_and_the_method_miss(world: World) -> None:
    today = timezone.localdate()
    findings: list[Finding] = [
        f for _name, rule in law.HEALTH_RULES for f in rule(world.testby, today)
    ]
    rules = {f.rule for f in findings}
    assert rules == {"process_no_current_situation_report", "process_no_decided_action_plan"}
    assert all(isinstance(f, Finding) for f in findings)
    plan = make_plan(world.testby)
    make_measure(plan, title="Sen uppföljning", next_followup_due=today - timedelta(days=1))
    make_problem(world.testby, title="Utan analys", status=ProblemStatus.PRIORITISED)
    adopt_plan(plan, make_decision(world.steering))
    _report(world, ended=today - timedelta(days=10))
    found = {f.rule: f for _name, rule in law.HEALTH_RULES for f in rule(world.testby, today)}
    assert set(found) == {"process_overdue_followup", "process_problem_without_cause_analysis"}
    assert found["process_overdue_followup"].subject_name == "Sen uppföljning"
    assert found["process_problem_without_cause_analysis"].subject_name == "Utan analys"
    # Each finding links to where it is put right.
    measure_pk = found["process_overdue_followup"].subject_id
    assert (
        found["process_overdue_followup"].url
        == f"/k/testby/arbete/atgardsplaner/atgard/{measure_pk}/"
    )


def test_the_health_rules_are_registered(world: World) -> None:
    from samverka.core.extensions import health_rules

    names = {r.name for r in health_rules()}
    assert {name for name, _rule in law.HEALTH_RULES} <= names


def test_the_law_status_api(client: Client, world: World) -> None:
    client.force_login(world.dave)
    url = reverse("api-process-law-status", kwargs={"municipality_slug": "testby"})
    body = client.get(url).json()
    assert body["law_met"] is False
    assert [r["key"] for r in body["requirements"]] == [
        "situation_report",
        "action_plan",
        "coordination",
    ]
    assert [s["key"] for s in body["steps"]] == [
        "initiate",
        "own",
        "joint",
        "implementation",
        "follow_up",
    ]
    client.force_login(world.olle)
    assert client.get(url).status_code == 404


def test_the_health_check_runs_the_process_rules(world: World) -> None:
    from samverka.organisation.health import all_rules, run_health_check

    codes = {f.rule for f in run_health_check(world.testby)}
    assert {"process_no_current_situation_report", "process_no_decided_action_plan"} <= codes
    assert "process_overdue_followup" in {r.code for r in all_rules()}
