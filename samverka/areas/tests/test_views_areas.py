import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from samverka.areas.models import Area, AreaKind, AreaPopulation
from samverka.core.testing import make_area, make_group

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[12.0, 57.7], [12.1, 57.7], [12.1, 57.8], [12.0, 57.8], [12.0, 57.7]]],
}


def url(name, world, **kwargs):
    return reverse(f"areas:{name}", kwargs={"municipality": world.testby.slug, **kwargs})


def geojson_upload(data, name="grans.geojson"):
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, raw, content_type="application/geo+json")


def area_post(**overrides):
    data = {"name": "Södra Testby", "kind": AreaKind.PRIMARY_AREA, "boundary_crs": ""}
    data.update(overrides)
    return data


# The list and the exports


def test_the_list_shows_the_tree_with_population_and_group_counts(client, world):
    make_area(world.testby, "Östra delen", parent=world.area)
    client.force_login(world.dave)
    response = client.get(url("list", world))
    assert response.status_code == 200
    page = response.content.decode()
    # Parents come before their children: Testby › Norra Testby › Östra delen.
    assert page.index("Testby</a>") < page.index("Norra Testby") < page.index("Östra delen")
    assert "12345" in page
    nodes = {n.area.name: n for n in response.context["nodes"]}
    assert nodes["Östra delen"].depth == 2
    # The safety group works in Norra Testby, so it counts there and in the municipality.
    assert nodes["Norra Testby"].group_count == 1
    assert nodes["Testby"].group_count == 1
    assert "Annanstad centrum" not in page


def test_the_list_does_not_query_per_area(client, world, django_assert_max_num_queries):
    for i in range(15):
        child = make_area(world.testby, f"Delområde {i}", parent=world.area)
        AreaPopulation.objects.create(area=child, year=2023, population=100 + i)
        make_group(world.testby, f"Grupp i {i}", area=child)
    client.force_login(world.alice)
    with django_assert_max_num_queries(12):
        response = client.get(url("list", world))
    assert response.status_code == 200
    assert len(response.context["nodes"]) == 17


def test_the_user_of_another_municipality_gets_404(client, world):
    client.force_login(world.olle)
    assert client.get(url("list", world)).status_code == 404
    assert client.get(url("detail", world, pk=world.area.pk)).status_code == 404
    assert client.get(url("geojson", world)).status_code == 404


