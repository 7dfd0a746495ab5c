"""The second factor: a coordinator cannot reach any page without one; offered to everybody."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from samverka.accounts.models import AuditEvent, User
from samverka.core.testing import PASSWORD, World, make_group, make_membership
from samverka.organisation.models import GroupKind

pytestmark = pytest.mark.django_db


def password_login(client: Client, username: str) -> None:
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def code(device: TOTPDevice, drift: int = 0) -> str:
    """What the authenticator app shows now (``drift`` steps ahead: a code not yet used)."""
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{token:0{device.digits}d}"


def enrol(client: Client, user: User) -> TOTPDevice:
    return enrol_with_codes(client, user)[0]


def enrol_with_codes(client: Client, user: User) -> tuple[TOTPDevice, list[str]]:
    """Enrol an authenticator app; the recovery codes as the page shows them, this once."""
    page = client.get(reverse("accounts:mfa_totp_enrol"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR code, inline
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:mfa_totp_enrol"), {"otp_token": code(device)})
    assert response.status_code == 200  # the recovery codes, shown once
    assert "Dina reservkoder" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    return device, re.findall(r"<code>([a-z2-7 ]+)</code>", response.content.decode())


def municipality_pages(world: World) -> list[str]:
    return [
        "/",
        reverse("organisation:municipality", kwargs={"municipality": "testby"}),
        reverse("users:list", kwargs={"municipality": "testby"}),
        reverse("accounts:api_token"),
        reverse("accounts:password_change"),
        "/admin/",
    ]


def test_a_coordinator_cannot_reach_any_page_without_a_second_factor(
    world: World, client: Client
) -> None:
    password_login(client, "alice")
    for url in municipality_pages(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:mfa_totp_enrol")), url
    api = client.get("/api/v1/municipalities/testby/groups/")
    assert api.status_code == 403
    assert "tvåstegsverifiering" in api.json()["detail"]

    device = enrol(client, world.alice)
    page = client.get(reverse("organisation:municipality", kwargs={"municipality": "testby"}))
    assert page.status_code == 200
    assert AuditEvent.objects.filter(action="mfa_enrol", municipality=world.testby).exists()

    # The next login asks for the code; a wrong one is refused; the app's next code works.
    client.post(reverse("accounts:logout"))
    password_login(client, "alice")
    response = client.get("/")
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    bad = client.post(reverse("accounts:mfa_verify"), {"otp_token": "000000", "next": "/"})
    assert bad.status_code == 400
    time.sleep(1.1)  # django-otp makes the next try wait a second after a wrong code
    good = client.post(
        reverse("accounts:mfa_verify"), {"otp_token": code(device, drift=1), "next": "/"}
    )
    assert good.status_code == 302
    assert client.get(reverse("accounts:api_token")).status_code == 200


def test_a_recovery_code_works_once(world: World, client: Client) -> None:
    password_login(client, "alice")
    _device, codes = enrol_with_codes(client, world.alice)
    assert len(codes) == 10
    client.post(reverse("accounts:logout"))
    password_login(client, "alice")
    ok = client.post(reverse("accounts:mfa_verify"), {"otp_token": codes[0], "next": "/"})
    assert ok.status_code == 302
    client.post(reverse("accounts:logout"))
    password_login(client, "alice")
    time.sleep(1.1)  # django-otp makes the next try wait a second after a wrong code
    again = client.post(reverse("accounts:mfa_verify"), {"otp_token": codes[0], "next": "/"})
    assert again.status_code == 400


def test_a_reader_is_offered_but_not_required_a_second_factor(world: World, client: Client) -> None:
    password_login(client, "dave")
    assert client.get(reverse("accounts:password_change")).status_code == 200
    overview = client.get(reverse("accounts:mfa_overview"))
    assert "Frivilligt" in overview.content.decode()
    # Once chosen, it is asked for at every login.
    enrol(client, world.dave)
    client.post(reverse("accounts:logout"))
    password_login(client, "dave")
    assert client.get(reverse("accounts:password_change"))["Location"].startswith(
        reverse("accounts:mfa_verify")
    )


def test_sspf_members_and_platform_admins_need_a_second_factor(
    world: World, client: Client
) -> None:
    sspf = make_group(world.testby, "SSPF Angered", kind=GroupKind.SSPF)
    make_membership(sspf, world.bob_person)
    for username in ("bob", "root"):
        fresh = Client()
        password_login(fresh, username)
        response = fresh.get(reverse("accounts:password_change"))
        assert response.status_code == 302, username
        assert response["Location"].startswith(reverse("accounts:mfa_totp_enrol"))


def test_only_the_password_cannot_add_a_device_to_an_enrolled_account(
    world: World, client: Client
) -> None:
    password_login(client, "alice")
    enrol(client, world.alice)
    thief = Client()
    password_login(thief, "alice")
    response = thief.get(reverse("accounts:mfa_totp_enrol"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    assert TOTPDevice.objects.filter(user=world.alice).count() == 1


def test_an_api_key_works_without_a_browser_second_factor(world: World) -> None:
    from rest_framework.test import APIClient

    from samverka.core.testing import make_api_key

    key = make_api_key(world.alice)
    response = APIClient().get(
        "/api/v1/municipalities/testby/groups/", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 200
