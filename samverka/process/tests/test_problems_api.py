"""The problems API: the same services and rules as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from samverka.core.testing import World
from samverka.process.models import Problem, ProblemStatus
from samverka.process.tests.problem_factories import (
    make_adopted_report,
    make_decision,
    make_problem,
    make_rise,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/municipalities/testby/problems/"


def _send(client: Client, method: str, url: str, body: Any) -> Any:
    return client.generic(method, url, json.dumps(body), "application/json")


@pytest.fixture
def alice(client: Client, world: World) -> Client:
    client.force_login(world.alice)
    return client


def test_create_read_and_update_a_problem(alice: Client, world: World) -> None:
    created = _send(alice, "POST", BASE, {"title": "Rån vid torget", "areas": [world.area.pk]})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == ProblemStatus.PROPOSED
    assert created.json()["cause_analysis"] is None
    listed = alice.get(BASE).json()
    assert [p["title"] for p in listed] == ["Rån vid torget"]
    changed = _send(alice, "PATCH", f"{BASE}{pk}/", {"description": "Kvällstid"})
    assert changed.status_code == 200
    assert changed.json()["description"] == "Kvällstid"
    assert changed.json()["areas"] == [world.area.pk]


def test_refusals_are_400_with_swedish_messages(alice: Client, world: World) -> None:
    no_area = _send(alice, "POST", BASE, {"title": "X", "areas": []})
    assert no_area.status_code == 400
    foreign = _send(alice, "POST", BASE, {"title": "X", "areas": [world.other_area.pk]})
    assert foreign.status_code == 400
    assert "finns inte i den här kommunen" in foreign.content.decode()
    make_problem(world, "Klotter")
    twice = _send(alice, "POST", BASE, {"title": "Klotter", "areas": [world.area.pk]})
    assert twice.status_code == 400
    assert "redan ett problem" in twice.content.decode()


def test_evidence_and_causes_through_the_api(alice: Client, world: World) -> None:
    assault = make_rise(world)
    report = make_adopted_report(world)
    problem = make_problem(world)
    url = f"{BASE}{problem.pk}/"
    evidence = _send(
        alice,
        "POST",
        f"{url}evidence/",
        {
            "kind": "situation",
            "situation_report": report.pk,
            "figure_key": f"category:{assault.pk}",
        },
    )
    assert evidence.status_code == 201, evidence.content
    assert "Misshandel" in evidence.json()["figure_label"]
    analysis = _send(alice, "PATCH", f"{url}cause-analysis/", {"place": "Torget"})
    assert analysis.status_code == 200 and analysis.json()["place"] == "Torget"
    root = _send(alice, "POST", f"{url}causes/", {"title": "Mörkt", "side": "place"})
    assert root.status_code == 201
    child = _send(
        alice,
        "POST",
        f"{url}causes/",
        {"title": "Trasig belysning", "side": "place", "parent": root.json()["id"]},
    )
    assert child.status_code == 201
    cycle = _send(
        alice, "PATCH", f"{url}causes/{root.json()['id']}/", {"parent": child.json()["id"]}
    )
    assert cycle.status_code == 400
    assert "förklara sig själv" in cycle.content.decode()
    changed = _send(alice, "PATCH", f"{url}causes/{child.json()['id']}/", {"certainty": "assumed"})
    assert changed.status_code == 200 and changed.json()["certainty"] == "assumed"
    detail = alice.get(url).json()
    assert len(detail["evidence"]) == 1
    assert [c["title"] for c in detail["cause_analysis"]["causes"]] == ["Mörkt", "Trasig belysning"]
    deleted = alice.delete(f"{url}causes/{root.json()['id']}/")
    assert deleted.status_code == 204
    assert alice.get(url).json()["cause_analysis"]["causes"] == []


def test_priority_confirmed_only_by_a_deciding_groups_decision(alice: Client, world: World) -> None:
    problem = make_problem(world)
    prioritised = _send(
        alice,
        "POST",
        f"{BASE}prioritise/",
        {"priorities": [{"problem": problem.pk, "priority": 1}]},
    )
    assert prioritised.status_code == 200
    url = f"{BASE}{problem.pk}/confirm/"
    refused = _send(alice, "POST", url, {"decision": make_decision(world.preparation).pk})
    assert refused.status_code == 400
    assert "Styrgruppen" in refused.content.decode()
    foreign = _send(alice, "POST", url, {"decision": make_decision(world.other_group).pk})
    assert foreign.status_code == 400
    bad = _send(alice, "POST", url, {"decision": 0})
    assert bad.status_code == 400
    confirmed = _send(alice, "POST", url, {"decision": make_decision(world.steering).pk})
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == ProblemStatus.PRIORITISED


def test_readers_read_and_may_not_write(client: Client, world: World) -> None:
    problem = make_problem(world)
    client.force_login(world.dave)
    assert client.get(f"{BASE}{problem.pk}/").status_code == 200
    refused = _send(client, "PATCH", f"{BASE}{problem.pk}/", {"title": "Nytt"})
    assert refused.status_code == 403
    assert Problem.objects.get(pk=problem.pk).title == problem.title
