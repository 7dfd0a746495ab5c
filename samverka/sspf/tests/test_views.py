"""The SSPF pages: members work on cases; everyone else gets 404 and the refusal is logged;
coordinators see counts with small numbers hidden."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.accounts.models import PersonalDataAccess
from samverka.core.testing import World
from samverka.sspf.models import Action, Case, CasePerson, CaseStatus, FollowUp
from samverka.sspf.tests.factories import add_person, make_case

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"sspf:{name}", kwargs={"municipality": "testby", **kwargs})


def test_an_sspf_case_read_by_a_non_member_is_a_404_and_is_logged(
    world: World, client: Client
) -> None:
    case = make_case(world)
    for user in (world.alice, world.carol, world.dave, world.root):  # alice: coordinator
        client.force_login(user)
        assert client.get(_url("case_detail", pk=case.pk)).status_code == 404
        log = PersonalDataAccess.objects.filter(user=user).get()
        assert (log.kind, log.object_id, log.granted, log.channel) == (
            "sspf_case",
            str(case.pk),
            False,
            "web",
        )


def test_a_member_reads_the_case_and_the_read_is_logged(world: World, client: Client) -> None:
    case = make_case(world)
    person = add_person(case, world, name="Ada Ek")
    client.force_login(world.bob)
    page = client.get(_url("case_detail", pk=case.pk))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert person.label in html and "Ada" not in html  # the pseudonym, never the name
    assert "Skolan oroar sig" in html
    log = PersonalDataAccess.objects.get(user=world.bob)
    assert (log.kind, log.granted, log.object_id) == ("sspf_case", True, str(case.pk))


def test_the_list_shows_only_the_members_groups_and_is_logged(world: World, client: Client) -> None:
    case = make_case(world)
    client.force_login(world.bob)
    html = client.get(_url("case_list")).content.decode()
    assert _url("case_detail", pk=case.pk) in html
    assert PersonalDataAccess.objects.filter(kind="sspf_case_list", user=world.bob).exists()
    client.force_login(world.alice)
    assert client.get(_url("case_list")).status_code == 404
    refused = PersonalDataAccess.objects.get(kind="sspf_case_list", user=world.alice)
    assert refused.granted is False


def test_a_member_raises_a_concern(world: World, client: Client) -> None:
    from samverka.sspf.tests.factories import sspf_group

    group = sspf_group(world)
    client.force_login(world.bob)
    assert client.get(_url("case_create")).status_code == 200
    response = client.post(
        _url("case_create"),
        {
            "group": group.pk,
            "raised_on": "2026-11-02",
            "sector": "police",
            "subject": "group",
            "description": "En grupp unga samlas vid torget på kvällarna.",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("case_detail", pk=case.pk)
    assert case.area == world.area  # the group's
    assert case.created_by == world.bob


def test_the_form_refuses_an_identity_number(world: World, client: Client) -> None:
    from samverka.sspf.tests.factories import sspf_group
    from samverka.sspf.tests.test_services import synthetic_number

    group = sspf_group(world)
    client.force_login(world.bob)
    number = synthetic_number(timezone.localdate().replace(year=2011))
    response = client.post(
        _url("case_create"),
        {
            "group": group.pk,
            "raised_on": "2026-11-02",
            "sector": "school",
            "subject": "individual",
            "description": f"Eleven {number} är ofta borta.",
        },
    )
    assert response.status_code == 400
    assert "person- eller samordningsnummer" in response.content.decode()
    assert not Case.objects.exists()


def test_a_member_adds_a_person_with_consent_and_reveals_the_name_with_a_reason(
    world: World, client: Client
) -> None:
    case = make_case(world)
    today = timezone.localdate()
    client.force_login(world.bob)
    form = {
        "name": "Ada Ek",
        "birth_date": today.replace(year=today.year - 13).isoformat(),
        "ends_on": (today + timedelta(days=100)).isoformat(),
        "scope": "Utbyte inom SSPF-gruppen",
    }
    refused = client.post(_url("person_add", pk=case.pk), form)
    assert refused.status_code == 400
    assert "saknar samtycke eller lagstöd" in refused.content.decode()
    assert not CasePerson.objects.exists()

    form["guardian_given_on"] = today.isoformat()
    assert client.post(_url("person_add", pk=case.pk), form).status_code == 302
    person = CasePerson.objects.get()

    reveal = _url("person_reveal", pk=case.pk, person=person.pk)
    assert "Ada Ek" not in client.get(reveal).content.decode()
    assert client.post(reveal, {"reason": ""}).status_code == 400
    shown = client.post(reveal, {"reason": "Inför samtal med skolan"})
    assert shown.status_code == 200 and "Ada Ek" in shown.content.decode()
    log = PersonalDataAccess.objects.get(kind="sspf_name")
    assert log.reason == "Inför samtal med skolan"


def test_consent_action_follow_up_and_closing(world: World, client: Client) -> None:
    case = make_case(world)
    person = add_person(case, world, age=14)
    today = timezone.localdate().isoformat()
    client.force_login(world.bob)
    assert (
        client.post(
            _url("consent_add", pk=case.pk, person=person.pk),
            {
                "kind": "own",
                "given_on": today,
                "ends_on": "2030-01-01",
                "scope": "Skola och fritid",
            },
        ).status_code
        == 302
    )
    assert person.consents.count() == 2
    assert (
        client.post(
            _url("action_add", pk=case.pk), {"what": "Samtal hemma", "due_on": today}
        ).status_code
        == 302
    )
    action = Action.objects.get()
    client.post(_url("action_done", pk=case.pk, action=action.pk))
    action.refresh_from_db()
    assert action.done_on is not None
    client.post(_url("follow_up_add", pk=case.pk), {"noted_on": today, "text": "Bättre närvaro."})
    assert FollowUp.objects.get().text == "Bättre närvaro."
    response = client.post(
        _url("case_edit", pk=case.pk),
        {
            "raised_on": case.raised_on.isoformat(),
            "sector": case.sector,
            "subject": case.subject,
            "description": case.description,
            "status": "closed",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == timezone.localdate()
    page = client.get(_url("case_detail", pk=case.pk)).content.decode()
    assert "Samtal hemma" in page and "Bättre närvaro." in page


def test_a_non_member_coordinator_sees_counts_with_small_numbers_hidden(
    world: World, client: Client
) -> None:
    for _ in range(6):
        make_case(world)
    make_case(world, sector="police")
    client.force_login(world.alice)
    html = client.get(_url("counts")).content.decode()
    assert "färre än 5" in html  # the one police case, and the persons
    assert ">6<" in html and ">7<" in html
    assert "Skolan oroar sig" not in html
    client.force_login(world.dave)
    assert client.get(_url("counts")).status_code == 403


def test_the_coordinator_sets_the_municipalitys_rules(world: World, client: Client) -> None:
    from samverka.sspf.services import settings_for

    client.force_login(world.alice)
    assert client.get(_url("settings")).status_code == 200
    response = client.post(_url("settings"), {"own_consent_age": 16, "retention_months": 6})
    assert response.status_code == 302
    rules = settings_for(world.testby)
    assert (rules.own_consent_age, rules.retention_months) == (16, 6)
    client.force_login(world.bob)
    assert client.post(_url("settings"), {"own_consent_age": 12}).status_code == 403
