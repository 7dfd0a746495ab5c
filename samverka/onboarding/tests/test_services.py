"""A new municipality from the reference list, its coordinator's invitation and the template of
Brå's structure: each done once, refused the second time with a message."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from samverka.accounts.models import Municipality, MunicipalityRole, Role, User
from samverka.areas.models import Area, AreaKind
from samverka.core.testing import World
from samverka.onboarding import services
from samverka.organisation.health import RULES_BY_CODE, Severity, run_health_check
from samverka.organisation.models import Group, GroupKind, Mandate, Organisation
from samverka.stats.reference import ensure_reference_geography

NEW_PASSWORD = "ett-nytt-långt-lösenord-för-täby"


@pytest.fixture
def taby(world: World) -> Municipality:
    ensure_reference_geography()
    return services.create_municipality_from_reference(code="0160", created_by=world.root)


def test_the_municipality_comes_with_code_county_and_local_police_area(taby: Municipality) -> None:
    assert taby.name == "Täby kommun"
    assert taby.slug == "taby"
    assert taby.scb_code == "0160"
    assert taby.county == "Stockholms län"
    assert taby.local_police_area == "Täby"
    assert services.police_region_name(taby) != ""


def test_creating_the_same_municipality_twice_is_refused_with_a_clear_message(
    taby: Municipality, world: World
) -> None:
    with pytest.raises(ValidationError) as refusal:
        services.create_municipality_from_reference(code="160", created_by=world.root)
    assert "Täby kommun finns redan på plattformen" in str(refusal.value)
    assert Municipality.objects.filter(scb_code="0160").count() == 1


def test_two_municipalities_whose_names_make_one_short_name_are_both_created(
    world: World,
) -> None:
    ensure_reference_geography()
    habo_upplands = services.create_municipality_from_reference(code="0305", created_by=world.root)
    habo = services.create_municipality_from_reference(code="0643", created_by=world.root)
    assert (habo_upplands.name, habo.name) == ("Håbo kommun", "Habo kommun")
    assert habo_upplands.slug == "habo"
    assert habo.slug == "habo-0643"


def test_a_code_that_is_no_municipality_is_refused(world: World) -> None:
    ensure_reference_geography()
    with pytest.raises(ValidationError) as refusal:
        services.create_municipality_from_reference(code="9990", created_by=world.root)
    assert "Välj en kommun i listan" in str(refusal.value)


def _link(mail: Any) -> str:
    found = re.search(r"https?://\S+/inbjudan/\S+/", mail.body)
    assert found, mail.body
    return found.group(0)


def test_the_invitation_is_mailed_and_its_link_sets_the_password_once(
    taby: Municipality, world: World, mailoutbox: list[Any], client: Client
) -> None:
    invitation = services.invite_coordinator(
        municipality=taby,
        email="Sara.Samordnare@taby.example",
        first_name="Sara",
        invited_by=world.root,
        base_url="http://testserver/",
    )
    user = invitation.user
    assert MunicipalityRole.objects.get(user=user, municipality=taby).role == Role.COORDINATOR
    assert not user.has_usable_password()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["Sara.Samordnare@taby.example"]
    link = _link(mailoutbox[0])
    assert link == invitation.link

    path = link.removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "onboarding_start:index", kwargs={"municipality": "taby"}
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    # Spent: the same link cannot set the password again.
    other = Client()
    assert other.get(path).status_code == 400
    assert "Länken fungerar inte" in other.get(path).content.decode()
    with pytest.raises(ValidationError):
        services.accept_invitation(token=path.split("/")[-2], password="ett-annat-långt-lösen")


def test_the_invitation_expires_after_the_days_it_is_valid(
    taby: Municipality, world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SAMVERKA_INVITATION_DAYS = 3
    invitation = services.invite_coordinator(
        municipality=taby, email="a@taby.example", invited_by=world.root, base_url="http://x/"
    )
    token = invitation.link.rstrip("/").split("/")[-1]
    assert services.user_for_invitation(token) == invitation.user
    later = time.time() + 3 * 86400 + 60
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))
    assert services.user_for_invitation(token) is None


def test_inviting_the_same_address_again_resends_instead_of_a_second_account(
    taby: Municipality, world: World, mailoutbox: list[Any]
) -> None:
    first = services.invite_coordinator(
        municipality=taby, email="a@taby.example", invited_by=world.root, base_url="http://x/"
    )
    again = services.invite_coordinator(
        municipality=taby, email="A@taby.example", invited_by=world.root, base_url="http://x/"
    )
    assert again.user == first.user and again.resent
    assert User.objects.filter(email__iexact="a@taby.example").count() == 1
    assert len(mailoutbox) == 2
    services.accept_invitation(token=again.link.rstrip("/").split("/")[-1], password=NEW_PASSWORD)
    with pytest.raises(ValidationError) as refusal:
        services.invite_coordinator(
            municipality=taby, email="a@taby.example", invited_by=world.root, base_url="http://x/"
        )
    assert "har ett lösenord" in str(refusal.value)


def test_a_malformed_address_is_refused(taby: Municipality, world: World) -> None:
    with pytest.raises(ValidationError) as refusal:
        services.invite_coordinator(
            municipality=taby, email="inte en adress", invited_by=world.root, base_url="http://x/"
        )
    assert "giltig e-postadress" in str(refusal.value)


def test_the_root_area_comes_from_the_reference_once(taby: Municipality, world: World) -> None:
    area = services.create_root_area(municipality=taby, user=world.root)
    assert (area.name, area.kind, area.scb_code, area.parent) == (
        "Täby",
        AreaKind.MUNICIPALITY,
        "0160",
        None,
    )
    with pytest.raises(ValidationError):
        services.create_root_area(municipality=taby, user=world.root)
    assert Area.objects.filter(municipality=taby).count() == 1


def test_the_suggested_actors_are_the_administration_and_the_local_police_area(
    taby: Municipality, world: World
) -> None:
    suggestions = services.suggested_actors(taby)
    names = [s.name for s in suggestions]
    assert names == [
        "Täby kommun, kommunledningsförvaltningen",
        "Polisen, lokalpolisområde Täby",
    ]
    services.create_suggested_actors(
        municipality=taby, keys=[s.key for s in suggestions], user=world.root
    )
    services.create_suggested_actors(
        municipality=taby, keys=[s.key for s in suggestions], user=world.root
    )
    assert sorted(
        Organisation.objects.filter(municipality=taby).values_list("name", flat=True)
    ) == [
        "Polisen, lokalpolisområde Täby",
        "Täby kommun, kommunledningsförvaltningen",
    ]


def test_the_template_creates_brås_structure_once_and_it_passes_the_health_check(
    taby: Municipality, world: World
) -> None:
    steering, preparation, working = services.apply_structure_template(
        municipality=taby, user=world.root
    )
    assert (steering.kind, steering.mandate) == (GroupKind.STEERING, Mandate.DECIDES)
    assert (preparation.mandate, preparation.interval_weeks) == (Mandate.PREPARES, 2)
    assert preparation.reports_to == steering
    assert working.kind == GroupKind.WORKING and working.end_date is not None
    assert working.reports_to == preparation and working.appointed_by == preparation

    with pytest.raises(ValidationError) as refusal:
        services.apply_structure_template(municipality=taby, user=world.root)
    assert "Mallens grupper finns redan" in str(refusal.value)
    assert Group.objects.filter(municipality=taby).count() == 3

    organisation_errors = [
        f
        for f in run_health_check(taby)
        if f.rule in RULES_BY_CODE and f.severity == Severity.ERROR
    ]
    assert organisation_errors == []
    assert services.guided_steps(taby)[-1].done
