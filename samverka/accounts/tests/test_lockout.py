"""Twelve wrong passwords lock the account; the lock is audited and explained in Swedish."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samverka.accounts.models import AuditEvent
from samverka.core.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def _try(client: Client, username: str, password: str, addr: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=addr,
    )


def test_the_twelfth_wrong_password_locks_the_account(world: World, client: Client) -> None:
    for attempt in range(11):
        response = _try(client, "dave", f"fel-{attempt}")
        assert response.status_code == 200, attempt  # the form again, with its error
    response = _try(client, "dave", "fel-12")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Inloggningen är tillfälligt spärrad" in page
    assert "30 minuter" in page

    # The right password, even from another address, does not log in while the lock holds.
    response = _try(client, "dave", PASSWORD, addr="10.0.0.2")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    lock = AuditEvent.objects.get(action="locked_out")
    assert lock.municipality == world.testby
    assert "dave" in lock.summary
    assert AuditEvent.objects.filter(action="login_failed", municipality=world.testby).count() == 11
    assert AuditEvent.objects.filter(action="login_blocked").count() == 1


def test_eleven_wrong_passwords_and_then_the_right_one_logs_in(
    world: World, client: Client
) -> None:
    for attempt in range(11):
        _try(client, "dave", f"fel-{attempt}")
    response = _try(client, "dave", PASSWORD)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="login", user=world.dave).count() == 1
    # The success cleared the account's count: eleven more failures do not lock it yet.
    client.post(reverse("accounts:logout"))
    for attempt in range(11):
        assert _try(client, "dave", f"fel-{attempt}").status_code == 200


def test_one_address_guessing_many_usernames_is_locked(world: World, client: Client) -> None:
    for attempt in range(12):
        _try(client, f"ingen-{attempt}", "fel", addr="10.9.9.9")
    # The address is locked for every account, also one that never failed.
    assert _try(client, "bob", PASSWORD, addr="10.9.9.9").status_code == 429
    # Another address is not.
    assert _try(client, "bob", PASSWORD, addr="10.9.9.8").status_code == 302
    assert AuditEvent.objects.filter(action="locked_out", municipality=None).exists()


def test_the_admin_login_is_throttled_too(world: World, client: Client) -> None:
    url = reverse("admin:login")
    for attempt in range(12):
        client.post(url, {"username": "root", "password": f"fel-{attempt}"}, REMOTE_ADDR="10.1.1.1")
    response = client.post(url, {"username": "root", "password": PASSWORD}, REMOTE_ADDR="10.1.1.2")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_forwarded_for_header_does_not_give_a_fresh_address(world: World, client: Client) -> None:
    for attempt in range(12):
        client.post(
            reverse("accounts:login"),
            {"username": f"ingen-{attempt}", "password": "fel"},
            REMOTE_ADDR="10.7.7.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "bob", "password": PASSWORD},
        REMOTE_ADDR="10.7.7.7",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 429
