"""/api/v1/municipalities/<slug>/areas/: the area tree, populations and boundaries."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from samverka.areas.models import Area
from samverka.core.testing import World, make_area

URL = "/api/v1/municipalities/testby/areas/"
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[11.9, 57.7], [12.0, 57.7], [12.0, 57.8], [11.9, 57.8], [11.9, 57.7]]],
}


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_a_reader_lists_the_areas_with_parent_and_population(world: World) -> None:
    rows = {row["name"]: row for row in _client(world.dave).get(URL).json()["results"]}
    assert set(rows) == {"Testby", "Norra Testby"}
    north = rows["Norra Testby"]
    assert north["parent"] == world.root_area.pk
    assert north["kind"] == "primaromrade"
    assert north["populations"] == [{"year": 2024, "population": 12345, "source": ""}]
    assert rows["Testby"]["scb_code"] == "9999"
    assert "boundary_crs" not in north


def test_a_coordinator_creates_an_area_with_a_boundary(world: World) -> None:
    body = {"name": "Södra Testby", "kind": "primaromrade", "parent": world.root_area.pk}
    response = _client(world.alice).post(URL, {**body, "boundary": SQUARE}, format="json")
    assert response.status_code == 201, response.json()
    area = Area.objects.get(name="Södra Testby")
    assert area.parent == world.root_area
    assert area.boundary is not None
    assert area.boundary["type"] in ("Polygon", "MultiPolygon")
    # The centroid is worked out from the boundary when none is given.
    assert response.json()["centroid_lat"] == pytest.approx(57.75, abs=0.01)
    assert response.json()["centroid_lon"] == pytest.approx(11.95, abs=0.01)


def test_a_boundary_in_sweref_is_stored_as_wgs84(world: World) -> None:
    # A square of about 1 km in SWEREF 99 TM near Göteborg.
    ring = [[319000, 6400000], [320000, 6400000], [320000, 6401000], [319000, 6401000]]
    body = {
        "name": "Hjällbo",
        "kind": "primaromrade",
        "boundary": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
        "boundary_crs": "EPSG:3006",
    }
    response = _client(world.alice).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    lat, lon = response.json()["centroid_lat"], response.json()["centroid_lon"]
    assert 57 < lat < 58.5
    assert 11 < lon < 13


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"boundary": "POLYGON((1 2, 3 4))"}, "boundary", "GeoJSON-objekt"),
        ({"boundary": [[1, 2]]}, "boundary", "GeoJSON-objekt"),
        ({"boundary": {"type": "Point", "coordinates": [1, 2]}}, "boundary", ""),
        ({"kind": "land"}, "kind", "inget giltigt val"),
        ({"centroid_lat": "norr"}, "centroid_lat", "Ange ett tal"),
        ({"centroid_lat": 123}, "centroid_lat", "90"),
        ({"parent": "Testby"}, "parent", "heltal"),
    ],
)
def test_malformed_areas_are_400(
    world: World, body: dict[str, Any], field: str, message: str
) -> None:
    before = Area.objects.values().get(pk=world.area.pk)
    response = _client(world.alice).patch(f"{URL}{world.area.pk}/", body, format="json")
    assert response.status_code == 400
    assert response.json()[field]
    assert message in str(response.json()[field])
    assert Area.objects.values().get(pk=world.area.pk) == before


def test_an_area_cannot_end_up_inside_itself(world: World) -> None:
    response = _client(world.alice).patch(
        f"{URL}{world.root_area.pk}/", {"parent": world.area.pk}, format="json"
    )
    assert response.status_code == 400
    assert "cirkel" in response.json()["parent"][0]
    world.root_area.refresh_from_db()
    assert world.root_area.parent is None


def test_a_parent_of_another_municipality_is_400(world: World) -> None:
    response = _client(world.alice).post(
        URL, {"name": "Smuggel", "kind": "annat", "parent": world.other_area.pk}, format="json"
    )
    assert response.status_code == 400
    assert "finns inte" in response.json()["parent"][0]
    assert not Area.objects.filter(name="Smuggel").exists()


def test_an_area_with_sub_areas_cannot_be_deleted(world: World) -> None:
    response = _client(world.alice).delete(f"{URL}{world.root_area.pk}/")
    assert response.status_code == 409
    assert "delområden" in str(response.json())
    assert Area.objects.filter(pk=world.root_area.pk).exists()


def test_a_leaf_area_is_deleted(world: World) -> None:
    leaf = make_area(world.testby, "Lövet", parent=world.area)
    assert _client(world.alice).delete(f"{URL}{leaf.pk}/").status_code == 204
    assert not Area.objects.filter(pk=leaf.pk).exists()


@pytest.mark.parametrize(("username", "status"), [("dave", 403), ("bob", 403), ("olle", 404)])
def test_only_coordinators_of_the_municipality_change_areas(
    world: World, username: str, status: int
) -> None:
    client = _client(world.user(username))
    url = f"{URL}{world.area.pk}/"
    assert client.patch(url, {"name": "Nytt"}, format="json").status_code == status
    assert client.post(URL, {"name": "Nytt", "kind": "annat"}, format="json").status_code == status
    assert client.delete(url).status_code == status
    world.area.refresh_from_db()
    assert world.area.name == "Norra Testby"
    assert not Area.objects.filter(name="Nytt").exists()


def test_areas_of_other_municipalities_are_404(world: World) -> None:
    client = _client(world.olle)
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}{world.area.pk}/").status_code == 404
    alice = _client(world.alice)
    assert alice.get(f"{URL}{world.other_area.pk}/").status_code == 404


def test_anonymous_gets_no_areas(world: World) -> None:
    assert APIClient().get(URL).status_code in (401, 403)
