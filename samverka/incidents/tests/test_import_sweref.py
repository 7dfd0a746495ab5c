"""Points in SWEREF 99 TM (EPSG:3006), as municipal GIS and Lantmäteriet give them: columns for
north and east in metres, converted to WGS84; swapped, foreign or degree values are named per row.

Testby's boundaries (factories.with_boundaries) are 12–13 E, 57–58 N; Norra Testby is its
north-western quarter. N 6 398 758,35 / E 333 140,79 is 57.7 N, 12.2 E (in Norra Testby).
"""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from samverka.core.testing import World
from samverka.incidents.imports import ImportRefused, check_file, import_file
from samverka.incidents.imports.values import SwerefError, sweref_to_wgs84
from samverka.incidents.models import ColumnMapping, Incident
from samverka.incidents.tests.factories import with_boundaries

NORTH, EAST = "6398758.35", "333140.79"


def _import(world: World, data: bytes, fmt: str = "csv", **extra: object) -> object:
    return import_file(
        data,
        fmt=fmt,
        municipality=world.testby,
        organisation=world.administration,
        user=world.carol,
        filename=f"gis.{fmt}",
        **extra,  # type: ignore[arg-type]
    )


def _refused(world: World, data: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ImportRefused) as refused:
        _import(world, data.encode())
    assert Incident.objects.count() == 0
    return [(e.line, e.column, e.message) for e in refused.value.errors]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_conversion_keeps_the_axes_apart() -> None:
    assert sweref_to_wgs84(6398758.35, 333140.79) == (57.7, 12.2)
    # The projection's central meridian is 15° E, with a false easting of 500 000 m.
    latitude, longitude = sweref_to_wgs84(6650000, 500000)
    assert longitude == 15.0 and latitude == pytest.approx(59.9873, abs=1e-3)


@pytest.mark.parametrize(
    ("northing", "easting", "field", "says"),
    [
        (333140.79, 6398758.35, "northing", "bytt plats"),
        (57.7, 12.2, "northing", "ser ut som grader"),
        (6398758.35, 1333140.79, "easting", "RT 90"),
        (9_000_000, 333140.79, "northing", "ligger inte i Sverige"),
        (6398758.35, 50_000, "easting", "ligger inte i Sverige"),
    ],
)
def test_values_that_are_not_a_point_in_sweden_are_named(
    northing: float, easting: float, field: str, says: str
) -> None:
    with pytest.raises(SwerefError) as error:
        sweref_to_wgs84(northing, easting)
    assert error.value.field == field and says in str(error.value)


def test_a_csv_with_sweref_columns_places_the_reports(world: World) -> None:
    with_boundaries(world.root_area, world.area)
    _import(
        world,
        (
            "tidpunkt;kategori;sweref_n;sweref_e\n"
            f"2026-11-02 21:00;Klotter;{NORTH};{EAST}\n"
            # Swedish spreadsheets: a decimal comma and spaces between thousands.
            "2026-11-03 21:00;Brand;6 398 758,35;333\u00a0140,79\n"
        ).encode(),
    )
    for incident in Incident.objects.all():
        assert incident.area == world.area
        assert (incident.latitude, incident.longitude) == (57.7, 12.2)


def test_an_xlsx_with_n_and_e_columns_imports(world: World) -> None:
    with_boundaries(world.root_area, world.area)
    data = _xlsx(
        [["Tidpunkt", "Kategori", "N", "E"], ["2026-11-02", "Brand", 6398758.35, 333140.79]]
    )
    _import(world, data, fmt="xlsx")
    incident = Incident.objects.get()
    assert (incident.area, incident.latitude, incident.longitude) == (world.area, 57.7, 12.2)


def test_y_is_north_and_x_is_east(world: World) -> None:
    with_boundaries(world.root_area, world.area)
    _import(world, f"tidpunkt,kategori,x,y\n2026-11-02,Brand,{EAST},{NORTH}\n".encode())
    assert Incident.objects.get().latitude == 57.7


