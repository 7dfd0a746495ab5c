"""The municipality, actors, memberships, documents and specialist functions in /api/v1/."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from samverka.core.testing import World, make_group, make_membership, make_person
from samverka.organisation.models import (
    GoverningDocument,
    GroupKind,
    Mandate,
    Membership,
    Organisation,
    SpecialistFunction,
)

API = "/api/v1/municipalities/"
BASE = "/api/v1/municipalities/testby"


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


# --- The municipality ---------------------------------------------------------------------


def test_a_user_lists_only_their_municipalities_with_their_role(world: World) -> None:
    rows = _client(world.dave).get(API).json()["results"]
    assert [(row["slug"], row["role"]) for row in rows] == [("testby", "reader")]
    rows = _client(world.olle).get(API).json()["results"]
    assert [(row["slug"], row["role"]) for row in rows] == [("annanstad", "coordinator")]


def test_a_platform_admin_lists_every_municipality(world: World) -> None:
    rows = _client(world.root).get(API).json()["results"]
    assert {row["slug"] for row in rows} == {"testby", "annanstad"}
    assert {row["role"] for row in rows} == {"coordinator"}


def test_retrieve_is_404_outside_the_users_municipalities(world: World) -> None:
    assert _client(world.dave).get(f"{API}testby/").json()["scb_code"] == "9999"
    assert _client(world.dave).get(f"{API}annanstad/").status_code == 404
    assert _client(world.dave).get(f"{API}finns-inte/").status_code == 404


def test_a_coordinator_patches_the_municipality_but_not_its_slug(world: World) -> None:
    body = {"county": "Testlän", "description": "Vår kommun.", "slug": "ny", "scb_code": "1480"}
    response = _client(world.alice).patch(f"{API}testby/", body, format="json")
    assert response.status_code == 200, response.json()
    world.testby.refresh_from_db()
    assert (world.testby.county, world.testby.scb_code, world.testby.slug) == (
        "Testlän",
        "1480",
        "testby",
    )


@pytest.mark.parametrize(("username", "status"), [("dave", 403), ("bob", 403), ("olle", 404)])
def test_others_cannot_patch_the_municipality(world: World, username: str, status: int) -> None:
    response = _client(world.user(username)).patch(
        f"{API}testby/", {"county": "Fel län"}, format="json"
    )
    assert response.status_code == status
    world.testby.refresh_from_db()
    assert world.testby.county == ""


def test_a_malformed_municipality_code_is_400(world: World) -> None:
    response = _client(world.alice).patch(f"{API}testby/", {"scb_code": "14a"}, format="json")
    assert response.status_code == 400
    assert "fyra siffror" in response.json()["scb_code"][0]
    world.testby.refresh_from_db()
    assert world.testby.scb_code == "9999"


def test_municipalities_cannot_be_created_or_deleted(world: World) -> None:
    client = _client(world.root)
    assert client.post(API, {"name": "Ny", "slug": "ny"}, format="json").status_code == 405
    assert client.delete(f"{API}testby/").status_code == 405


# --- Actors -------------------------------------------------------------------------------


def test_an_actor_cannot_become_part_of_itself(world: World) -> None:
    child = Organisation.objects.create(
        municipality=world.testby, name="Närpolisen", kind="police", parent=world.police
    )
    response = _client(world.alice).patch(
        f"{BASE}/organisations/{world.police.pk}/", {"parent": child.pk}, format="json"
    )
    assert response.status_code == 400
    assert "cirkel" in response.json()["parent"][0]
    world.police.refresh_from_db()
    assert world.police.parent is None


def test_an_actor_still_represented_in_a_group_cannot_be_deleted(world: World) -> None:
    response = _client(world.alice).delete(f"{BASE}/organisations/{world.police.pk}/")
    assert response.status_code == 409
    assert "används fortfarande" in str(response.json())
    assert Organisation.objects.filter(pk=world.police.pk).exists()


# --- Memberships --------------------------------------------------------------------------


@pytest.fixture
def sspf(world: World) -> Membership:
    """An SSPF group with Bob as its only member."""
    group = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF, mandate=Mandate.CARRIES_OUT)
    return make_membership(group, world.bob_person)


def test_memberships_filtered_by_group(world: World) -> None:
    rows = (
        _client(world.dave)
        .get(f"{BASE}/memberships/", {"group": world.steering.pk})
        .json()["results"]
    )
    assert [(row["person_name"], row["group"], row["role"]) for row in rows] == [
        ("Bob Berg", world.steering.pk, "chair")
    ]


def test_a_malformed_group_filter_is_400(world: World) -> None:
    response = _client(world.dave).get(f"{BASE}/memberships/", {"group": "styrgruppen"})
    assert response.status_code == 400
    assert "heltal" in response.json()["group"]


@pytest.mark.parametrize(
    ("username", "sees"), [("dave", False), ("carol", False), ("bob", True), ("alice", True)]
)
def test_sspf_members_only_for_its_members_and_coordinators(
    world: World, sspf: Membership, username: str, sees: bool
) -> None:
    client = _client(world.user(username))
    listed = client.get(f"{BASE}/memberships/").json()["results"]
    assert (sspf.pk in [row["id"] for row in listed]) is sees
    filtered = client.get(f"{BASE}/memberships/", {"group": sspf.group_id}).json()["results"]
    assert len(filtered) == (1 if sees else 0)
    assert client.get(f"{BASE}/memberships/{sspf.pk}/").status_code == (200 if sees else 404)


def test_a_membership_cannot_move_to_another_group(world: World) -> None:
    membership = Membership.objects.get(person=world.bob_person)
    response = _client(world.alice).patch(
        f"{BASE}/memberships/{membership.pk}/", {"group": world.preparation.pk}, format="json"
    )
    assert response.status_code == 400
    assert "Kan inte flyttas" in response.json()["group"][0]
    membership.refresh_from_db()
    assert membership.group == world.steering


def test_a_membership_keeps_its_group_when_a_put_repeats_it(world: World) -> None:
    membership = Membership.objects.get(person=world.bob_person)
    body = {"group": world.steering.pk, "person": world.bob_person.pk, "role": "member"}
    response = _client(world.alice).put(f"{BASE}/memberships/{membership.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    membership.refresh_from_db()
    assert (membership.group, membership.role) == (world.steering, "member")


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"person": "bob"}, "person", "heltal"),
        ({"role": "boss"}, "role", "inget giltigt val"),
        ({"start_date": "2026-05-01", "end_date": "2026-01-01"}, "end_date", "före startdatum"),
    ],
)
def test_malformed_memberships_are_400(
    world: World, body: dict[str, Any], field: str, message: str
) -> None:
    body = {"group": world.preparation.pk, "person": world.carol_person.pk, **body}
    response = _client(world.alice).post(f"{BASE}/memberships/", body, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert not Membership.objects.filter(group=world.preparation).exists()


def test_a_person_of_another_municipality_cannot_join(world: World) -> None:
    stranger = make_person(world.annanstad, "Främling")
    body = {"group": world.steering.pk, "person": stranger.pk}
    response = _client(world.alice).post(f"{BASE}/memberships/", body, format="json")
    assert response.status_code == 400
    assert "finns inte" in response.json()["person"][0]
    assert not Membership.objects.filter(person=stranger).exists()


def test_the_services_rules_apply_to_memberships(world: World) -> None:
    client = _client(world.alice)
    twice = {"group": world.steering.pk, "person": world.bob_person.pk}
    response = client.post(f"{BASE}/memberships/", twice, format="json")
    assert response.status_code == 400
    assert "redan med i gruppen" in response.json()["person"][0]

    public = make_person(world.testby, "Kommunpolisen", is_public_contact=True)
    response = client.post(
        f"{BASE}/memberships/", {"group": world.steering.pk, "person": public.pk}, format="json"
    )
    assert response.status_code == 400
    assert "offentlig kontaktperson" in response.json()["person"][0]
    assert world.steering.memberships.count() == 1


def test_a_new_membership_represents_the_persons_own_actor_by_default(world: World) -> None:
    body = {"group": world.preparation.pk, "person": world.carol_person.pk}
    response = _client(world.alice).post(f"{BASE}/memberships/", body, format="json")
    assert response.status_code == 201
    assert response.json()["organisation"] == world.administration.pk


# --- Governing documents ------------------------------------------------------------------


def test_a_document_links_its_file_to_the_download_page(world: World) -> None:
    client = _client(world.dave)
    assert client.get(f"{BASE}/documents/{world.document.pk}/").json()["file_url"] is None
    world.document.file.save("overenskommelse.txt", ContentFile(b"Syfte"), save=True)
    data = client.get(f"{BASE}/documents/{world.document.pk}/").json()
    assert data["file_url"] == (f"http://testserver/k/testby/dokument/{world.document.pk}/fil/")
    assert data["kind"] == "collaboration_agreement"
    assert data["valid_from"] == "2026-01-01"


def test_a_coordinator_creates_a_document_with_parties(world: World) -> None:
    body = {
        "title": "Medborgarlöfte Norra 2026",
        "kind": "citizen_promise",
        "area": world.area.pk,
        "parties": [world.police.pk, world.administration.pk],
        "goals": "Mindre otrygghet\nMer närvarande polis",
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
    }
    response = _client(world.alice).post(f"{BASE}/documents/", body, format="json")
    assert response.status_code == 201, response.json()
    document = GoverningDocument.objects.get(title="Medborgarlöfte Norra 2026")
    assert set(document.parties.all()) == {world.police, world.administration}
    assert document.goal_list() == ["Mindre otrygghet", "Mer närvarande polis"]
    assert sorted(response.json()["parties"]) == sorted([world.police.pk, world.administration.pk])


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"parties": ["other"]}, "parties", "finns inte"),
        ({"valid_from": "2026-06-01", "valid_until": "2026-01-01"}, "valid_until", "före"),
        ({"next_review": "2026-13-01"}, "next_review", "ÅÅÅÅ-MM-DD"),
        ({"url": "inte en länk"}, "url", "giltig URL"),
        ({"kind": "roman"}, "kind", "inget giltigt val"),
    ],
)
def test_malformed_documents_are_400(
    world: World, body: dict[str, Any], field: str, message: str
) -> None:
    if body.get("parties") == ["other"]:
        body = {"parties": [world.other_organisation.pk]}
    before = GoverningDocument.objects.values().get(pk=world.document.pk)
    response = _client(world.alice).patch(
        f"{BASE}/documents/{world.document.pk}/", body, format="json"
    )
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert GoverningDocument.objects.values().get(pk=world.document.pk) == before
    assert not world.document.parties.exists()


# --- Specialist functions -----------------------------------------------------------------


def test_specialist_functions_belong_to_a_coordination_unit(world: World) -> None:
    body = {"group": world.steering.pk, "name": "Hedersrelaterat våld"}
    response = _client(world.alice).post(f"{BASE}/specialist-functions/", body, format="json")
    assert response.status_code == 400
    assert "samordningsenhet" in str(response.json())
    assert not SpecialistFunction.objects.exists()


def test_a_coordinator_adds_a_specialist_function_with_a_coordinator(world: World) -> None:
    unit = make_group(
        world.testby, "Trygghetssamordningen", kind=GroupKind.COORDINATION_UNIT, mandate="advises"
    )
    body = {
        "group": unit.pk,
        "name": "Våldsbejakande extremism",
        "coordinator": world.bob_person.pk,
    }
    response = _client(world.alice).post(f"{BASE}/specialist-functions/", body, format="json")
    assert response.status_code == 201, response.json()
    function = SpecialistFunction.objects.get()
    assert (function.group, function.coordinator) == (unit, world.bob_person)
    listed = _client(world.dave).get(f"{BASE}/specialist-functions/").json()["results"]
    assert [row["name"] for row in listed] == ["Våldsbejakande extremism"]