def test_csv_export_is_semicolon_separated_with_a_bom(client, world):
    client.force_login(world.bob)
    response = client.get(url("export", world, fmt="csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffNamn;Nivå;Typ")
    assert "Norra Testby;2;Primärområde;Testby;" in text
    assert "Annanstad" not in text


def test_xlsx_export_opens_in_openpyxl(client, world):
    client.force_login(world.bob)
    response = client.get(url("export", world, fmt="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Testby", "Norra Testby"]


def test_an_unknown_export_format_is_404(client, world):
    client.force_login(world.alice)
    assert client.get(url("export", world, fmt="pdf")).status_code == 404


# Detail


def test_the_detail_shows_ancestors_population_groups_and_the_outline(client, world):
    Area.objects.filter(pk=world.area.pk).update(boundary=SQUARE)
    client.force_login(world.dave)
    response = client.get(url("detail", world, pk=world.area.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="breadcrumbs"' in page and ">Testby</a>" in page
    assert "Trygghetsgruppen Norra" in page
    assert "<svg" in page and "<title" in page and 'd="M' in page
    # A reader gets no edit controls.
    assert url("edit", world, pk=world.area.pk) not in page
    assert url("population_set", world, pk=world.area.pk) not in page


def test_the_parent_lists_groups_working_in_its_sub_areas(client, world):
    client.force_login(world.bob)
    response = client.get(url("detail", world, pk=world.root_area.pk))
    assert "Trygghetsgruppen Norra" in response.content.decode()


def test_an_area_of_another_municipality_is_404(client, world):
    client.force_login(world.alice)
    assert client.get(url("detail", world, pk=world.other_area.pk)).status_code == 404
    response = client.post(url("edit", world, pk=world.other_area.pk), area_post(name="X"))
    assert response.status_code == 404


# Create and edit


def test_a_coordinator_creates_an_area_with_a_sweref_boundary(client, world):
    sweref = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [319000, 6400000],
                            [320000, 6400000],
                            [320000, 6401000],
                            [319000, 6401000],
                            [319000, 6400000],
                        ]
                    ],
                },
            }
        ],
    }
    client.force_login(world.alice)
    data = area_post(
        parent=world.root_area.pk,
        deso_code="9999c0001",
        boundary_crs="EPSG:3006",
        boundary_file=geojson_upload(sweref),
    )
    response = client.post(url("create", world), data)
    area = Area.objects.get(name="Södra Testby")
    assert response.status_code == 302
    assert response["Location"] == url("detail", world, pk=area.pk)
    assert area.municipality == world.testby
    assert area.parent == world.root_area
    assert area.deso_code == "9999C0001"
    assert area.boundary is not None and area.centroid_lat is not None
    lon, lat = area.boundary["coordinates"][0][0]
    assert 11 < lon < 13 and 57 < lat < 58  # Göteborg, in WGS84
    assert 57 < area.centroid_lat < 58


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Det här fältet är obligatoriskt."),
        ({"scb_code": "148"}, "Kommunkoden ska vara fyra siffror"),
        ({"deso_code": "1480D1234"}, "DeSO-koden ska vara nio tecken"),
        ({"centroid_lat": "95", "centroid_lon": "12"}, "90"),
        ({"centroid_lat": "57.7"}, "Ange både latitud och longitud"),
        ({"name": "norra testby"}, "Det finns redan ett område som heter"),
    ],
)
def test_malformed_area_input_is_explained(client, world, overrides, message):
    client.force_login(world.alice)
    response = client.post(url("create", world), area_post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Area.objects.filter(municipality=world.testby).count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "inte giltig GeoJSON"),
        (
            json.dumps({"type": "FeatureCollection", "features": []}).encode(),
            "exakt ett område",
        ),
        (json.dumps({"type": "Point", "coordinates": [12, 57]}).encode(), "Polygon"),
    ],
)
def test_a_broken_boundary_file_is_explained(client, world, content, message):
    client.force_login(world.alice)
    response = client.post(url("create", world), area_post(boundary_file=geojson_upload(content)))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Area.objects.filter(name="Södra Testby").exists()


def test_a_parent_from_another_municipality_is_refused(client, world):
    client.force_login(world.alice)
    response = client.post(url("create", world), area_post(parent=world.other_area.pk))
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Area.objects.filter(name="Södra Testby").exists()


def test_an_area_cannot_be_moved_under_its_own_sub_area(client, world):
    client.force_login(world.alice)
    data = area_post(name="Testby", kind=AreaKind.MUNICIPALITY, parent=world.area.pk)
    response = client.post(url("edit", world, pk=world.root_area.pk), data)
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    world.root_area.refresh_from_db()
    assert world.root_area.parent is None


def test_editing_keeps_the_boundary_unless_removed(client, world):
    Area.objects.filter(pk=world.area.pk).update(boundary=SQUARE)
    client.force_login(world.alice)
    data = area_post(name="Norra Testby ny", parent=world.root_area.pk)
    response = client.post(url("edit", world, pk=world.area.pk), data)
    assert response.status_code == 302
    world.area.refresh_from_db()
    assert world.area.name == "Norra Testby ny"
    assert world.area.boundary == SQUARE
    data["remove_boundary"] = "on"
    client.post(url("edit", world, pk=world.area.pk), data)
    world.area.refresh_from_db()
    assert world.area.boundary is None


def test_a_reader_cannot_create_or_edit(client, world):
    client.force_login(world.dave)
    assert client.get(url("create", world)).status_code == 403
    assert client.post(url("create", world), area_post()).status_code == 403
    response = client.post(url("edit", world, pk=world.area.pk), area_post(name="Hack"))
    assert response.status_code == 403
    assert not Area.objects.filter(name__in=["Södra Testby", "Hack"]).exists()


# Delete


def test_an_area_with_sub_areas_or_groups_is_not_deleted(client, world):
    client.force_login(world.alice)
    response = client.post(url("delete", world, pk=world.root_area.pk))
    assert response.status_code == 400
    assert "har delområden" in response.content.decode()
    response = client.post(url("delete", world, pk=world.area.pk))
    assert response.status_code == 400
    assert "Trygghetsgruppen Norra" in response.content.decode()
    assert Area.objects.filter(pk__in=[world.root_area.pk, world.area.pk]).count() == 2


