"""The goals and indicators API: the same services as the pages; input the schema describes is
refused with 400, a rule of the process with 409, both with a Swedish reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from samverka.core.testing import World
from samverka.process.models import Goal, IndicatorValue
from samverka.process.services import goals as services

M = "/api/v1/municipalities/testby"


def post(client: Client, path: str, body: Any) -> Any:
    return client.post(f"{M}/{path}", body, content_type="application/json")


@pytest.fixture
def alice(world: World) -> Client:
    client = Client()
    client.force_login(world.alice)
    return client


def test_goals_create_list_retrieve_update(world: World, alice: Client) -> None:
    response = post(alice, "goals/", {"title": "Tryggare", "document": world.document.pk})
    assert response.status_code == 201, response.json()
    goal = response.json()
    assert goal["document"] == world.document.pk and goal["parent"] is None
    sub = post(alice, "goals/", {"title": "Delmål", "parent": goal["id"]}).json()
    assert sub["document"] == world.document.pk  # the goal's document
    listed = alice.get(f"{M}/goals/").json()
    assert {g["title"] for g in listed} == {"Tryggare", "Delmål"}
    assert alice.get(f"{M}/goals/{goal['id']}/").json()["subgoals"] == [sub["id"]]
    patched = alice.patch(
        f"{M}/goals/{goal['id']}/", {"weight": 3}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["weight"] == 3
    assert patched.json()["title"] == "Tryggare"


def test_goal_rules_are_409_with_the_reason(world: World, alice: Client) -> None:
    top = post(alice, "goals/", {"title": "Mål"}).json()
    sub = post(alice, "goals/", {"title": "D", "parent": top["id"]}).json()
    deep = post(alice, "goals/", {"title": "DD", "parent": sub["id"]}).json()
    response = post(alice, "goals/", {"title": "För djupt", "parent": deep["id"]})
    assert response.status_code == 409
    assert "högst 3 nivåer" in response.json()["detail"]
    cycle = alice.patch(
        f"{M}/goals/{top['id']}/", {"parent": sub["id"]}, content_type="application/json"
    )
    assert cycle.status_code == 409


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"title": ""}, "title", "Det här fältet får inte vara blankt."),
        ({"title": 5}, "title", "Ange text."),
        ({"title": "x" * 301}, "title", "Se till att detta fält inte har fler än 300 tecken."),
        (
            {"title": "Mål", "weight": 0},
            "weight",
            "Se till att detta värde är större än eller lika med 1.",
        ),
        ({"title": "Mål", "parent": 0}, "parent", "Id 0 finns inte i den här kommunen."),
        ({"title": "Mål", "parent": 2**63}, "parent", "finns inte i den här kommunen."),
    ],
)
def test_bad_goal_input_is_400_in_swedish(
    world: World, alice: Client, body: dict[str, Any], field: str, message: str
) -> None:
    response = post(alice, "goals/", body)
    assert response.status_code == 400
    assert any(message in m for m in response.json()[field])


def test_another_municipalitys_goal_is_not_a_parent(world: World, alice: Client) -> None:
    theirs = services.goal_create(municipality=world.annanstad, user=world.olle, title="Deras")
    response = post(alice, "goals/", {"title": "Vårt", "parent": theirs.pk})
    assert response.status_code == 400
    assert response.json()["parent"] == [f"Id {theirs.pk} finns inte i den här kommunen."]
    assert alice.get(f"{M}/goals/{theirs.pk}/").status_code == 404


def _indicator(alice: Client, **extra: Any) -> dict[str, Any]:
    goal = post(alice, "goals/", {"title": "Tryggare"}).json()
    body = {
        "goal": goal["id"],
        "name": "Andel trygga",
        "unit": "procent",
        "source": "manual",
        "direction": "increase",
        "baseline_value": "50",
        "target_value": "70.5",
        **extra,
    }
    response = post(alice, "indicators/", body)
    assert response.status_code == 201, response.json()
    return response.json()  # type: ignore[no-any-return]


def test_indicator_with_values_status_and_four_eyes(world: World, alice: Client) -> None:
    indicator = _indicator(alice)
    assert indicator["target_value"] == "70.500"
    assert indicator["status"]["colour"] == "grey" and indicator["values"] == []
    entered = post(alice, f"indicators/{indicator['id']}/values/", {"year": 2025, "value": "71"})
    assert entered.status_code == 201
    data = entered.json()
    assert data["status"]["colour"] == "green"
    assert data["status"]["colour_label"] == "Grönt: målet är nått"
    assert data["status"]["progress_percent"] == 100
    (value,) = data["values"]
    assert value["label"] == "2025" and value["value"] == "71.000"
    assert value["approved"] is False and not value["computed"]
    again = post(alice, f"indicators/{indicator['id']}/values/", {"year": 2025, "value": "72"})
    assert again.status_code == 409
    assert "redan ett värde för 2025" in again.json()["detail"]
    approve = f"indicators/{indicator['id']}/values/{value['id']}/approve/"
    own = post(alice, approve, {})
    assert own.status_code == 409
    assert "annan samordnare" in own.json()["detail"]
    root = Client()
    root.force_login(world.root)
    approved = post(root, approve, {})
    assert approved.status_code == 200
    assert approved.json()["values"][0]["approved"] is True
    assert IndicatorValue.objects.get().approved_by == world.root
    listed = alice.get(f"{M}/indicators/").json()
    assert [i["name"] for i in listed] == ["Andel trygga"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"year": 2025, "value": 71}, "value"),  # a number, not the text the schema says
        ({"year": 2025, "value": "12,5"}, "value"),
        ({"year": 2025, "value": "1e5"}, "value"),
        ({"year": 2025, "value": "123456789012"}, "value"),
        ({"year": 1800, "value": "1"}, "year"),
        ({"year": "2025", "value": "1"}, "year"),
        ({"year": 2025, "value": "1", "note": "x" * 301}, "note"),
    ],
)
def test_bad_values_are_400(world: World, alice: Client, body: dict[str, Any], field: str) -> None:
    indicator = _indicator(alice)
    response = post(alice, f"indicators/{indicator['id']}/values/", body)
    assert response.status_code == 400
    assert field in response.json()


def test_an_incident_indicator_without_an_area_is_409_and_with_one_is_made(
    world: World, alice: Client
) -> None:
    goal = post(alice, "goals/", {"title": "Färre stölder"}).json()
    body = {"goal": goal["id"], "name": "Stölder", "unit": "antal", "source": "incidents"}
    refused = post(alice, "indicators/", body)
    assert refused.status_code == 409
    assert "Välj det område" in refused.json()["detail"]
    made = post(alice, "indicators/", {**body, "area": world.area.pk})
    assert made.status_code == 201
    assert made.json()["area"] == world.area.pk
    entered = post(alice, f"indicators/{made.json()['id']}/values/", {"year": 2025, "value": "1"})
    assert entered.status_code == 409  # counted, not entered


def test_a_reader_reads_and_may_not_write(world: World) -> None:
    services.goal_create(municipality=world.testby, user=world.alice, title="Mål")
    dave = Client()
    dave.force_login(world.dave)
    assert dave.get(f"{M}/goals/").status_code == 200
    assert post(dave, "goals/", {"title": "x"}).status_code == 403
    assert Goal.objects.count() == 1
