"""The medborgarlöfte API: create, read, change and sign, with the same rules as the pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from samverka.process.models import CitizenPromise, PromiseStatus

pytestmark = pytest.mark.django_db

LIST = "api-process-promise-list"


def _list_url() -> str:
    return reverse(LIST, kwargs={"municipality_slug": "testby"})


def _url(name: str, pk: int) -> str:
    return reverse(name, kwargs={"municipality_slug": "testby", "pk": pk})


def _create(client: Client, world: World, **extra: object) -> dict:  # type: ignore[type-arg]
    body = {
        "title": "API-löftet 2026",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "parties": [world.police.pk],
        "public_text": "Vi lovar.",
        "goals": "Tryggare torg",
        "public_slug": "API-Loftet_",
        **extra,
    }
    response = client.post(_list_url(), body, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()  # type: ignore[no-any-return]


def test_create_read_sign_and_the_frozen_text(client: Client, world: World) -> None:
    client.force_login(world.alice)
    created = _create(client, world)
    assert created["status"] == "draft"
    assert created["public_slug"] == "api-loftet"  # made an address
    assert created["parties"] == [world.police.pk]
    promise = CitizenPromise.objects.get(pk=created["id"])
    sign_url = _url("api-process-promise-sign", promise.pk)
    sign = {"organisation": world.police.pk, "signed_by": "Polischef", "signed_on": "2026-01-10"}
    refused = client.post(sign_url, sign, content_type="application/json")
    assert refused.status_code == 400 and "activities" in refused.json()
    promise.activities.create(title="Trygghetsvandring", progress=25)
    signed = client.post(sign_url, sign, content_type="application/json")
    assert signed.status_code == 201
    body = signed.json()
    assert body["status"] == PromiseStatus.SIGNED
    assert body["progress"] == 25
    assert body["signatures"][0]["organisation_name"] == "Polisen LPO Testby"
    detail = _url("api-process-promise-detail", promise.pk)
    frozen = client.patch(detail, {"title": "Ny rubrik"}, content_type="application/json")
    assert frozen.status_code == 400
    assert "kan inte längre ändras" in frozen.json()["title"][0]
    published = client.patch(detail, {"is_public": True}, content_type="application/json")
    assert published.status_code == 200 and published.json()["is_public"] is True


def test_malformed_and_foreign_input_is_a_400_in_swedish(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(
        _list_url(),
        {
            "title": "X",
            "period_start": "2026-12-31",
            "period_end": "2026-01-01",
            "parties": [world.other_organisation.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "finns inte i den här kommunen" in response.json()["parties"][0]
    response = client.post(
        _list_url(),
        {"title": "X", "period_start": "2026-12-31", "period_end": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["period_end"] == ["Löftet kan inte sluta innan det börjar."]
    response = client.post(_list_url(), "[", content_type="application/json")
    assert response.status_code == 400


def test_readers_read_but_do_not_write(client: Client, world: World) -> None:
    client.force_login(world.alice)
    created = _create(client, world)
    client.force_login(world.dave)
    assert client.get(_list_url()).json()[0]["title"] == "API-löftet 2026"
    detail = _url("api-process-promise-detail", created["id"])
    assert client.get(detail).json()["goals"] == []
    assert client.patch(detail, {"title": "x"}, content_type="application/json").status_code == 403
    client.force_login(world.olle)
    assert client.get(detail).status_code == 404
