"""Progress roll-up checked against values computed by hand.

Measure A: activities 40 % (weight 1), done (weight 2, counts 100), cancelled (weight 5, left
out): (1·40 + 2·100) / 3 = 80. Measure B without activities, latest follow-up 30 %: 30. Measure C
without activities, done: 100. Goal G: A (weight 3) and B (weight 1) and a sub-goal S (weight 1)
whose only measure is C: (3·80 + 1·30 + 1·100) / 5 = 74. The plan of A, B, C (weights 3, 1, 2)
and a stopped measure D (left out): (3·80 + 1·30 + 2·100) / 6 = 78.33…"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samverka.core.testing import World
from samverka.process.models import ActivityStatus, Goal, MeasureStatus
from samverka.process.rollup import (
    Part,
    Rollup,
    activity_progress,
    combine,
    goal_rollup,
    measure_rollup,
    plan_rollup,
    weighted_mean,
)
from samverka.process.services import plans as services
from samverka.process.tests._plans_world import decision, measure, plan


class TestArithmetic:
    def test_weighted_mean(self) -> None:
        assert weighted_mean([(1, 40.0), (2, 100.0)]) == pytest.approx(80.0)
        assert weighted_mean([(3, 10.0), (1, None)]) == pytest.approx(10.0)
        assert weighted_mean([]) is None

    def test_activity(self) -> None:
        assert activity_progress(ActivityStatus.DONE, 20) == 100.0
        assert activity_progress(ActivityStatus.CANCELLED, 70) is None
        assert activity_progress(ActivityStatus.ONGOING, 35) == 35.0

    def test_measure_from_activities(self) -> None:
        parts = [
            Part("Inventering", 1, activity_progress("ongoing", 40)),
            Part("Belysning", 2, activity_progress("done", 0)),
            Part("Kameror", 5, activity_progress("cancelled", 90)),
        ]
        result = measure_rollup(status="in_progress", activities=parts)
        assert result.progress == pytest.approx(80.0)
        assert result.total_weight == 3
        assert [label for _part, label in result.rows()] == [
            "vikt 1 av 3",
            "vikt 2 av 3",
            "räknas inte",
        ]

    def test_measure_without_activities(self) -> None:
        assert measure_rollup(status="done", activities=[]).progress == 100.0
        followed = measure_rollup(status="in_progress", activities=[], latest_followup_progress=30)
        assert (followed.progress, followed.basis) == (30.0, "followup")
        assert measure_rollup(status="adopted", activities=[]).progress == 0.0

    def test_goal_combines_measures_and_subgoals(self) -> None:
        sub = combine([Part("C", 1, 100.0)])
        goal = combine([Part("A", 3, 80.0), Part("B", 1, 30.0), Part("S", 1, sub.progress)])
        assert goal.progress == pytest.approx(74.0)
        assert goal.weight_label(goal.parts[0]) == "vikt 3 av 5"

    def test_nothing_to_combine_is_zero(self) -> None:
        assert combine([]) == Rollup(0.0, (), "none")


class TestLoaded:
    def test_plan_and_goal_from_the_database(self, world: World) -> None:
        p = plan(world)
        goal = Goal.objects.create(municipality=world.testby, title="Tryggare torg", weight=1)
        sub = Goal.objects.create(
            municipality=world.testby, title="Fler vuxna ute", parent=goal, weight=1
        )
        start = timezone.localdate() - timedelta(weeks=1)
        a = measure(world, p, "A", goals=[goal], weight=3, start=start)
        b = measure(world, p, "B", goals=[goal], weight=1, start=start)
        c = measure(world, p, "C", goals=[sub], weight=2, start=start)
        stopped = measure(world, p, "D", weight=9)
        for title, status, progress, weight in (
            ("Inventering", ActivityStatus.ONGOING, 40, 1),
            ("Belysning", ActivityStatus.DONE, 0, 2),
            ("Kameror", ActivityStatus.CANCELLED, 90, 5),
        ):
            services.activity_create(
                measure=a,
                user=None,
                data=services.ActivityInput(
                    title=title, status=status, progress=progress, weight=weight
                ),
            )
        services.plan_adopt(plan=p, decision=decision(world.steering), user=None)
        services.followup_record(
            measure=b, user=None, made_on=timezone.localdate(), as_planned="yes", progress=30
        )
        for m, measure_status in ((c, MeasureStatus.DONE), (stopped, MeasureStatus.STOPPED)):
            m.refresh_from_db()
            services.measure_update(
                measure=m, user=None, data=services.measure_input_of(m), status=measure_status
            )

        result = plan_rollup(p)
        assert result.measures[a.pk].progress == pytest.approx(80.0)
        assert result.measures[b.pk].progress == pytest.approx(30.0)
        assert result.measures[c.pk].progress == pytest.approx(100.0)
        # C (weight 2, 100 %) counts in the plan too: (3·80 + 1·30 + 2·100) / 6 = 78.33…
        assert result.plan.progress == pytest.approx(470 / 6)
        assert result.plan.weight_label(result.plan.parts[3]) == "räknas inte"
        assert goal_rollup(goal).progress == pytest.approx(74.0)
