"""The access log of personal data: what is logged, and the follow-up page of the coordinators
and the data protection officer."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from samverka.accounts.access_log import log_personal_data_access
from samverka.accounts.models import AuditEvent, MunicipalityRole, PersonalDataAccess
from samverka.core.testing import World
from samverka.incidents.tests.factories import make_incident

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"users:{name}", kwargs={"municipality": "testby", **kwargs})


def _some_reads(world: World) -> None:
    log_personal_data_access(
        municipality=world.testby, user=world.bob, kind="incident_text", object_id=7
    )
    log_personal_data_access(
        municipality=world.testby, user=world.carol, kind="sspf_case", object_id=3, granted=False
    )
    log_personal_data_access(
        municipality=world.annanstad, user=world.olle, kind="incident_text", object_id=99
    )


def test_a_coordinator_sees_the_municipalitys_log_and_the_view_is_audited(
    client, world: World
) -> None:
    _some_reads(world)
    client.force_login(world.alice)
    response = client.get(_url("access_log"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "bob" in text and "sspf_case" in text
    assert "olle" not in text  # the other municipality's log is not ours
    event = AuditEvent.objects.get(action="view_access_log")
    assert event.user == world.alice and event.municipality == world.testby


def test_the_data_protection_officer_may_follow_up_though_only_a_reader(
    client, world: World
) -> None:
    MunicipalityRole.objects.filter(user=world.dave).update(is_data_protection_officer=True)
    client.force_login(world.dave)
    assert client.get(_url("access_log")).status_code == 200
    assert client.get(_url("access_log_export", fmt="csv")).status_code == 200
    # The retention is the coordinators' to set.
    assert client.get(_url("access_log_retention")).status_code == 403


def test_a_member_who_is_not_the_officer_is_refused(client, world: World) -> None:
    client.force_login(world.bob)
    assert client.get(_url("access_log")).status_code == 403
    client.force_login(world.olle)
    assert client.get(_url("access_log")).status_code == 404


def test_the_filters_find_refused_reads_by_user_kind_object_and_date(client, world: World) -> None:
    _some_reads(world)
    client.force_login(world.alice)
    today = date.today().isoformat()
    response = client.get(
        _url("access_log"),
        {
            "user": "carol",
            "kind": "sspf_case",
            "object_id": "3",
            "start": today,
            "end": today,
            "refused": "on",
        },
    )
    rows = response.context["rows"]
    assert [(r.username, r.granted) for r in rows] == [("carol", False)]
    none = client.get(_url("access_log"), {"user": "bob", "refused": "on"})
    assert list(none.context["rows"]) == []


def test_a_random_sample_shows_n_rows_of_the_filtered_log(client, world: World) -> None:
    for i in range(30):
        log_personal_data_access(
            municipality=world.testby, user=world.bob, kind="incident_text", object_id=i
        )
    client.force_login(world.alice)
    response = client.get(_url("access_log"), {"sample": "5"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 5
    assert response.context["page"] is None


def test_the_log_pages_fifty_rows_at_a_time(client, world: World) -> None:
    for i in range(60):
        log_personal_data_access(
            municipality=world.testby, user=world.bob, kind="incident_text", object_id=i
        )
    client.force_login(world.alice)
    first = client.get(_url("access_log"))
    second = client.get(_url("access_log"), {"sida": "2"})
    assert len(first.context["rows"]) == 50 and len(second.context["rows"]) == 10


def test_the_export_is_audited_and_neutralises_formulas(client, world: World) -> None:
    log_personal_data_access(
        municipality=world.testby, user=world.bob, kind="incident_text", description="=1+1"
    )
    client.force_login(world.alice)
    response = client.get(_url("access_log_export", fmt="csv"))
    body = response.content.decode("utf-8-sig")
    assert "'=1+1" in body
    assert AuditEvent.objects.filter(action="export_access_log", user=world.alice).exists()
    assert client.get(_url("access_log_export", fmt="xlsx")).status_code == 200


def test_a_coordinator_sets_the_retention_and_the_change_is_audited(client, world: World) -> None:
    client.force_login(world.alice)
    too_short = client.post(_url("access_log_retention"), {"days": "7"})
    assert too_short.status_code == 400
    response = client.post(_url("access_log_retention"), {"days": "400"})
    assert response.status_code == 302
    world.testby.refresh_from_db()
    assert world.testby.access_log_retention_days == 400
    event = AuditEvent.objects.filter(action="update", object_type="municipality").latest("pk")
    assert event.changes == {"access_log_retention_days": [730, 400]}


def test_reading_an_incident_logs_its_free_text_read(client, world: World) -> None:
    incident = make_incident(world.testby, area=world.area, description="Bilbrand vid skolan")
    client.force_login(world.dave)
    url = reverse("incidents:detail", kwargs={"municipality": "testby", "pk": incident.pk})
    assert client.get(url).status_code == 200
    read = PersonalDataAccess.objects.get(kind="incident_text")
    assert (read.username, read.object_id, read.channel) == ("dave", str(incident.pk), "web")


def test_the_incident_export_and_the_api_log_their_reads(client, world: World) -> None:
    incident = make_incident(world.testby, area=world.area, description="Klotter")
    client.force_login(world.dave)
    export = reverse("incidents:export", kwargs={"municipality": "testby", "fmt": "csv"})
    assert client.get(export).status_code == 200
    api = f"/api/v1/municipalities/testby/incidents/{incident.pk}/"
    assert client.get(api).status_code == 200
    assert client.get("/api/v1/municipalities/testby/incidents/").status_code == 200
    kinds = list(PersonalDataAccess.objects.order_by("pk").values_list("kind", "channel"))
    assert kinds == [
        ("incident_text", "web"),  # the export of one incident names it
        ("incident_text", "api"),
        ("incident_text", "api"),
    ]
