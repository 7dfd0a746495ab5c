"""/api/v1/municipalities/<slug>/people/: contact details on a need-to-know basis."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from samverka.core.testing import World, make_membership, make_person
from samverka.organisation.models import Person

URL = "/api/v1/municipalities/testby/people/"


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _by_name(response: Any) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("username", "sees_bobs_contact"),
    [
        ("dave", False),  # reader, shares no group with Bob
        ("carol", False),  # member of another group
        ("bob", True),  # himself
        ("alice", True),  # coordinator
        ("root", True),
    ],
)
def test_email_and_phone_only_for_those_who_may_see_them(
    world: World, username: str, sees_bobs_contact: bool
) -> None:
    world.bob_person.phone = "031-123 45 67"
    world.bob_person.save()
    client = _client(world.user(username))
    bob = _by_name(client.get(URL))["Bob Berg"]
    detail = client.get(f"{URL}{world.bob_person.pk}/").json()
    for row in (bob, detail):
        assert ("email" in row) is sees_bobs_contact
        assert ("phone" in row) is sees_bobs_contact
        assert row["organisation"] == world.police.pk
    if sees_bobs_contact:
        assert detail["email"] == "bob@example.org"
        assert detail["phone"] == "031-123 45 67"


def test_sharing_a_group_shows_the_contact_details(world: World) -> None:
    make_membership(world.steering, world.carol_person)
    bob = _by_name(_client(world.carol).get(URL))["Bob Berg"]
    assert bob["email"] == "bob@example.org"


def test_a_coordinator_creates_a_person(world: World) -> None:
    body = {
        "name": "Dave Dahl",
        "title": "Fältsekreterare",
        "organisation": world.administration.pk,
        "kind": "official",
        "email": "dave@example.org",
    }
    response = _client(world.alice).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    person = Person.objects.get(name="Dave Dahl")
    assert person.organisation == world.administration
    assert person.email == "dave@example.org"
    assert response.json()["user"] is None


def test_the_linked_account_is_shown_but_not_changed_through_the_api(world: World) -> None:
    client = _client(world.alice)
    assert client.get(f"{URL}{world.carol_person.pk}/").json()["user"] == world.carol.pk
    response = client.patch(f"{URL}{world.carol_person.pk}/", {"user": None}, format="json")
    assert response.status_code == 200
    world.carol_person.refresh_from_db()
    assert world.carol_person.user == world.carol


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"organisation": "Polisen"}, "organisation", "heltal"),
        ({"organisation": 10**12}, "organisation", "finns inte"),
        ({"email": "inte-en-adress"}, "email", "giltig"),
        ({"kind": "police"}, "kind", "inget giltigt val"),
        ({"is_public_contact": "kanske"}, "is_public_contact", "true eller false"),
        ({"name": None}, "name", "null"),
    ],
)
def test_malformed_people_are_400(
    world: World, body: dict[str, Any], field: str, message: str
) -> None:
    before = Person.objects.values().get(pk=world.carol_person.pk)
    response = _client(world.alice).patch(f"{URL}{world.carol_person.pk}/", body, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert Person.objects.values().get(pk=world.carol_person.pk) == before


def test_an_organisation_of_another_municipality_is_400(world: World) -> None:
    response = _client(world.alice).post(
        URL, {"name": "Ny person", "organisation": world.other_organisation.pk}, format="json"
    )
    assert response.status_code == 400
    assert "finns inte" in response.json()["organisation"][0]
    assert not Person.objects.filter(name="Ny person").exists()


def test_the_list_costs_the_same_few_queries_for_many_people(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for number in range(30):
        person = make_person(world.testby, f"Person {number}", organisation=world.police)
        make_membership(world.steering if number % 2 else world.safety_group, person)
    client = _client(world.carol)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 32
    # carol sits in Trygghetsgruppen: she sees the contact details of its members only.
    assert sum("email" in row for row in rows) == 16
