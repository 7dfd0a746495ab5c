"""The åtgärdsplan's rules: measures aimed at the municipality's own causes, carried out by a
working group; adopted only by a decision of a group with the mandate to decide; an adopted
version is frozen; versions can be compared."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samverka.core.testing import World, make_group
from samverka.meetings.models import DecisionOutcome
from samverka.organisation.models import GroupKind, Mandate
from samverka.process.models import (
    Cause,
    CauseAnalysis,
    Goal,
    Measure,
    MeasureStatus,
    PlanVersion,
    Problem,
)
from samverka.process.services import plans as services
from samverka.process.tests._plans_world import (
    adopted_plan,
    decision,
    measure,
    plan,
    working_group,
)


class TestMeasureRules:
    def test_a_cause_of_another_municipality_is_refused(self, world: World) -> None:
        foreign = Problem.objects.create(municipality=world.annanstad, title="Annat problem")
        cause = Cause.objects.create(
            analysis=CauseAnalysis.objects.create(problem=foreign), side="place", title="X"
        )
        with pytest.raises(ValidationError) as caught:
            measure(world, plan(world), causes=[cause])
        assert "causes" in caught.value.error_dict

    def test_a_goal_of_another_municipality_is_refused(self, world: World) -> None:
        goal = Goal.objects.create(municipality=world.annanstad, title="Annat mål")
        with pytest.raises(ValidationError) as caught:
            measure(world, plan(world), goals=[goal])
        assert "goals" in caught.value.error_dict

    def test_the_working_group_must_be_a_working_group(self, world: World) -> None:
        with pytest.raises(ValidationError) as caught:
            measure(world, plan(world), working_group=world.safety_group)
        assert "ingen arbetsgrupp" in caught.value.message_dict["working_group"][0]

    def test_a_group_of_another_municipality_is_refused(self, world: World) -> None:
        foreign = make_group(world.annanstad, "Annan arbetsgrupp", kind=GroupKind.WORKING)
        with pytest.raises(ValidationError) as caught:
            measure(world, plan(world), working_group=foreign)
        assert "working_group" in caught.value.error_dict

    def test_a_working_group_without_end_date_is_warned_of_not_refused(self, world: World) -> None:
        group = make_group(
            world.testby,
            "Arbetsgrupp utan slut",
            kind=GroupKind.WORKING,
            mandate=Mandate.CARRIES_OUT,
        )
        m = measure(world, plan(world), working_group=group)
        warnings = services.measure_warnings(m)
        assert any("inget slutdatum" in w for w in warnings)
        assert any("inte tillsatt av en beredningsgrupp" in w for w in warnings)
        appointed = measure(world, m.plan, "Andra", working_group=working_group(world))
        assert services.measure_warnings(appointed) == []

    def test_dates_budget_and_organisation(self, world: World) -> None:
        p = plan(world)
        with pytest.raises(ValidationError) as caught:
            measure(
                world,
                p,
                start=date(2026, 5, 1),
                end=date(2026, 4, 1),
                budget=Decimal("-1"),
                responsible_organisation=world.other_organisation,
            )
        assert set(caught.value.error_dict) == {"end", "budget", "responsible_organisation"}
        assert not Measure.objects.exists()

    def test_status_adopted_cannot_be_set_by_an_update(self, world: World) -> None:
        m = measure(world, plan(world))
        with pytest.raises(ValidationError) as caught:
            services.measure_update(
                measure=m,
                user=world.alice,
                data=services.measure_input_of(m),
                status=MeasureStatus.ADOPTED,
            )
        assert "Anta med beslut" in caught.value.message_dict["status"][0]
        m.refresh_from_db()
        assert m.status == MeasureStatus.PROPOSED


class TestAdoption:
    def test_a_steering_group_decision_adopts_every_proposed_measure(self, world: World) -> None:
        action_plan, m, d = adopted_plan(world)
        assert m.status == MeasureStatus.ADOPTED
        assert m.adopted_decision == d
        assert m.start is not None
        assert m.next_followup_due == m.start + timedelta(weeks=4)
        version = action_plan.versions.get()
        assert version.number == 1
        assert version.decision == d
        snap = version.snapshot["measures"][0]
        assert snap["title"] == "Belysning på torget"
        assert {c["problem"] for c in snap["causes"]} == {"Otrygghet på Hammarkullstorget"}
        assert {c["title"] for c in snap["causes"]} == {"Mörka passager", "Ungdomar utan fritid"}
        assert snap["working_group"] == "Arbetsgrupp Torget"
        assert snap["responsible_organisation"] == "Stadsdelsförvaltningen"
        assert version.snapshot["decision"]["group"] == "Styrgruppen"

    def test_a_preparing_groups_decision_is_refused_and_names_who_decides(
        self, world: World
    ) -> None:
        action_plan = plan(world)
        m = measure(world, action_plan)
        with pytest.raises(ValidationError) as caught:
            services.plan_adopt(plan=action_plan, decision=decision(world.preparation), user=None)
        message = caught.value.message_dict["decision"][0]
        assert "Beredningsgruppen har inget mandat" in message
        assert "Styrgruppen" in message
        m.refresh_from_db()
        assert m.status == MeasureStatus.PROPOSED
        assert not PlanVersion.objects.exists()

    @pytest.mark.parametrize(
        "outcome", [DecisionOutcome.REJECTED, DecisionOutcome.RETURNED, DecisionOutcome.NOTED]
    )
    def test_a_decision_that_does_not_approve_is_refused(self, world: World, outcome: str) -> None:
        action_plan = plan(world)
        measure(world, action_plan)
        with pytest.raises(ValidationError) as caught:
            services.plan_adopt(
                plan=action_plan, decision=decision(world.steering, outcome=outcome), user=None
            )
        assert "bifall" in caught.value.message_dict["decision"][0]
        assert not PlanVersion.objects.exists()

    def test_an_amended_approval_adopts(self, world: World) -> None:
        action_plan = plan(world)
        measure(world, action_plan)
        d = decision(world.steering, outcome=DecisionOutcome.AMENDED)
        assert services.plan_adopt(plan=action_plan, decision=d, user=None).number == 1

    def test_another_municipalitys_decision_is_refused(self, world: World) -> None:
        action_plan = plan(world)
        measure(world, action_plan)
        with pytest.raises(ValidationError) as caught:
            services.plan_adopt(plan=action_plan, decision=decision(world.other_group), user=None)
        assert "annan kommun" in caught.value.message_dict["decision"][0]

    def test_an_empty_plan_is_not_adopted(self, world: World) -> None:
        with pytest.raises(ValidationError):
            services.plan_adopt(plan=plan(world), decision=decision(world.steering), user=None)

    def test_measure_adopt_refuses_like_the_plan(self, world: World) -> None:
        m = measure(world, plan(world))
        with pytest.raises(ValidationError):
            services.measure_adopt(measure=m, decision=decision(world.preparation), user=None)
        services.measure_adopt(measure=m, decision=decision(world.steering), user=None)
        m.refresh_from_db()
        assert m.status == MeasureStatus.ADOPTED

    def test_a_measure_added_later_freezes_a_new_version(self, world: World) -> None:
        action_plan, _m, _d = adopted_plan(world)
        later = measure(world, action_plan, "Fältassistenter", kind="social")
        services.measure_adopt(
            measure=later, decision=decision(world.steering, title="Ny åtgärd"), user=None
        )
        assert list(action_plan.versions.values_list("number", flat=True)) == [2, 1]


class TestVersions:
    def test_a_frozen_version_does_not_change_when_the_live_plan_changes(
        self, world: World
    ) -> None:
        action_plan, m, _d = adopted_plan(world)
        frozen = PlanVersion.objects.get(plan=action_plan).snapshot
        data = services.measure_input_of(m)
        data.title = "Belysning och kameror"
        data.budget = Decimal("250000")
        services.measure_update(measure=m, user=world.alice, data=data)
        measure(world, action_plan, "Fältassistenter", kind="social")
        assert PlanVersion.objects.get(plan=action_plan).snapshot == frozen
        assert frozen["measures"][0]["title"] == "Belysning på torget"

    def test_compare_names_added_removed_and_changed_fields(self, world: World) -> None:
        action_plan, m, _d = adopted_plan(world)
        data = services.measure_input_of(m)
        data.budget = Decimal("250000")
        services.measure_update(measure=m, user=world.alice, data=data)
        measure(world, action_plan, "Fältassistenter", kind="social")
        services.plan_adopt(
            plan=action_plan, decision=decision(world.steering, title="Reviderad plan"), user=None
        )
        v1, v2 = (PlanVersion.objects.get(plan=action_plan, number=n).snapshot for n in (1, 2))
        changes = services.versions_compare(v1, v2)
        assert ("added", "Fältassistenter") in [(c.kind, c.measure) for c in changes]
        budget = next(c for c in changes if c.field == "Budget (kr)")
        assert (budget.kind, budget.before, budget.after) == ("changed", None, "250000")
        back = services.versions_compare(v2, v1)
        assert ("removed", "Fältassistenter") in [(c.kind, c.measure) for c in back]
        assert services.versions_compare(v1, v1) == []

    def test_following_up_is_not_a_change_of_the_plan(self, world: World) -> None:
        action_plan, m, _d = adopted_plan(world)
        activity = services.activity_create(
            measure=m, user=None, data=services.ActivityInput(title="Lampor")
        )
        services.plan_adopt(
            plan=action_plan, decision=decision(world.steering, title="Med aktivitet"), user=None
        )
        services.followup_record(
            measure=m,
            user=None,
            made_on=timezone.localdate(),
            as_planned="yes",
            activity=activity,
            progress=60,
        )
        latest = action_plan.versions.get(number=2).snapshot
        assert services.versions_compare(latest, services.plan_snapshot(action_plan)) == []


class TestCurrentPlan:
    def test_the_adopted_plan_covering_today_is_current(self, world: World) -> None:
        draft = plan(world, "Utkast")
        action_plan, _m, _d = adopted_plan(world)
        assert services.current_plan(world.testby, today=date(2026, 6, 1)) == action_plan
        assert draft != action_plan
