"""The entry form, the list and a report's page: report in a few fields, refused personal
identity numbers, members for their own organisation, review by coordinators."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World
from samverka.incidents import selectors
from samverka.incidents.models import Incident, ReviewStatus
from samverka.incidents.tests.factories import category, local, make_incident, with_boundaries


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"incidents:{name}", kwargs={"municipality": "testby", **kwargs})


def _report(world: World, **data: object) -> dict[str, object]:
    return {
        "category": str(category(world.testby, "klotter").pk),
        "area": str(world.area.pk),
        "occurred_at": "2026-11-20T21:14",
        "event_count": "1",
        **data,
    }


def test_a_member_reports_with_three_fields_and_defaults(world: World, client: Client) -> None:
    client.force_login(world.carol)
    page = client.get(_url("create"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "aldrig personer" in html  # the form says what a report is about
    # The defaults: now, count 1, the reporter's own organisation.
    assert timezone.localtime().strftime("%Y-%m-%dT") in html
    assert f'value="{world.administration.pk}" selected' in html

    response = client.post(
        _url("create"),
        {
            "category": str(category(world.testby, "klotter").pk),
            "area": str(world.area.pk),
            "occurred_at": "2026-11-20T21:14",
            "event_count": "1",
            "organisation": str(world.administration.pk),
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.subcategory is not None
    assert (incident.category.code, incident.subcategory.code) == ("skadegorelse", "klotter")
    assert incident.reporter == world.carol
    assert incident.organisation == world.administration
    assert AuditEvent.objects.filter(object_type="incident", action="create").exists()


def test_a_personnummer_in_the_description_is_refused_with_an_explanation(
    world: World, client: Client
) -> None:
    client.force_login(world.carol)
    response = client.post(
        _url("create"), _report(world, description="Pojken 811218-9876 sprayade.")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "personnummer" in html and "aldrig enskilda personer" in html
    assert "811218-9876" in html  # the field keeps what was typed, for the reporter to fix
    assert Incident.objects.count() == 0


def test_a_ten_digit_number_that_fails_the_check_digit_is_accepted(
    world: World, client: Client
) -> None:
    client.force_login(world.carol)
    response = client.post(_url("create"), _report(world, description="Ärende 8112189875."))
    assert response.status_code == 302
    assert Incident.objects.get().description == "Ärende 8112189875."


def test_a_point_places_the_report_in_its_area(world: World, client: Client) -> None:
    with_boundaries(world.root_area, world.area)
    client.force_login(world.carol)
    response = client.post(
        _url("create"), _report(world, area="", latitude="57.7", longitude="12.2")
    )
    assert response.status_code == 302
    assert Incident.objects.get().area == world.area
    response = client.post(
        _url("create"), _report(world, area="", latitude="59.3", longitude="18.0")
    )
    assert response.status_code == 400
    assert "utanför kommunens områden" in response.content.decode()


def test_a_member_cannot_report_for_another_organisation(world: World, client: Client) -> None:
    client.force_login(world.carol)
    response = client.post(_url("create"), _report(world, organisation=str(world.police.pk)))
    assert response.status_code == 400
    assert Incident.objects.count() == 0


def test_a_reader_may_not_report(world: World, client: Client) -> None:
    client.force_login(world.dave)
    assert client.get(_url("create")).status_code == 403
    assert client.get(_url("index")).status_code == 200


def test_the_reporter_may_change_an_unreviewed_report_and_the_coordinator_reviews(
    world: World, client: Client
) -> None:
    incident = make_incident(world.testby, world.area, reporter=world.carol)
    client.force_login(world.carol)
    response = client.post(
        _url("edit", pk=incident.pk), _report(world, event_count="4", description="Fyra")
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.event_count == 4
    assert client.post(_url("status", pk=incident.pk), {"status": "reviewed"}).status_code == 403

    client.force_login(world.alice)
    client.post(_url("status", pk=incident.pk), {"status": ReviewStatus.DUPLICATE})
    incident.refresh_from_db()
    assert incident.status == ReviewStatus.DUPLICATE
    client.force_login(world.carol)
    assert client.get(_url("edit", pk=incident.pk)).status_code == 403  # reviewed: locked


def test_the_list_filters_and_exports(world: World, client: Client) -> None:
    make_incident(world.testby, world.area, code="klotter", place_name="Tunneln")
    make_incident(world.testby, world.root_area, code="brand", place_name="Torget")
    make_incident(world.annanstad, world.other_area, place_name="Annanstads torg")
    client.force_login(world.dave)
    html = client.get(_url("index")).content.decode()
    assert "Tunneln" in html and "Torget" in html and "Annanstads torg" not in html
    html = client.get(_url("index"), {"area": world.area.pk}).content.decode()
    assert "Tunneln" in html and "Torget" not in html
    # A bad filter value is ignored, not an error.
    assert client.get(_url("index"), {"area": "abc", "start": "igår"}).status_code == 200
    csv = client.get(_url("export", fmt="csv")).content.decode("utf-8-sig")
    assert "Tunneln" in csv and "Annanstads torg" not in csv


def test_the_list_counts_its_reports_and_events(world: World, client: Client) -> None:
    make_incident(world.testby, world.area, place_name="Tunneln", event_count=3)
    make_incident(world.testby, world.root_area, place_name="Torget", event_count=2)
    make_incident(world.annanstad, world.other_area, event_count=7)
    client.force_login(world.dave)
    html = client.get(_url("index")).content.decode()
    assert "2 rapporter, 5 händelser." in html
    html = client.get(_url("index"), {"area": world.area.pk}).content.decode()
    assert "1 rapport, 3 händelser." in html


def test_a_list_longer_than_the_count_limit_says_more_and_shows_the_newest(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A municipality with a million reports: the list stops counting at the limit (here 2).
    monkeypatch.setattr(selectors, "LIST_COUNT_LIMIT", 2)
    for day, place in ((1, "Äldst"), (2, "Mitten"), (3, "Nyast")):
        make_incident(
            world.testby, world.area, place_name=place, occurred_at=local(2026, 11, day, 12)
        )
    client.force_login(world.dave)
    html = client.get(_url("index")).content.decode()
    assert "Fler än 2 rapporter" in html and "händelser." not in html
    assert "Nyast" in html and "Mitten" in html and "Äldst" not in html
    # A filter that narrows the list below the limit counts exactly again.
    narrowed = client.get(_url("index"), {"start": "2026-11-02"}).content.decode()
    assert "2 rapporter, 2 händelser." in narrowed
