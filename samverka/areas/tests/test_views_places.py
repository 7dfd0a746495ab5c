"""The places pages: who sees and changes them, the messages a coordinator gets for a bad
position, and the exports and GeoJSON read back."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samverka.accounts.models import AuditEvent
from samverka.areas.models import Place, PlaceKind
from samverka.core.testing import make_area
from samverka.organisation.models import GoverningDocument

pytestmark = pytest.mark.django_db

TUNNEL = {"type": "Point", "coordinates": [12.0286, 57.7826]}
PATH = {"type": "LineString", "coordinates": [[12.01, 57.70], [12.02, 57.71], [12.03, 57.71]]}
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[12.0, 57.7], [12.001, 57.7], [12.001, 57.701], [12.0, 57.701], [12.0, 57.7]]],
}


def url(name, world, **kwargs):
    return reverse(f"areas:{name}", kwargs={"municipality": world.testby.slug, **kwargs})


@pytest.fixture
def places(world):
    """Three places in Testby (one in a sub-area of Norra Testby) and one in Annanstad."""
    east = make_area(world.testby, "Östra delen", parent=world.area)
    return {
        "tunnel": Place.objects.create(
            municipality=world.testby,
            name="Gångtunneln",
            kind=PlaceKind.TUNNEL,
            area=world.area,
            geometry=TUNNEL,
            description="Under järnvägen",
        ),
        "path": Place.objects.create(
            municipality=world.testby,
            name="Strandstigen",
            kind=PlaceKind.PARK,
            area=east,
            geometry=PATH,
        ),
        "square": Place.objects.create(
            municipality=world.testby, name="Torget", kind=PlaceKind.SQUARE, geometry=SQUARE
        ),
        "foreign": Place.objects.create(
            municipality=world.annanstad,
            name="Annanstads torg",
            kind=PlaceKind.SQUARE,
            geometry=TUNNEL,
        ),
    }


def place_post(**overrides):
    data = {"name": "Busstorget", "kind": PlaceKind.TRANSIT, "area": "", "description": ""}
    data.update(overrides)
    return data


# --- Seeing ---------------------------------------------------------------------------------


def test_a_reader_sees_the_list_with_positions_but_no_edit_controls(client, world, places):
    client.force_login(world.dave)
    response = client.get(url("place_list", world))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Gångtunneln") < page.index("Strandstigen") < page.index("Torget")
    # The point in Swedish notation: decimal comma.
    assert "57,78260, 12,02860" in page
    assert "Linje, 3 punkter" in page
    assert "Annanstads torg" not in page
    assert url("place_create", world) not in page
    assert url("place_geojson", world) in page


def test_the_areas_list_links_to_the_places_and_their_geojson(client, world):
    client.force_login(world.dave)
    page = client.get(url("list", world)).content.decode()
    assert url("place_list", world) in page
    assert url("place_geojson", world) in page


def test_the_list_filters_by_kind_and_by_area_with_its_sub_areas(client, world, places):
    client.force_login(world.bob)
    names = lambda response: [p.name for p, _pos in response.context["rows"]]  # noqa: E731
    response = client.get(url("place_list", world), {"kind": PlaceKind.SQUARE})
    assert names(response) == ["Torget"]
    # Strandstigen lies in Östra delen, which is inside Norra Testby.
    response = client.get(url("place_list", world), {"area": world.area.pk})
    assert names(response) == ["Gångtunneln", "Strandstigen"]
    response = client.get(url("place_list", world), {"area": world.root_area.pk, "kind": "tunnel"})
    assert names(response) == ["Gångtunneln"]


@pytest.mark.parametrize("area", ["abc", "99999999999999999999", "-1"])
def test_a_bad_filter_is_shown_on_the_form_not_a_crash(client, world, places, area):
    client.force_login(world.bob)
    response = client.get(url("place_list", world), {"area": area, "kind": "slott"})
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    # The list itself is shown unfiltered.
    assert len(response.context["rows"]) == 3


def test_an_area_of_another_municipality_is_not_a_filter(client, world, places):
    client.force_login(world.alice)
    response = client.get(url("place_list", world), {"area": world.other_area.pk})
    assert response.status_code == 400
    assert "Annanstads torg" not in response.content.decode()


def test_the_detail_shows_position_documents_and_no_controls_for_a_reader(client, world, places):
    world.document.places.add(places["tunnel"])
    client.force_login(world.dave)
    response = client.get(url("place_detail", world, pk=places["tunnel"].pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "latitud 57,78260, longitud 12,02860" in page
    assert "Norra Testby" in page and "Under järnvägen" in page
    assert world.document.title in page
    assert url("place_edit", world, pk=places["tunnel"].pk) not in page
    assert url("place_delete", world, pk=places["tunnel"].pk) not in page
    assert "<svg" not in page.split("<main", 1)[1]  # a single point is not drawn


def test_a_line_is_drawn_north_up_with_its_centre(client, world, places):
    client.force_login(world.dave)
    page = client.get(url("place_detail", world, pk=places["path"].pk)).content.decode()
    assert "<svg" in page and "<title" in page and 'd="M' in page
    assert 'fill="none"' in page  # a path is a line, not a filled shape
    assert "mittpunkt latitud 57,70667, longitud 12,02000" in page


def test_another_municipality_gets_404(client, world, places):
    client.force_login(world.olle)
    assert client.get(url("place_list", world)).status_code == 404
    assert client.get(url("place_geojson", world)).status_code == 404
    assert client.get(url("place_export", world, fmt="csv")).status_code == 404
    assert client.get(url("place_detail", world, pk=places["tunnel"].pk)).status_code == 404


def test_a_place_of_another_municipality_is_404_for_a_coordinator(client, world, places):
    client.force_login(world.alice)
    foreign = places["foreign"].pk
    assert client.get(url("place_detail", world, pk=foreign)).status_code == 404
    assert client.post(url("place_edit", world, pk=foreign), place_post()).status_code == 404
    assert client.post(url("place_delete", world, pk=foreign)).status_code == 404
    assert client.get(url("place_geojson", world), {"plats": foreign}).status_code == 404
    assert client.get(url("place_geojson", world), {"plats": "abc"}).status_code == 404
    assert Place.objects.filter(pk=foreign, name="Annanstads torg").exists()


# --- Exports --------------------------------------------------------------------------------


def test_csv_export_reads_back_with_positions(client, world, places):
    client.force_login(world.dave)
    response = client.get(url("place_export", world, fmt="csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Namn", "Typ av plats", "Område"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Gångtunneln", "Strandstigen", "Torget"}
    tunnel = by_name["Gångtunneln"]
    assert tunnel[1:5] == ["Tunnel eller gångbro", "Norra Testby", "Under järnvägen", "Point"]
    assert (float(tunnel[5]), float(tunnel[6])) == (57.7826, 12.0286)
    assert by_name["Strandstigen"][7] == "3"


def test_xlsx_export_follows_the_filter(client, world, places):
    client.force_login(world.bob)
    response = client.get(url("place_export", world, fmt="xlsx"), {"area": world.area.pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Namn"
    assert [r[0] for r in rows[1:]] == ["Gångtunneln", "Strandstigen"]
    assert rows[1][5] == 57.7826 and rows[1][6] == 12.0286  # numbers, not text


def test_an_unknown_export_format_is_404(client, world):
    client.force_login(world.alice)
    assert client.get(url("place_export", world, fmt="pdf")).status_code == 404


def test_geojson_is_a_feature_collection_in_wgs84(client, world, places):
    Place.objects.create(municipality=world.testby, name="Okänt läge", kind=PlaceKind.OTHER)
    client.force_login(world.dave)
    response = client.get(url("place_geojson", world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert ".geojson" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data  # RFC 7946: WGS84 is implied
    features = {f["properties"]["name"]: f for f in data["features"]}
    # A place without a position has nothing to draw; Annanstad's is not Testby's.
    assert set(features) == {"Gångtunneln", "Strandstigen", "Torget"}
    tunnel = features["Gångtunneln"]
    assert tunnel["type"] == "Feature"
    assert tunnel["geometry"] == TUNNEL  # longitude first
    assert tunnel["properties"]["kind"] == "tunnel"
    assert tunnel["properties"]["area"] == "Norra Testby"
    assert features["Torget"]["geometry"] == SQUARE


def test_geojson_of_one_place_and_of_a_filter(client, world, places):
    client.force_login(world.bob)
    one = json.loads(client.get(url("place_geojson", world), {"plats": places["path"].pk}).content)
    assert [f["properties"]["name"] for f in one["features"]] == ["Strandstigen"]
    parks = json.loads(client.get(url("place_geojson", world), {"kind": "park"}).content)
    assert [f["properties"]["name"] for f in parks["features"]] == ["Strandstigen"]


# --- Creating and editing -------------------------------------------------------------------


def test_a_coordinator_adds_a_point_with_a_decimal_comma(client, world):
    client.force_login(world.alice)
    data = place_post(area=world.area.pk, latitude="57,7826", longitude="12.0286")
    response = client.post(url("place_create", world), data)
    place = Place.objects.get(municipality=world.testby, name="Busstorget")
    assert response.status_code == 302
    assert response["Location"] == url("place_detail", world, pk=place.pk)
    assert place.geometry == {"type": "Point", "coordinates": [12.0286, 57.7826]}
    assert place.area == world.area
    event = AuditEvent.objects.get(object_type="place", object_id=str(place.pk))
    assert event.action == "create" and event.user == world.alice


def test_a_coordinator_adds_a_shape_as_geojson_and_an_open_ring_is_closed(client, world):
    client.force_login(world.alice)
    ring = [[12.0, 57.7], [12.001, 57.7], [12.001, 57.701]]
    feature = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}}
    response = client.post(url("place_create", world), place_post(geometry=json.dumps(feature)))
    assert response.status_code == 302
    geometry = Place.objects.get(name="Busstorget").geometry
    assert geometry is not None and geometry["type"] == "Polygon"
    assert geometry["coordinates"][0][0] == geometry["coordinates"][0][-1]


def test_a_place_may_have_no_position(client, world):
    client.force_login(world.alice)
    assert client.post(url("place_create", world), place_post()).status_code == 302
    assert Place.objects.get(name="Busstorget").geometry is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Det här fältet är obligatoriskt."),
        ({"name": "gångtunneln"}, "name", "Det finns redan en plats som heter"),
        ({"kind": "slott"}, "kind", "Välj ett giltigt alternativ"),
        ({"latitude": "57,7"}, "longitude", "Ange både latitud och longitud"),
        ({"latitude": "95", "longitude": "12"}, "latitude", "mellan -90 och 90 grader"),
        ({"latitude": "57°46′", "longitude": "12"}, "latitude", "som ett tal i grader"),
        ({"latitude": "nan", "longitude": "12"}, "latitude", "som ett tal i grader"),
        ({"latitude": "12,03", "longitude": "57,78"}, "latitude", "bytt plats"),
        (
            {"latitude": "57,7", "longitude": "12,0", "geometry": json.dumps(PATH)},
            "geometry",
            "inte båda",
        ),
        ({"geometry": "{type: Point"}, "geometry", "inte giltig GeoJSON"),
        ({"geometry": "[" * 50_000}, "geometry", "inte giltig GeoJSON"),
        ({"geometry": "[12, 57]"}, "geometry", "ska vara ett GeoJSON-objekt"),
        (
            {"geometry": json.dumps({"type": "Circle", "coordinates": [12, 57]})},
            "geometry",
            "Tillåtna: Point, MultiPoint",
        ),
        (
            {"geometry": json.dumps({"type": "Point", "coordinates": [212.0, 57.0]})},
            "geometry",
            "inte en giltig longitud/latitud",
        ),
        (
            {"geometry": json.dumps({"type": "LineString", "coordinates": [[12.0, 57.0]]})},
            "geometry",
            "minst 2 punkter",
        ),
        (
            {"geometry": json.dumps({"type": "Polygon", "coordinates": [[[12, 57], [12.1, 57]]]})},
            "geometry",
            "minst tre olika punkter",
        ),
        (
            {"geometry": json.dumps({"type": "Point", "coordinates": [57.78, 12.03]})},
            "geometry",
            "longitud först",
        ),
        (
            {"geometry": json.dumps({"type": "FeatureCollection", "features": [TUNNEL, PATH]})},
            "geometry",
            "innehåller 2 objekt",
        ),
        ({"geometry": " " * 10 + "x" * 500_001}, "geometry", "för stor"),
        ({"area": "99999999999999999999"}, "area", "Välj ett giltigt alternativ"),
    ],
)
def test_malformed_place_input_is_explained_on_its_field(
    client, world, places, overrides, field, message
):
    client.force_login(world.alice)
    response = client.post(url("place_create", world), place_post(**overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in e for e in errors[field]), errors[field]
    assert not Place.objects.filter(name="Busstorget").exists()


def test_an_area_of_another_municipality_is_refused(client, world):
    client.force_login(world.alice)
    response = client.post(url("place_create", world), place_post(area=world.other_area.pk))
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Place.objects.filter(name="Busstorget").exists()


def test_the_edit_form_shows_a_point_as_latitude_and_longitude(client, world, places):
    client.force_login(world.alice)
    page = client.get(url("place_edit", world, pk=places["tunnel"].pk)).content.decode()
    assert 'value="57,7826"' in page and 'value="12,0286"' in page
    form = client.get(url("place_edit", world, pk=places["path"].pk)).context["form"]
    assert json.loads(form.initial["geometry"]) == PATH
    assert "latitude" not in form.initial


def test_editing_a_shape_into_a_point_and_the_audit_records_it(client, world, places):
    client.force_login(world.alice)
    target = url("place_edit", world, pk=places["path"].pk)
    data = place_post(name="Strandstigen", kind=PlaceKind.PARK, latitude="57,71", longitude="12,02")
    response = client.post(target, data)
    assert response.status_code == 302
    places["path"].refresh_from_db()
    assert places["path"].geometry == {"type": "Point", "coordinates": [12.02, 57.71]}
    assert places["path"].area is None
    event = AuditEvent.objects.filter(object_type="place", action="update").get()
    assert event.changes["geometry"] == [PATH, places["path"].geometry]


def test_a_refused_edit_keeps_the_place_and_its_header(client, world, places):
    client.force_login(world.alice)
    target = url("place_edit", world, pk=places["tunnel"].pk)
    response = client.post(target, place_post(name="Torget", kind=PlaceKind.TUNNEL))
    assert response.status_code == 400
    assert "Det finns redan en plats som heter Torget" in response.content.decode()
    places["tunnel"].refresh_from_db()
    assert places["tunnel"].name == "Gångtunneln"


def test_a_reader_and_a_member_cannot_create_edit_or_delete(client, world, places):
    tunnel = places["tunnel"]
    for user in (world.dave, world.bob):
        client.force_login(user)
        assert client.get(url("place_create", world)).status_code == 403
        assert client.post(url("place_create", world), place_post()).status_code == 403
        edit = url("place_edit", world, pk=tunnel.pk)
        assert client.post(edit, place_post(name="Hack")).status_code == 403
        assert client.post(url("place_delete", world, pk=tunnel.pk)).status_code == 403
    assert not Place.objects.filter(name__in=["Busstorget", "Hack"]).exists()
    assert Place.objects.filter(pk=tunnel.pk, name="Gångtunneln").exists()
    assert not AuditEvent.objects.filter(object_type="place").exists()


# --- Deleting -------------------------------------------------------------------------------


def test_a_coordinator_deletes_an_unused_place(client, world, places):
    client.force_login(world.alice)
    target = url("place_delete", world, pk=places["square"].pk)
    page = client.get(target).content.decode()
    assert "Inget styrande dokument nämner den" in page
    response = client.post(target, follow=True)
    assert response.redirect_chain[-1][0] == url("place_list", world)
    assert "Torget är borttagen" in response.content.decode()
    assert not Place.objects.filter(pk=places["square"].pk).exists()
    assert AuditEvent.objects.filter(object_type="place", action="delete").count() == 1


def test_deleting_a_place_a_document_names_says_so_and_keeps_the_document(client, world, places):
    other = GoverningDocument.objects.create(
        municipality=world.testby, title="Medborgarlöfte 2026", kind="citizen_promise"
    )
    world.document.places.add(places["tunnel"], places["square"])
    other.places.add(places["tunnel"])
    client.force_login(world.alice)
    target = url("place_delete", world, pk=places["tunnel"].pk)
    page = client.get(target).content.decode()
    assert "Platsen nämns i 2 styrande dokument" in page
    assert world.document.title in page and "Medborgarlöfte 2026" in page
    assert "bara platsen stryks ur deras lista" in page

    assert client.post(target).status_code == 302
    assert not Place.objects.filter(pk=places["tunnel"].pk).exists()
    # The documents stay, with their other places.
    assert list(world.document.places.all()) == [places["square"]]
    assert GoverningDocument.objects.filter(pk=other.pk).exists()
    assert not other.places.exists()
    # Each document's history says the place left its list.
    event = AuditEvent.objects.get(object_type="governingdocument", object_id=str(other.pk))
    assert event.changes == {"places": [[places["tunnel"].pk], []]}
    assert "Gångtunneln" in event.summary
    event = AuditEvent.objects.get(
        object_type="governingdocument", object_id=str(world.document.pk)
    )
    tunnel, square = places["tunnel"].pk, places["square"].pk
    assert event.changes == {"places": [sorted([tunnel, square]), [square]]}


def test_the_area_page_lists_its_places_and_offers_to_add_one(client, world, places):
    client.force_login(world.alice)
    page = client.get(url("detail", world, pk=world.area.pk)).content.decode()
    assert url("place_detail", world, pk=places["tunnel"].pk) in page
    assert "Torget" not in page  # in no area
    add = url("place_create", world) + f"?area={world.area.pk}"
    assert add in page
    form = client.get(add).context["form"]
    assert str(form["area"].value()) == str(world.area.pk)
