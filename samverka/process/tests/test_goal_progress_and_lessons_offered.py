"""A goal's page shows how far its measures and sub-goals have come, with the weights; planning a
new measure offers the lessons of the same problem or the same kind of measure."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from samverka.process.models import (
    Activity,
    ActivityStatus,
    Goal,
    Lesson,
    MeasureKind,
    ProblemStatus,
)
from samverka.process.tests._plans_world import causes_of, measure, plan, problem_with_causes


def url(name: str, **kwargs: object) -> str:
    return reverse(f"process:{name}", kwargs={"municipality": "testby", **kwargs})


@pytest.fixture
def alice(world: World, client: Client) -> Client:
    client.force_login(world.alice)
    return client


def test_the_goal_page_shows_its_progress_and_the_weights(world: World, alice: Client) -> None:
    goal = Goal.objects.create(municipality=world.testby, title="Minskad otrygghet")
    action_plan = plan(world)
    lighting = measure(world, action_plan, "Belysning", goals=[goal], weight=3)
    walks = measure(world, action_plan, "Trygghetsvandringar", goals=[goal], weight=1)
    Activity.objects.create(measure=lighting, title="Lampor", status=ActivityStatus.DONE)
    Activity.objects.create(measure=walks, title="Vandringar", progress=20)

    page = alice.get(url("goal_detail", pk=goal.pk)).content.decode()

    # (3 × 100 + 1 × 20) / 4 = 80
    assert "80 % genomfört" in page
    assert "vikt 3 av 4" in page
    assert "vikt 1 av 4" in page
    assert url("measure_detail", pk=lighting.pk) in page


def test_a_new_measure_is_offered_the_lessons_of_the_prioritised_problems_and_its_kind(
    world: World, alice: Client
) -> None:
    problem = problem_with_causes(world)
    problem.status = ProblemStatus.PRIORITISED
    problem.save()
    action_plan = plan(world)
    earlier = measure(world, action_plan, "Belysning", causes=causes_of(problem))
    Lesson.objects.create(
        municipality=world.testby,
        title="Fastighetsägaren måste vara med från början",
        text="Utan fastighetsägaren blev belysningen försenad.",
        measure=earlier,
        measure_kind=MeasureKind.SITUATIONAL,
        year=2026,
    )
    Lesson.objects.create(
        municipality=world.testby,
        title="Fritidsledare når fler än affischer",
        text="Social åtgärd utan koppling till problemet.",
        measure_kind=MeasureKind.SOCIAL,
        year=2025,
    )

    form = alice.get(url("measure_create", pk=action_plan.pk)).content.decode()
    assert "Lärdomar från tidigare åtgärder" in form
    assert "Fastighetsägaren måste vara med från början" in form
    # The social lesson belongs to no prioritised problem and no kind was chosen yet.
    assert "Fritidsledare når fler än affischer" not in form

    social = alice.get(url("measure_create", pk=action_plan.pk) + "?kind=social")
    assert "Fritidsledare når fler än affischer" in social.content.decode()

    later = measure(world, action_plan, "Fler vuxna på torget", causes=causes_of(problem))
    detail = alice.get(url("measure_detail", pk=later.pk)).content.decode()
    assert "Fastighetsägaren måste vara med från början" in detail
