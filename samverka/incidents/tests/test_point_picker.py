"""The report form's map picker: the form still takes a typed point without JavaScript, and the
picker's question "which area is this point in?" is answered for reporters of the municipality."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from samverka.incidents.models import Incident
from samverka.incidents.tests.factories import category, with_boundaries


def _url(name: str) -> str:
    return reverse(f"incidents:{name}", kwargs={"municipality": "testby"})


def _ask(client: Client, **params: str) -> tuple[int, str]:
    response = client.get(_url("point_area"), params)
    return response.status_code, response.content.decode()


def test_the_form_offers_the_map_with_the_typed_fields_beside_it(
    world: World, client: Client
) -> None:
    with_boundaries(world.root_area, world.area)
    client.force_login(world.carol)
    html = client.get(_url("create")).content.decode()
    assert 'id="point-map"' in html and 'aria-label="Karta för att välja punkt"' in html
    assert reverse("areas:geojson", kwargs={"municipality": "testby"}) in html
    assert "vendor/leaflet/leaflet.js" in html
    # The typed fields are plain inputs in the page: the way without JavaScript or a map.
    assert 'name="latitude"' in html and 'name="longitude"' in html
    assert "Använd min position" in html


def test_without_boundaries_the_form_has_no_map_but_still_takes_a_point(
    world: World, client: Client
) -> None:
    client.force_login(world.carol)
    html = client.get(_url("create")).content.decode()
    assert 'id="point-map"' not in html and "leaflet.js" not in html
    assert 'name="latitude"' in html
    assert "Inget område har en gräns inlagd" in html


def test_a_point_typed_without_javascript_places_the_report(world: World, client: Client) -> None:
    with_boundaries(world.root_area, world.area)
    client.force_login(world.carol)
    response = client.post(
        _url("create"),
        {
            "category": str(category(world.testby, "klotter").pk),
            "area": "",
            "latitude": "57.7",
            "longitude": "12.2",
            "occurred_at": "2026-11-20T21:14",
            "event_count": "1",
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (incident.area, incident.latitude, incident.longitude) == (world.area, 57.7, 12.2)


def test_a_wrong_point_opens_the_map_section_with_the_error(world: World, client: Client) -> None:
    with_boundaries(world.root_area, world.area)
    client.force_login(world.carol)
    response = client.post(
        _url("create"),
        {
            "category": str(category(world.testby, "klotter").pk),
            "latitude": "91",
            "longitude": "12.2",
            "occurred_at": "2026-11-20T21:14",
            "event_count": "1",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="point-picker" open' in html
    assert 'id="id_latitude_error"' in html


def test_the_picker_names_the_smallest_area_of_the_point(world: World, client: Client) -> None:
    with_boundaries(world.root_area, world.area)
    client.force_login(world.carol)
    status, html = _ask(client, latitude="57.7", longitude="12.2", area="")
    assert status == 200
    assert "Punkten ligger i <strong>Norra Testby</strong>. Rapporten hamnar där." in html
    status, html = _ask(client, latitude="57.2", longitude="12.8")
    assert "Punkten ligger i <strong>Testby</strong>." in html


def test_the_picker_says_when_the_chosen_area_differs_from_the_point(
    world: World, client: Client
) -> None:
    with_boundaries(world.root_area, world.area)
    client.force_login(world.carol)
    _status, html = _ask(client, latitude="57.2", longitude="12.8", area=str(world.area.pk))
    assert "<strong>Testby</strong>, men i listan har du valt Norra Testby" in html
    _status, html = _ask(client, latitude="57.7", longitude="12.2", area=str(world.area.pk))
    assert "<strong>Norra Testby</strong>, det område du har valt" in html


def test_an_area_of_another_municipality_is_never_named(world: World, client: Client) -> None:
    with_boundaries(world.root_area, world.area)
    client.force_login(world.carol)
    _status, html = _ask(client, latitude="57.2", longitude="12.8", area=str(world.other_area.pk))
    assert "Annanstad" not in html
    assert "Rapporten hamnar där." in html


def test_the_picker_says_when_the_point_is_outside_or_cannot_be_placed(
    world: World, client: Client
) -> None:
    client.force_login(world.carol)
    _status, html = _ask(client, latitude="57.7", longitude="12.2")
    assert "Inget område har en gräns inlagd" in html
    with_boundaries(world.root_area, world.area)
    _status, html = _ask(client, latitude="59.3", longitude="18.0")
    assert "utanför kommunens områden" in html


def test_malformed_points_get_a_swedish_message_and_400(world: World, client: Client) -> None:
    with_boundaries(world.root_area, world.area)
    client.force_login(world.carol)
    for latitude, longitude, message in [
        ("abc", "12.2", "Latitud ska vara ett tal"),
        ("57.7", "nan", "Longitud ska vara ett tal"),
        ("1e400", "12.2", "Latitud ska vara ett tal"),
        ("95", "12.2", "mellan -90 och 90"),
        ("57.7", "", "Ange longitud."),
        ("57.7", "x" * 10_000, "Longitud ska vara ett tal"),
    ]:
        status, html = _ask(client, latitude=latitude, longitude=longitude, area="abc")
        assert (status, message in html) == (400, True), (latitude, longitude, html)
    # A NUL anywhere in the query is refused at the door, before the picker reads it.
    status, html = _ask(client, latitude="57.7", longitude="12.2", area="ab\x00c")
    assert (status, "otillåtet tecken (NUL)" in html) == (400, True), html


def test_no_point_gives_an_empty_answer(world: World, client: Client) -> None:
    client.force_login(world.carol)
    assert _ask(client) == (200, "")


def test_a_reader_may_not_ask(world: World, client: Client) -> None:
    with_boundaries(world.root_area, world.area)
    client.force_login(world.dave)
    status, html = _ask(client, latitude="57.7", longitude="12.2")
    assert status == 403 and "Norra Testby" not in html