def test_a_coordinator_deletes_an_unused_area(client, world):
    lonely = make_area(world.testby, "Ensamt område")
    client.force_login(world.alice)
    assert client.get(url("delete", world, pk=lonely.pk)).status_code == 200
    response = client.post(url("delete", world, pk=lonely.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("list", world)
    assert "Ensamt område är borttaget" in response.content.decode()
    assert not Area.objects.filter(pk=lonely.pk).exists()


def test_a_member_cannot_delete(client, world):
    client.force_login(world.bob)
    assert client.post(url("delete", world, pk=world.area.pk)).status_code == 403
    assert Area.objects.filter(pk=world.area.pk).exists()


# Population


def test_a_coordinator_adds_and_replaces_population(client, world):
    client.force_login(world.alice)
    target = url("population_set", world, pk=world.area.pk)
    assert client.post(target, {"year": 2025, "population": 13000}).status_code == 302
    assert client.post(target, {"year": 2024, "population": 12400}).status_code == 302
    rows = dict(world.area.populations.values_list("year", "population"))
    assert rows == {2024: 12400, 2025: 13000}


def test_a_malformed_population_is_explained(client, world):
    client.force_login(world.alice)
    target = url("population_set", world, pk=world.area.pk)
    response = client.post(target, {"year": "tjugo", "population": "-5"})
    assert response.status_code == 400
    assert "Fyll i ett heltal." in response.content.decode()
    assert dict(world.area.populations.values_list("year", "population")) == {2024: 12345}


def test_a_coordinator_deletes_a_population_year(client, world):
    client.force_login(world.alice)
    target = url("population_delete", world, pk=world.area.pk, year=2024)
    assert target in client.get(url("detail", world, pk=world.area.pk)).content.decode()
    assert client.get(target).status_code == 405
    assert client.post(target).status_code == 302
    assert not world.area.populations.exists()
    assert client.post(target).status_code == 404


def test_a_reader_cannot_change_population(client, world):
    client.force_login(world.dave)
    target = url("population_set", world, pk=world.area.pk)
    assert client.post(target, {"year": 2025, "population": 1}).status_code == 403
    delete = url("population_delete", world, pk=world.area.pk, year=2024)
    assert client.post(delete).status_code == 403
    assert dict(world.area.populations.values_list("year", "population")) == {2024: 12345}


# GeoJSON


def test_geojson_holds_every_area_with_a_boundary(client, world):
    Area.objects.filter(pk=world.area.pk).update(boundary=SQUARE)
    Area.objects.filter(pk=world.other_area.pk).update(boundary=SQUARE)
    client.force_login(world.dave)
    response = client.get(url("geojson", world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 1
    props = data["features"][0]["properties"]
    assert props["name"] == "Norra Testby"
    assert props["parent_id"] == world.root_area.pk
    assert props["population"] == 12345
    assert data["features"][0]["geometry"] == SQUARE


def test_geojson_of_one_area(client, world):
    Area.objects.filter(pk=world.area.pk).update(boundary=SQUARE)
    client.force_login(world.bob)
    response = client.get(url("geojson", world) + f"?area={world.area.pk}")
    assert len(json.loads(response.content)["features"]) == 1
    assert client.get(url("geojson", world) + "?area=abc").status_code == 404
    other = client.get(url("geojson", world) + f"?area={world.other_area.pk}")
    assert other.status_code == 404


def test_the_delete_page_names_the_places_in_the_area_and_the_area_stays(client, world):
    from samverka.areas.models import Place, PlaceKind

    lonely = make_area(world.testby, "Ensamt område")
    place = Place.objects.create(
        municipality=world.testby,
        name="Gångtunneln",
        kind=PlaceKind.TUNNEL,
        area=lonely,
        geometry={"type": "Point", "coordinates": [12.0, 57.7]},
    )
    client.force_login(world.alice)
    page = client.get(url("delete", world, pk=lonely.pk)).content.decode()
    assert "Området används fortfarande" in page and "platser" in page
    assert f'/platser/{place.pk}/">Gångtunneln</a>' in page
    response = client.post(url("delete", world, pk=lonely.pk))
    assert response.status_code == 400  # the place still points at the area
    assert Area.objects.filter(pk=lonely.pk).exists()
    assert Place.objects.filter(pk=place.pk, area=lonely).exists()
