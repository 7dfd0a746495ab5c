"""API keys: hashed, several per user, named, scoped, expiring, revocable, audited, throttled."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from samverka.accounts.models import ApiToken, AuditEvent
from samverka.accounts.tokens import api_token_create
from samverka.core.testing import PASSWORD, World, make_api_key

pytestmark = pytest.mark.django_db
GROUPS = "/api/v1/municipalities/testby/groups/"


def _get(key: str, addr: str = "10.2.0.1"):  # type: ignore[no-untyped-def]
    return APIClient().get(GROUPS, HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR=addr)


def test_the_page_shows_a_new_key_once_and_stores_only_its_hash(
    world: World, client: Client
) -> None:
    client.force_login(world.dave)
    expires = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        reverse("accounts:api_token"),
        {"name": "Lägesbilden", "scope": "read", "expires_on": expires},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    token = ApiToken.objects.get(user=world.dave)
    key = page.split('<code class="token">')[1].split("</code>")[0]
    assert key.startswith(f"svk_{token.prefix}_")
    assert token.secret_hash == hashlib.sha256(key.split("_", 2)[2].encode()).hexdigest()
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert _get(key).status_code == 200
    # Shown once: the list page never again holds the key.
    assert key not in client.get(reverse("accounts:api_token")).content.decode()
    assert AuditEvent.objects.filter(action="token_create", municipality=world.testby).exists()


def test_several_keys_each_revocable_and_audited(world: World, client: Client) -> None:
    first = make_api_key(world.dave, name="Ett")
    second = make_api_key(world.dave, name="Två")
    client.force_login(world.dave)
    token = ApiToken.objects.get(name="Ett")
    response = client.post(reverse("accounts:api_token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    assert _get(first).status_code in (401, 403)
    assert _get(second).status_code == 200
    assert AuditEvent.objects.filter(action="token_revoke").count() == 1
    # Another user's key is not found.
    client.force_login(world.bob)
    other = ApiToken.objects.get(name="Två")
    assert (
        client.post(reverse("accounts:api_token_revoke", kwargs={"pk": other.pk})).status_code
        == 404
    )


def test_a_read_only_key_may_not_write(world: World) -> None:
    key = make_api_key(world.alice, scope="read")
    response = APIClient().patch(
        f"/api/v1/municipalities/testby/organisations/{world.police.pk}/",
        {"short_name": "LPO"},
        format="json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 403
    assert "bara läsa" in response.json()["detail"]


def test_an_expired_key_is_refused_and_the_expiry_is_capped(world: World) -> None:
    made = api_token_create(
        user=world.dave,
        name="Kort",
        scope="read",
        expires_at=timezone.now() + timedelta(minutes=1),
        created_by=world.dave,
    )
    ApiToken.objects.filter(pk=made.token.pk).update(expires_at=timezone.now())
    assert _get(made.key).status_code in (401, 403)
    with pytest.raises(Exception, match="högst ett år"):
        api_token_create(
            user=world.dave,
            name="Lång",
            scope="read",
            expires_at=timezone.now() + timedelta(days=400),
            created_by=world.dave,
        )


def test_a_new_password_ends_every_key(world: World, client: Client) -> None:
    key = make_api_key(world.dave)
    client.force_login(world.dave)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "ny-lång-fras-2026",
            "new_password2": "ny-lång-fras-2026",
        },
    )
    assert response.status_code == 302
    assert _get(key).status_code in (401, 403)
    assert ApiToken.objects.get().revoked_at is not None


def test_a_password_set_elsewhere_also_ends_every_key(world: World) -> None:
    key = make_api_key(world.dave)
    world.dave.set_password("satt-av-administratören-1")
    world.dave.save()
    assert _get(key).status_code in (401, 403)


def test_bad_keys_from_one_address_are_throttled(world: World) -> None:
    good = make_api_key(world.dave)
    for attempt in range(11):
        assert _get(f"svk_0000000{attempt % 10}_fel", addr="10.3.0.1").status_code in (401, 403)
    assert _get("svk_00000000_fel", addr="10.3.0.1").status_code == 429  # the twelfth
    response = _get(good, addr="10.3.0.1")
    assert response.status_code == 429
    assert "Försök igen" in response.json()["detail"]
    # Another address is not affected, and the owner of the key is not locked out.
    assert _get(good, addr="10.3.0.2").status_code == 200
    assert AuditEvent.objects.filter(action="token_failed").count() >= 11
