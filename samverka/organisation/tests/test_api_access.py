"""Who may do what through /api/v1/, for every resource nested under a municipality.

Readers and members read; coordinators write; a user of another municipality gets 404 for
everything; anonymous requests get 401/403 (never a redirect); refused writes change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from rest_framework.test import APIClient

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World, make_api_key, make_group
from samverka.organisation.models import (
    GroupKind,
    Mandate,
    Membership,
    SpecialistFunction,
)

BASE = "/api/v1/municipalities/testby"


@dataclass
class Resource:
    path: str
    existing: Callable[[World], models.Model]
    create: Callable[[World], dict[str, Any]]
    change: dict[str, Any]  # a PATCH body; its first key is checked on the row


def _unit(world: World) -> SpecialistFunction:
    unit = make_group(
        world.testby, "Samordningen", kind=GroupKind.COORDINATION_UNIT, mandate=Mandate.CARRIES_OUT
    )
    return SpecialistFunction.objects.create(group=unit, name="Ungdomskriminalitet")


RESOURCES = {
    "areas": Resource(
        "areas",
        lambda w: w.area,
        lambda w: {"name": "Södra Testby", "kind": "primaromrade", "parent": w.root_area.pk},
        {"name": "Östra Testby"},
    ),
    "organisations": Resource(
        "organisations",
        lambda w: w.police,
        lambda w: {"name": "Bostadsbolaget", "kind": "housing_company"},
        {"short_name": "BB"},
    ),
    "groups": Resource(
        "groups",
        lambda w: w.preparation,
        lambda w: {"name": "Arbetsgrupp Centrum", "kind": "arbetsgrupp", "mandate": "carries_out"},
        {"purpose": "Minska otryggheten i centrum."},
    ),
    "people": Resource(
        "people",
        lambda w: w.carol_person,
        lambda w: {"name": "Eva Lund", "title": "Trygghetssamordnare"},
        {"title": "Kommunpolis"},
    ),
    "memberships": Resource(
        "memberships",
        lambda w: Membership.objects.get(person=w.carol_person),
        lambda w: {"group": w.preparation.pk, "person": w.carol_person.pk, "role": "secretary"},
        {"role": "convener"},
    ),
    "documents": Resource(
        "documents",
        lambda w: w.document,
        lambda w: {"title": "Medborgarlöfte 2026", "kind": "citizen_promise"},
        {"adopted_by": "Kommunstyrelsen"},
    ),
    "specialist-functions": Resource(
        "specialist-functions",
        _unit,
        lambda w: {
            "group": SpecialistFunction.objects.get().group_id,
            "name": "Avhopparverksamhet",
        },
        {"description": "Stöd till den som vill lämna kriminalitet."},
    ),
}
NAMES = sorted(RESOURCES)


def _client(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def _snapshot() -> dict[str, int]:
    """Row counts of every model of ours: a refused write must not change any of them."""
    counts = {
        model._meta.label: model._default_manager.count()
        for app in ("accounts", "areas", "organisation")
        for model in apps.get_app_config(app).get_models()
    }
    counts["audit"] = AuditEvent.objects.count()
    return counts


def _prepare(world: World, name: str) -> tuple[Resource, models.Model]:
    resource = RESOURCES[name]
    obj = resource.existing(world)
    if name != "specialist-functions":
        _unit(world)  # the same rows exist in every case
    return resource, obj


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("username", ["dave", "carol", "bob", "alice", "root"])
def test_everyone_with_a_role_lists_and_retrieves(world: World, name: str, username: str) -> None:
    resource, obj = _prepare(world, name)
    client = _client(world.user(username))

    listed = client.get(f"{BASE}/{resource.path}/")
    assert listed.status_code == 200
    assert obj.pk in [row["id"] for row in listed.json()["results"]]

    detail = client.get(f"{BASE}/{resource.path}/{obj.pk}/")
    assert detail.status_code == 200
    assert detail.json()["id"] == obj.pk


@pytest.mark.parametrize("name", NAMES)
def test_coordinator_creates_changes_and_deletes(world: World, name: str) -> None:
    resource, obj = _prepare(world, name)
    client = _client(world.alice)
    model = type(obj)
    before = model._default_manager.count()

    created = client.post(f"{BASE}/{resource.path}/", resource.create(world), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert model._default_manager.count() == before + 1

    field, value = next(iter(resource.change.items()))
    changed = client.patch(f"{BASE}/{resource.path}/{pk}/", resource.change, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()[field] == value
    assert getattr(model._default_manager.get(pk=pk), field) == value

    deleted = client.delete(f"{BASE}/{resource.path}/{pk}/")
    assert deleted.status_code == 204
    assert not model._default_manager.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(pk)).exists()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("username", ["dave", "carol", "bob"])
def test_readers_and_members_cannot_write(world: World, name: str, username: str) -> None:
    resource, obj = _prepare(world, name)
    client = _client(world.user(username))
    before = _snapshot()
    url = f"{BASE}/{resource.path}/{obj.pk}/"

    created = client.post(f"{BASE}/{resource.path}/", resource.create(world), format="json")
    assert created.status_code == 403
    assert "samordnare" in created.json()["detail"]
    assert client.patch(url, resource.change, format="json").status_code == 403
    assert client.put(url, resource.create(world), format="json").status_code == 403
    assert client.delete(url).status_code == 403
    assert _snapshot() == before
    field = next(iter(resource.change))
    assert getattr(type(obj)._default_manager.get(pk=obj.pk), field) == getattr(obj, field)


@pytest.mark.parametrize("name", NAMES)
def test_a_user_of_another_municipality_gets_404_for_everything(world: World, name: str) -> None:
    resource, obj = _prepare(world, name)
    client = _client(world.olle)
    before = _snapshot()
    url = f"{BASE}/{resource.path}/{obj.pk}/"

    assert client.get(f"{BASE}/{resource.path}/").status_code == 404
    assert client.get(url).status_code == 404
    post = client.post(f"{BASE}/{resource.path}/", resource.create(world), format="json")
    assert post.status_code == 404
    assert client.patch(url, resource.change, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_is_refused_without_a_redirect(world: World, name: str) -> None:
    resource, obj = _prepare(world, name)
    client = _client()
    before = _snapshot()
    for response in (
        client.get(f"{BASE}/{resource.path}/"),
        client.get(f"{BASE}/{resource.path}/{obj.pk}/"),
        client.post(f"{BASE}/{resource.path}/", resource.create(world), format="json"),
        client.delete(f"{BASE}/{resource.path}/{obj.pk}/"),
    ):
        assert response.status_code in (401, 403)
        assert response["Content-Type"] == "application/json"
    assert _snapshot() == before


def test_an_object_of_another_municipality_is_404_under_this_one(world: World) -> None:
    """alice coordinates Testby; Annanstad's group under a Testby URL does not exist for her."""
    client = _client(world.alice)
    url = f"{BASE}/groups/{world.other_group.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"name": "Kapad"}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    world.other_group.refresh_from_db()
    assert world.other_group.name == "Annanstads styrgrupp"
    listed = client.get(f"{BASE}/groups/").json()["results"]
    assert world.other_group.pk not in [row["id"] for row in listed]


