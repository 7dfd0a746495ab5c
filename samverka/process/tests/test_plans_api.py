"""The åtgärdsplan API: the same services and refusals as the pages. Input the schema describes is
checked with a 400 in Swedish; a well-formed request a rule of the process refuses (adoption by a
decision that may not adopt, a period that ends before it starts) is a 409 with the same reason
as on the page; a user who may not plan gets 403; a status of "adopted" is never accepted."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import World
from samverka.meetings.models import DecisionOutcome
from samverka.process.models import ActionPlan, Measure, MeasureStatus, PlanVersion
from samverka.process.tests._plans_world import (
    adopted_plan,
    causes_of,
    decision,
    measure,
    plan,
    problem_with_causes,
    working_group,
)


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"api-process-{name}", kwargs={"municipality_slug": "testby", **kwargs})


def client_for(world: World, username: str) -> Client:
    client = Client()
    client.force_login(getattr(world, username))
    return client


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    return client.generic(method, path, json.dumps(body), content_type="application/json")


class TestWrites:
    def test_a_planner_builds_a_plan_with_a_measure(self, world: World) -> None:
        alice = client_for(world, "alice")
        problem = problem_with_causes(world)
        created = send(
            alice,
            "POST",
            url("plan-list"),
            {"title": "Plan 2026", "period_start": "2026-01-01", "period_end": "2026-12-31"},
        )
        assert created.status_code == 201, created.json()
        plan_id = created.json()["id"]
        body = {
            "title": "Belysning",
            "kind": "situational",
            "term": "short",
            "causes": [c.pk for c in causes_of(problem)],
            "working_group": working_group(world).pk,
            "budget": 120000,
        }
        response = send(alice, "POST", url("measure-list", pk=plan_id), body)
        assert response.status_code == 201, response.json()
        assert response.json()["status"] == "proposed"
        assert response.json()["budget"] == 120000

    def test_a_member_who_may_not_plan_gets_403(self, world: World) -> None:
        bob = client_for(world, "bob")
        response = send(
            bob,
            "POST",
            url("plan-list"),
            {"title": "Plan", "period_start": "2026-01-01", "period_end": "2026-12-31"},
        )
        assert response.status_code == 403
        assert not ActionPlan.objects.exists()

    @pytest.mark.parametrize(
        "body",
        [
            {"title": "X", "period_start": "2026-13-01", "period_end": "2026-12-31"},
            {"title": 7, "period_start": "2026-01-01", "period_end": "2026-12-31"},
            {"title": "\n", "period_start": "2026-01-01", "period_end": "2026-12-31"},
            {"title": "X" * 201, "period_start": "2026-01-01", "period_end": "2026-12-31"},
            [],
        ],
    )
    def test_malformed_input_is_a_400(self, world: World, body: Any) -> None:
        response = send(client_for(world, "alice"), "POST", url("plan-list"), body)
        assert response.status_code == 400
        assert not ActionPlan.objects.exists()

    def test_a_period_ending_before_it_starts_is_a_409(self, world: World) -> None:
        response = send(
            client_for(world, "alice"),
            "POST",
            url("plan-list"),
            {"title": "X", "period_start": "2026-02-01", "period_end": "2026-01-01"},
        )
        assert response.status_code == 409
        assert "före startdatumet" in response.json()["detail"]
        assert not ActionPlan.objects.exists()

    def test_a_measure_of_another_municipalitys_cause_is_a_400(self, world: World) -> None:
        from samverka.process.models import Cause, CauseAnalysis, Problem

        foreign = Problem.objects.create(municipality=world.annanstad, title="Annat")
        cause = Cause.objects.create(
            analysis=CauseAnalysis.objects.create(problem=foreign), side="place", title="X"
        )
        p = plan(world)
        response = send(
            client_for(world, "alice"),
            "POST",
            url("measure-list", pk=p.pk),
            {"title": "M", "kind": "social", "term": "long", "causes": [cause.pk]},
        )
        assert response.status_code == 400
        assert "finns inte i den här kommunen" in json.dumps(response.json(), ensure_ascii=False)


class TestAdopt:
    def _proposed(self, world: World) -> ActionPlan:
        p = plan(world)
        measure(world, p, causes=causes_of(problem_with_causes(world)))
        return p

    def test_the_steering_groups_decision_adopts(self, world: World) -> None:
        p = self._proposed(world)
        d = decision(world.steering)
        response = send(
            client_for(world, "alice"), "POST", url("plan-adopt", pk=p.pk), {"decision": d.pk}
        )
        assert response.status_code == 201, response.json()
        assert response.json()["number"] == 1
        assert response.json()["decision"]["group"] == "Styrgruppen"
        assert response.json()["snapshot"]["measures"][0]["causes"][0]["problem"]

    def test_a_preparing_groups_decision_is_a_409_naming_who_decides(self, world: World) -> None:
        p = self._proposed(world)
        d = decision(world.preparation)
        response = send(
            client_for(world, "alice"), "POST", url("plan-adopt", pk=p.pk), {"decision": d.pk}
        )
        assert response.status_code == 409
        message = response.json()["detail"]
        assert "Beredningsgruppen har inget mandat" in message and "Styrgruppen" in message
        assert not PlanVersion.objects.exists()

    def test_a_rejected_decision_is_a_409(self, world: World) -> None:
        p = self._proposed(world)
        d = decision(world.steering, outcome=DecisionOutcome.REJECTED)
        response = send(
            client_for(world, "alice"), "POST", url("plan-adopt", pk=p.pk), {"decision": d.pk}
        )
        assert response.status_code == 409
        assert "bifall" in response.json()["detail"]

    def test_another_municipalitys_decision_does_not_exist_here(self, world: World) -> None:
        p = self._proposed(world)
        d = decision(world.other_group)
        response = send(
            client_for(world, "alice"), "POST", url("plan-adopt", pk=p.pk), {"decision": d.pk}
        )
        assert response.status_code == 400
        assert response.json()["decision"] == [f"Id {d.pk} finns inte i den här kommunen."]
        assert not PlanVersion.objects.exists()

    def test_a_user_who_may_not_plan_gets_403(self, world: World) -> None:
        p = self._proposed(world)
        d = decision(world.steering)
        response = send(
            client_for(world, "bob"), "POST", url("plan-adopt", pk=p.pk), {"decision": d.pk}
        )
        assert response.status_code == 403
        assert not PlanVersion.objects.exists()

    def test_measure_adopt_refuses_like_the_plan(self, world: World) -> None:
        m = self._proposed(world).measures.get()
        alice = client_for(world, "alice")
        refused = send(
            alice,
            "POST",
            url("measure-adopt", pk=m.pk),
            {"decision": decision(world.preparation).pk},
        )
        assert refused.status_code == 409
        adopted = send(
            alice, "POST", url("measure-adopt", pk=m.pk), {"decision": decision(world.steering).pk}
        )
        assert adopted.status_code == 200
        assert adopted.json()["status"] == "adopted"

    def test_status_adopted_is_never_written(self, world: World) -> None:
        m = self._proposed(world).measures.get()
        response = send(
            client_for(world, "alice"),
            "PATCH",
            url("measure-detail", pk=m.pk),
            {"status": "adopted"},
        )
        assert response.status_code == 400
        assert "beslut" in response.json()["status"][0]
        m.refresh_from_db()
        assert m.status == MeasureStatus.PROPOSED


class TestFollowUps:
    def test_record_and_read(self, world: World) -> None:
        _p, m, _d = adopted_plan(world)
        alice = client_for(world, "alice")
        response = send(
            alice,
            "POST",
            url("followup-list", pk=m.pk),
            {"made_on": timezone.localdate().isoformat(), "as_planned": "yes", "outputs": "Klart"},
        )
        assert response.status_code == 201, response.json()
        assert response.json()["due_on"] == m.next_followup_due.isoformat()  # type: ignore[union-attr]
        listed = alice.get(url("followup-list", pk=m.pk)).json()
        assert [f["outputs"] for f in listed] == ["Klart"]
        patched = send(
            alice,
            "PATCH",
            url("followup-detail", pk=m.pk, followup_pk=listed[0]["id"]),
            {"deviations": "Inga"},
        )
        assert patched.json()["deviations"] == "Inga"

    def test_a_reader_may_not_record(self, world: World) -> None:
        _p, m, _d = adopted_plan(world)
        response = send(
            client_for(world, "dave"),
            "POST",
            url("followup-list", pk=m.pk),
            {"made_on": timezone.localdate().isoformat(), "as_planned": "yes"},
        )
        assert response.status_code == 403
        assert not m.followups.exists()

    def test_overdue_list(self, world: World) -> None:
        _p, m, _d = adopted_plan(world)
        Measure.objects.filter(pk=m.pk).update(
            next_followup_due=timezone.localdate() - timedelta(days=1)
        )
        rows = client_for(world, "dave").get(url("followups-overdue")).json()
        assert [r["title"] for r in rows] == [m.title]
