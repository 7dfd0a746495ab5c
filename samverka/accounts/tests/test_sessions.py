"""Sessions end when idle, after 12 hours, and everywhere at once on logout, a closed account or
a new password."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from samverka.accounts.sessions import LOGIN_AT, SEEN_AT
from samverka.core.testing import PASSWORD, World, grant, make_user

pytestmark = pytest.mark.django_db
HOME = "/"


def _logged_in(client: Client) -> bool:
    return client.get(reverse("accounts:password_change")).status_code == 200


def _shift(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_an_idle_session_ends(world: World, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.dave)
    assert _logged_in(client)
    _shift(client, SEEN_AT, settings.SAMVERKA_SESSION_IDLE_SECONDS - 30)
    assert _logged_in(client)  # still within the idle time
    _shift(client, SEEN_AT, settings.SAMVERKA_SESSION_IDLE_SECONDS + 1)
    assert not _logged_in(client)


def test_a_session_ends_after_twelve_hours_however_active(world: World, client: Client) -> None:
    client.force_login(world.dave)
    _shift(client, LOGIN_AT, 12 * 3600 + 1)
    assert not _logged_in(client)


def test_logging_out_ends_every_session_of_the_user(world: World) -> None:
    laptop, phone = Client(), Client()
    laptop.force_login(world.dave)
    phone.force_login(world.dave)
    assert _logged_in(phone)
    laptop.post(reverse("accounts:logout"))
    assert not _logged_in(phone)


def test_a_new_password_ends_the_other_sessions_but_not_this_one(world: World) -> None:
    laptop, phone = Client(), Client()
    laptop.force_login(world.dave)
    phone.force_login(world.dave)
    response = laptop.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "ny-lång-fras-2026",
            "new_password2": "ny-lång-fras-2026",
        },
    )
    assert response.status_code == 302
    assert _logged_in(laptop)
    assert not _logged_in(phone)


def test_closing_an_account_ends_its_sessions_at_once(world: World, client: Client) -> None:
    erik = make_user("erik")
    grant(erik, world.testby, "reader")
    client.force_login(erik)
    assert _logged_in(client)
    alice = Client()
    alice.force_login(world.alice)
    response = alice.post(reverse("users:remove", kwargs={"municipality": "testby", "pk": erik.pk}))
    assert response.status_code == 302
    assert not _logged_in(client)


def test_disabling_in_the_admin_ends_sessions_too(world: World, client: Client) -> None:
    client.force_login(world.dave)
    world.dave.is_active = False
    world.dave.save()
    assert not _logged_in(client)


def test_the_session_clock_is_written_at_most_once_a_minute(world: World, client: Client) -> None:
    client.force_login(world.dave)
    before = client.session[SEEN_AT]
    client.get(reverse("accounts:password_change"))
    assert client.session[SEEN_AT] == before
    _shift(client, SEEN_AT, 61)
    client.get(reverse("accounts:password_change"))
    assert client.session[SEEN_AT] >= int(time.time()) - 2