def test_bad_points_are_named_by_line_and_column_and_nothing_is_imported(world: World) -> None:
    with_boundaries(world.root_area, world.area)
    errors = _refused(
        world,
        "tidpunkt;kategori;nord;öst\n"
        f"2026-11-02;Brand;{NORTH};{EAST}\n"
        f"2026-11-02;Brand;{EAST};{NORTH}\n"  # swapped
        "2026-11-02;Brand;57,7;12,2\n"  # degrees
        f"2026-11-02;Brand;{NORTH};1333140\n"  # RT 90
        f"2026-11-02;Brand;{NORTH};\n"  # half a point
        f"2026-11-02;Brand;{NORTH};öster\n"
        "2026-11-02;Brand;6580822;674032\n",  # in Sweden (Stockholm), outside Testby
    )
    assert [(line, column) for line, column, _message in errors] == [
        (3, "nord"),
        (4, "nord"),
        (5, "öst"),
        (6, "öst"),
        (7, "öst"),
        (8, "nord"),
    ]
    messages = [message for _line, _column, message in errors]
    assert "bytt plats" in messages[0]
    assert "grader" in messages[1]
    assert "RT 90" in messages[2]
    assert "Ange både nord och öst" in messages[3]
    assert "inget tal" in messages[4]
    assert "utanför kommunens områden" in messages[5]


def test_a_row_with_both_kinds_of_point_is_refused(world: World) -> None:
    with_boundaries(world.root_area, world.area)
    errors = _refused(
        world,
        f"tidpunkt;kategori;lat;lon;sweref_n;sweref_e\n2026-11-02;Brand;57.7;12.2;{NORTH};{EAST}\n",
    )
    assert [(line, column) for line, column, _m in errors] == [(2, "sweref_n")]
    # Either kind alone is fine, row by row.
    _import(
        world,
        (
            "tidpunkt;kategori;lat;lon;sweref_n;sweref_e\n"
            "2026-11-02;Brand;57.7;12.2;;\n"
            f"2026-11-03;Brand;;;{NORTH};{EAST}\n"
        ).encode(),
    )
    assert Incident.objects.filter(area=world.area).count() == 2


def test_the_organisations_column_mapping_names_the_sweref_columns(world: World) -> None:
    from samverka.incidents.imports.jobs import mapping_for

    with_boundaries(world.root_area, world.area)
    ColumnMapping.objects.create(
        municipality=world.testby,
        organisation=world.administration,
        mapping={"northing": "Koordinat N (SWEREF99TM)", "easting": "Koordinat E (SWEREF99TM)"},
    )
    data = (
        "tidpunkt;kategori;Koordinat N (SWEREF99TM);Koordinat E (SWEREF99TM)\n"
        f"2026-11-02;Brand;{NORTH};{EAST}\n"
    )
    _import(world, data.encode(), mapping=mapping_for(world.administration))
    assert Incident.objects.get().area == world.area


def test_a_mapping_with_only_north_is_refused_before_any_row(world: World) -> None:
    with pytest.raises(ImportRefused) as refused:
        _import(
            world,
            f"tidpunkt;kategori;område;N\n2026-11-02;Brand;Norra Testby;{NORTH}\n".encode(),
            mapping={"northing": "N"},
        )
    assert [(e.line, e.column) for e in refused.value.errors] == [(1, "sweref_e")]


def test_a_lone_n_column_is_a_count_not_half_a_point(world: World) -> None:
    data = "tidpunkt;kategori;område;n\n2026-11-02;Brand;Norra Testby;3\n".encode()
    checked = check_file(data, fmt="csv", municipality=world.testby, organisation=None)
    assert checked.ok and checked.unused_columns == ["n"]


def test_the_mapping_page_offers_the_sweref_columns(world: World, client: Client) -> None:
    client.force_login(world.alice)
    html = client.get(
        reverse("incidents:column_mapping", kwargs={"municipality": "testby"})
    ).content.decode()
    assert "Nord, SWEREF 99 TM (meter)" in html and "”sweref_e”" in html