def test_token_authentication_works(world: World) -> None:
    key = make_api_key(world.dave)
    client = APIClient()
    response = client.get(f"{BASE}/groups/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert "Styrgruppen" in [row["name"] for row in response.json()["results"]]


def test_token_of_a_coordinator_may_write(world: World) -> None:
    key = make_api_key(world.alice, scope="write")
    client = APIClient()
    response = client.patch(
        f"{BASE}/organisations/{world.police.pk}/",
        {"short_name": "LPO"},
        format="json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 200
    world.police.refresh_from_db()
    assert world.police.short_name == "LPO"


def test_a_wrong_token_is_refused(world: World) -> None:
    client = APIClient()
    response = client.get(f"{BASE}/groups/", HTTP_AUTHORIZATION="Token fel")
    # 403 rather than 401: session authentication comes first and sends no WWW-Authenticate.
    assert response.status_code in (401, 403)
    assert "API-nyckel" in response.json()["detail"]


def test_a_body_that_is_not_json_is_400_with_a_swedish_message(world: World) -> None:
    client = _client(world.alice)
    before = _snapshot()
    response = client.post(
        f"{BASE}/groups/", data='{"name": "Trasig', content_type="application/json"
    )
    assert response.status_code == 400
    assert "inte giltig JSON" in response.json()["detail"]
    assert _snapshot() == before


def test_a_json_list_instead_of_an_object_is_400(world: World) -> None:
    client = _client(world.alice)
    response = client.post(f"{BASE}/organisations/", ["Polisen"], format="json")
    assert response.status_code == 400
    assert "JSON-objekt" in str(response.json())


def test_the_schema_is_valid_openapi_with_every_resource(world: World) -> None:
    response = _client(world.dave).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert "/api/v1/municipalities/" in paths
    for name in [*NAMES, "setup-answers", "health"]:
        assert f"/api/v1/municipalities/{{municipality_slug}}/{name}/" in paths


@pytest.mark.parametrize("path", ["", *NAMES, "setup-answers", "health"])
def test_the_browsable_api_renders_every_list(world: World, path: str) -> None:
    url = f"{BASE}/{path}/" if path else f"{BASE}/"
    response = _client(world.alice).get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_a_form_encoded_body_is_refused_with_a_swedish_message(world: World) -> None:
    client = _client(world.alice)
    before = _snapshot()
    response = client.post(
        f"{BASE}/groups/", "name=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert "stöds inte" in response.json()["detail"]
    assert _snapshot() == before
