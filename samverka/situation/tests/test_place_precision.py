"""A police event placed only by its municipality carries the municipality's centre as its point.
The lägesbild counts it in its area, but never on the map: no cell, no hot spot at the town hall,
and the "left out" figure says how many events had no usable point."""

from __future__ import annotations

from datetime import timedelta

import pytest

from samverka.core.testing import World, make_area
from samverka.incidents.models import PlacePrecision
from samverka.situation.figures import compute_situation
from samverka.situation.figures.places import map_grid
from samverka.situation.testing import at, make_category, make_incident
from samverka.situation.tests.test_hotspot_names import COL0, GRID, HOT, PERIOD, ROW0, _centre

pytestmark = pytest.mark.django_db


def test_a_municipality_wide_police_event_is_counted_but_not_on_the_map(world: World) -> None:
    block = make_area(world.testby, "Kvarteret Eken", parent=world.area)
    thefts = make_category(world.testby, "stold", "Stöld")
    # An even spread: one report in each cell of a 10 × 10 block, no hot spot.
    for dr in range(10):
        for dc in range(10):
            lat, lon = _centre((ROW0 + dr, COL0 + dc))
            make_incident(block, thefts, at(PERIOD.start, 9), latitude=lat, longitude=lon)
    # 30 police events that name only the municipality, all at its centre (one cell).
    lat, lon = _centre(HOT)
    for i in range(30):
        make_incident(
            block,
            thefts,
            at(PERIOD.start + timedelta(days=i % 10), 21),
            latitude=lat,
            longitude=lon,
            place_precision=PlacePrecision.MUNICIPALITY,
        )

    figures = compute_situation(world.area, PERIOD)
    assert figures.hotspots.clusters == ()
    assert figures.sources.left_out.without_point == 30
    assert figures.total.current == 130  # still counted in the area

    grid = map_grid(world.testby, cell_m=int(GRID.cell_m))
    assert grid["events"] == 100
    hot_row, hot_col = HOT
    assert [hot_row, hot_col, 1] in grid["cells"]
