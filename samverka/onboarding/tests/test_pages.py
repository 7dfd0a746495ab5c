"""The onboarding's pages refuse bad input with a message (400, never 500) and walk the steps."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samverka.accounts.models import Municipality
from samverka.core.testing import World
from samverka.organisation.models import Group
from samverka.stats.reference import ensure_reference_geography

CREATE = reverse("onboarding:municipality_create")


@pytest.fixture
def admin(world: World, client: Client) -> Client:
    ensure_reference_geography()
    client.force_login(world.root)
    return client


def test_the_list_offers_every_reference_municipality(admin: Client) -> None:
    page = admin.get(CREATE).content.decode()
    assert page.count("<option") == 291  # the 290 municipalities and "Välj kommun"
    assert '<option value="0160">Täby (0160, Stockholms län)</option>' in page


def test_creating_a_municipality_twice_shows_why_on_the_form(admin: Client) -> None:
    response = admin.post(CREATE, {"code": "0160"})
    assert response.status_code == 302
    assert response["Location"] == reverse("onboarding:invite", kwargs={"slug": "taby"})
    again = admin.post(CREATE, {"code": "0160"})
    assert again.status_code == 400
    assert "Täby kommun finns redan på plattformen" in again.content.decode()
    assert Municipality.objects.filter(scb_code="0160").count() == 1


@pytest.mark.parametrize("code", ["", "abcd", "9990", "0160\x00"])
def test_malformed_codes_are_refused_with_a_message(admin: Client, code: str) -> None:
    response = admin.post(CREATE, {"code": code})
    assert response.status_code == 400
    assert not Municipality.objects.filter(slug="taby").exists()


def test_a_malformed_address_is_refused_on_the_invitation_form(
    admin: Client, mailoutbox: list[Any]
) -> None:
    admin.post(CREATE, {"code": "0160"})
    url = reverse("onboarding:invite", kwargs={"slug": "taby"})
    response = admin.post(url, {"email": "inte en adress"})
    assert response.status_code == 400
    assert "Ange en giltig e-postadress" in response.content.decode()
    assert mailoutbox == []


def test_the_coordinator_walks_the_steps_and_the_template_makes_the_groups_once(
    world: World, client: Client
) -> None:
    client.force_login(world.olle)  # Annanstad's coordinator, no groups of the template yet
    m = world.annanstad.slug
    for step in ("omraden", "aktorer", "grupper", "halsokontroll"):
        page = client.get(
            reverse("onboarding_start:step", kwargs={"municipality": m, "step": step})
        )
        assert page.status_code == 200, step
    url = reverse("onboarding_start:structure_apply", kwargs={"municipality": m})
    client.post(url)
    second = client.post(url, follow=True)
    assert "Mallens grupper finns redan" in second.content.decode()
    assert Group.objects.filter(municipality=world.annanstad, name="Beredningsgruppen").count() == 1
    unknown = reverse("onboarding_start:step", kwargs={"municipality": m, "step": "okand"})
    assert client.get(unknown).status_code == 404
