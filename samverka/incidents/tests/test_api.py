"""The incidents API: report, filter, refuse identity numbers, coverage."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from samverka.incidents.models import Incident
from samverka.incidents.tests.factories import category, local, make_incident, on_roster


def _url(name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"municipality_slug": "testby", **kwargs})


def _post(client: Client, name: str, body: dict[str, object]) -> Any:
    return client.post(_url(name), json.dumps(body), content_type="application/json")


def test_a_member_reports_through_the_api(world: World, client: Client) -> None:
    client.force_login(world.bob)
    klotter = category(world.testby, "klotter")
    response = _post(
        client,
        "api-incident-list",
        {
            "category": klotter.pk,
            "area": world.area.pk,
            "occurred_at": "2026-11-20T21:14:00+01:00",
            "organisation": world.police.pk,
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["category"] == klotter.parent_id and data["subcategory"] == klotter.pk
    assert data["reporter"] == world.bob.pk and data["status"] == "new"
    # A member may not review.
    response = client.patch(
        _url("api-incident-detail", pk=data["id"]),
        {"status": "reviewed"},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_the_api_refuses_a_personnummer(world: World, client: Client) -> None:
    client.force_login(world.alice)
    response = _post(
        client,
        "api-incident-list",
        {
            "category": category(world.testby, "brand").pk,
            "area": world.area.pk,
            "occurred_at": "2026-11-20T21:14:00+01:00",
            "assessment": "Samma person som förra veckan, 19811218-9876.",
        },
    )
    assert response.status_code == 400
    assert "personnummer" in response.json()["assessment"][0]
    assert Incident.objects.count() == 0


def test_the_list_filters_by_area_subtree_week_and_category(world: World, client: Client) -> None:
    make_incident(world.testby, world.area, code="klotter", occurred_at=local(2026, 11, 4, 12))
    make_incident(world.testby, world.root_area, code="brand", occurred_at=local(2026, 11, 12, 12))
    make_incident(world.annanstad, world.other_area)
    client.force_login(world.dave)

    def ids(**params: Any) -> int:
        response = client.get(_url("api-incident-list"), params)
        assert response.status_code == 200, response.content
        return response.json()["count"]

    assert ids() == 2
    assert ids(area=world.root_area.pk) == 2
    assert ids(area=world.area.pk) == 1
    assert ids(week="2026-W45") == 1
    assert ids(category=category(world.testby, "brand").pk) == 1
    assert ids(start="2026-11-10", end="2026-11-12") == 1
    assert client.get(_url("api-incident-list"), {"week": "v45"}).status_code == 400
    assert client.get(_url("api-incident-list"), {"area": world.other_area.pk}).status_code == 400


def test_empty_typed_filters_and_page_are_refused(world: World, client: Client) -> None:
    """``?start=`` or ``?page=`` is not a date or a number: 400, as the schema says."""
    client.force_login(world.dave)
    for name in ("area", "category", "organisation", "start", "end", "page"):
        response = client.get(_url("api-incident-list"), {name: ""})
        assert response.status_code == 400, name
        assert name in response.json()
    maps = reverse("api-situation-map", kwargs={"municipality_slug": "testby"})
    for name in ("area", "from", "to", "cell"):
        assert client.get(maps, {name: ""}).status_code == 400, name
    values = reverse("api-stats-value-list", kwargs={"municipality_slug": "testby"})
    for name in ("series", "area", "year"):
        assert client.get(values, {name: ""}).status_code == 400, name
    assert client.get(reverse("api-stats-shared-series-list"), {"page": ""}).json() == {
        "page": ["Ange sidans nummer."]
    }


def test_coverage_through_the_api(world: World, client: Client) -> None:
    on_roster(world.area, world.police)
    on_roster(world.area, world.administration)
    make_incident(
        world.testby, world.area, organisation=world.police, occurred_at=local(2026, 11, 4, 12)
    )
    client.force_login(world.dave)
    params: dict[str, Any] = {"area": world.root_area.pk, "weeks": "2026-W45"}
    response = client.get(_url("api-incident-coverage"), params)
    rows = {r["organisation"]["name"]: r["by_week"]["2026-W45"] for r in response.json()}
    assert rows == {world.police.name: "reported", world.administration.name: "missing"}


def test_a_police_event_says_how_precisely_it_is_placed_and_when_it_was_published(
    world: World, client: Client
) -> None:
    from datetime import UTC, datetime

    from samverka.incidents.models import PlacePrecision, Source

    event = make_incident(world.testby, world.area, code="klotter")
    Incident.objects.filter(pk=event.pk).update(
        source=Source.POLICE,
        external_id="640102",
        place_precision=PlacePrecision.MUNICIPALITY,
        published_at=datetime(2026, 11, 20, 20, 14, tzinfo=UTC),
    )
    client.force_login(world.alice)
    data = client.get(_url("api-incident-detail", pk=event.pk)).json()
    assert data["place_precision"] == "municipality"
    assert data["published_at"] == "2026-11-20T21:14:00+01:00"  # Swedish time, as every time
    # Set by the source: a client cannot claim a precision or a publication time.
    response = client.patch(
        _url("api-incident-detail", pk=event.pk),
        {"place_precision": "", "published_at": "2026-01-01T00:00:00Z"},
        content_type="application/json",
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.place_precision == PlacePrecision.MUNICIPALITY
    assert event.published_at == datetime(2026, 11, 20, 20, 14, tzinfo=UTC)
