"""Hot spots are named the way people name places — the place name their reports give, a known
place near them, or their sub-area — with the coordinates kept beside the name, on the page, in
the map's data, in the XLSX and in the PDF; stored lägesbilder from before names still read."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from samverka.areas.models import Area
from samverka.core.testing import World, make_area
from samverka.incidents.models import Category
from samverka.lib.hotspots import Grid
from samverka.situation import services
from samverka.situation.figures import compute_situation
from samverka.situation.figures.typed import SituationFigures
from samverka.situation.periods import parse_period
from samverka.situation.testing import at, make_category, make_incident

PERIOD = parse_period("2026-W45/2026-W46")
GRID = Grid(250)
ROW0, COL0 = GRID.cell(57.68, 11.95)
HOT = (ROW0 + 5, COL0 + 5)  # the middle of a 10 × 10 block of cells


def _centre(cell: tuple[int, int]) -> tuple[float, float]:
    return GRID.centre(cell)


@pytest.fixture
def block(world: World) -> Area:
    return make_area(world.testby, "Kvarteret Eken", parent=world.area)


@pytest.fixture
def vandalism(world: World) -> Category:
    return make_category(world.testby, "skadegorelse", "Skadegörelse")


def _plant(block: Area, category: Category, names: list[str]) -> None:
    """One report in each cell of a 10 × 10 block, and 20 more in the middle one (a hot spot):
    the middle one's reports name their place ``names`` (cycled; "" gives none)."""
    for dr in range(10):
        for dc in range(10):
            lat, lon = _centre((ROW0 + dr, COL0 + dc))
            make_incident(block, category, at(PERIOD.start, 9), latitude=lat, longitude=lon)
    lat, lon = _centre(HOT)
    for i in range(20):
        make_incident(
            block,
            category,
            at(PERIOD.start + timedelta(days=i % 10), 21),
            latitude=lat + 0.0001 * (i % 3),
            longitude=lon,
            place_name=names[i % len(names)],
        )


def _the_hot_spot(world: World):  # type: ignore[no-untyped-def]
    figures = compute_situation(world.area, PERIOD)
    assert len(figures.hotspots.clusters) == 1, figures.hotspots.clusters
    return figures.hotspots.clusters[0]


def test_a_hot_spot_is_named_by_the_place_its_reports_give_most_often(
    world: World, block: Area, vandalism: Category
) -> None:
    _plant(block, vandalism, ["Skoltorget", " skoltorget", "Ekvägen 4", ""])

    spot = _the_hot_spot(world)

    assert spot.place == "Skoltorget" and spot.basis == "reports"
    assert spot.subarea == "Kvarteret Eken"
    assert spot.label == "Skoltorget, Kvarteret Eken"
    lat, lon = _centre(HOT)
    assert spot.lat == pytest.approx(lat, abs=1e-4) and spot.lon == pytest.approx(lon, abs=1e-4)
    assert spot.coordinates.startswith(f"{lat:.4f}".replace(".", ","))


def test_without_names_of_its_own_the_nearest_known_place_names_it(
    world: World, block: Area, vandalism: Category
) -> None:
    _plant(block, vandalism, [""])
    lat, lon = _centre(HOT)
    # Reports of an earlier period name the library 110 m north of the hot spot's centre; the
    # swimming hall 2 km away is too far to name it.
    for name, dlat in (("Biblioteket", 0.001), ("Simhallen", 0.018)):
        for _ in range(2):
            make_incident(
                block,
                vandalism,
                PERIOD.start - timedelta(days=30),
                latitude=lat + dlat,
                longitude=lon,
                place_name=name,
            )

    spot = _the_hot_spot(world)

    assert (spot.place, spot.basis) == ("Biblioteket", "near")
    assert 90 <= spot.distance_m <= 130
    assert spot.label == f"nära Biblioteket ({spot.distance_m} m), Kvarteret Eken"


def test_with_no_known_place_near_it_its_sub_area_names_it(
    world: World, block: Area, vandalism: Category
) -> None:
    _plant(block, vandalism, [""])

    spot = _the_hot_spot(world)

    assert (spot.place, spot.basis, spot.subarea) == ("Kvarteret Eken", "area", "Kvarteret Eken")
    assert spot.label == "Kvarteret Eken"


def test_a_place_named_in_a_single_report_does_not_name_it(
    world: World, block: Area, vandalism: Category
) -> None:
    _plant(block, vandalism, ["Hemliga gatan 1", *[""] * 19])

    assert _the_hot_spot(world).basis == "area"


def test_a_stored_lagesbild_from_before_names_reads_with_its_coordinates(
    world: World, block: Area, vandalism: Category
) -> None:
    _plant(block, vandalism, ["Skoltorget"])
    data = compute_situation(world.area, PERIOD).to_json()
    assert data["hotspots"]["clusters"][0]["place"] == "Skoltorget"
    assert SituationFigures.from_json(data).to_json() == data  # names survive the snapshot

    data["schema"] = 2
    for cluster in data["hotspots"]["clusters"]:
        for key in ("place", "basis", "distance_m", "subarea"):
            del cluster[key]
    old = SituationFigures.from_json(data).hotspots.clusters[0]
    assert old.place == ""
    assert old.label == old.coordinates
    assert "° N" in old.label


@pytest.fixture
def adopted(world: World, block: Area, vandalism: Category):  # type: ignore[no-untyped-def]
    _plant(block, vandalism, ["Skoltorget"])
    report = services.report_create(
        municipality=world.testby, area=world.area, period=PERIOD, user=world.alice
    )
    services.report_update(report=report, user=world.alice, assessment="Klotter vid torget.")
    services.report_adopt(report=report, user=world.alice)
    return report


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"situation:{name}", kwargs={"municipality": "testby", **kwargs})


def test_the_page_and_the_map_name_the_hot_spot_and_explain_gi_star(
    world: World, client: Client, adopted: object
) -> None:
    client.force_login(world.carol)
    page = client.get(_url("detail", pk=adopted.pk)).content.decode()  # type: ignore[attr-defined]

    row = page[page.index('id="finding-hotspot-1"') :]
    row = row[: row.index("</tr>")]
    assert "Skoltorget, Kvarteret Eken" in row
    assert f"{_centre(HOT)[0]:.4f}".replace(".", ",") in row  # the coordinates stay beside it
    assert "Hot spots (brännpunkter) är platser där det har hänt fler händelser" in page
    script = page[page.index('id="situation-map-data"') :]
    data = json.loads(script[script.index(">") + 1 : script.index("</script>")])
    assert [c["name"] for c in data["clusters"]] == ["Skoltorget, Kvarteret Eken"]


def test_the_xlsx_and_the_pdf_name_the_hot_spot(
    world: World, client: Client, adopted: object, tmp_path: Path
) -> None:
    client.force_login(world.carol)
    pk = adopted.pk  # type: ignore[attr-defined]
    workbook = load_workbook(io.BytesIO(client.get(_url("xlsx", pk=pk)).content), read_only=True)
    rows = list(workbook["Hot spots"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Plats", "Grund för namnet", "Delområde")
    assert rows[1][:3] == (
        "Skoltorget, Kvarteret Eken",
        "platsnamnet i rapporterna",
        "Kvarteret Eken",
    )
    assert rows[1][3] == pytest.approx(_centre(HOT)[0], abs=1e-4)

    path = tmp_path / "lagesbild.pdf"
    path.write_bytes(client.get(_url("pdf", pk=pk)).content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Skoltorget, Kvarteret Eken" in " ".join(text.split())
