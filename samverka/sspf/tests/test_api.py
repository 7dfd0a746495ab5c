"""The SSPF API: the same need-to-know as the pages, logged with channel "api"; never a name."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.accounts.models import PersonalDataAccess
from samverka.core.testing import World
from samverka.sspf.models import Case
from samverka.sspf.tests.factories import add_person, make_case, sspf_group

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"api-sspf-{name}", kwargs={"municipality_slug": "testby", **kwargs})


def test_a_member_reads_a_case_without_names_and_the_read_is_logged(
    world: World, client: Client
) -> None:
    case = make_case(world)
    person = add_person(case, world, name="Ada Ek")
    client.force_login(world.bob)
    body = client.get(_url("case-detail", pk=case.pk)).json()
    assert body["persons"][0]["label"] == person.label
    assert "Ada" not in str(body)
    log = PersonalDataAccess.objects.get()
    assert (log.channel, log.granted, log.kind) == ("api", True, "sspf_case")


def test_a_non_member_gets_404_logged(world: World, client: Client) -> None:
    case = make_case(world)
    client.force_login(world.alice)
    assert client.get(_url("case-detail", pk=case.pk)).status_code == 404
    assert client.get(_url("case-list")).status_code == 404
    logs = {log.kind: log for log in PersonalDataAccess.objects.all()}
    assert (logs["sspf_case"].channel, logs["sspf_case"].granted) == ("api", False)
    assert (logs["sspf_case_list"].channel, logs["sspf_case_list"].granted) == ("api", False)


def test_a_member_creates_a_case_and_adds_a_person_with_consent(
    world: World, client: Client
) -> None:
    group = sspf_group(world)
    client.force_login(world.bob)
    created = client.post(
        _url("case-list"),
        {
            "group": group.pk,
            "raised_on": "2026-10-01",
            "sector": "social_services",
            "subject": "individual",
            "description": "Oro för en ung person.",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    today = timezone.localdate()
    person: dict[str, Any] = {
        "name": "Bo Ek",
        "birth_date": today.replace(year=today.year - 19).isoformat(),
        "consents": [],
    }
    refused = client.post(_url("person-list", pk=pk), person, content_type="application/json")
    assert refused.status_code == 400
    person["consents"] = [
        {
            "kind": "osl_10_18a",
            "given_on": today.isoformat(),
            "ends_on": (today + timedelta(days=60)).isoformat(),
            "scope": "Socialtjänsten informerar polisen",
        }
    ]
    added = client.post(_url("person-list", pk=pk), person, content_type="application/json")
    assert added.status_code == 201, added.content
    assert added.json()["label"].startswith("Ung person ")
    assert "name" not in added.json()
    patched = client.patch(
        _url("case-detail", pk=pk), {"status": "in_progress"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["status"] == "in_progress"
    assert Case.objects.get().status == "in_progress"


def test_a_member_may_not_create_a_case_in_a_group_they_are_not_in(
    world: World, client: Client
) -> None:
    other = sspf_group(world, "SSPF Södra")
    other.memberships.all().delete()
    sspf_group(world)
    client.force_login(world.bob)
    response = client.post(
        _url("case-list"),
        {
            "group": other.pk,
            "raised_on": "2026-10-01",
            "sector": "school",
            "subject": "group",
            "description": "Oro.",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_counts_for_a_coordinator(world: World, client: Client) -> None:
    make_case(world)
    client.force_login(world.alice)
    rows = client.get(_url("counts")).json()
    assert rows[0]["cases"] == "färre än 5" and rows[0]["sector"] == "school"
    assert client.get(_url("counts"), {"start": "nej"}).status_code == 400
    client.force_login(world.carol)
    assert client.get(_url("counts")).status_code == 403
