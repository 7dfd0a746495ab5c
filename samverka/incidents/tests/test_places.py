"""A point is placed in the smallest area whose boundary contains it."""

from __future__ import annotations

from samverka.core.testing import World, make_area
from samverka.incidents.places import area_for_point
from samverka.incidents.tests.factories import square, with_boundaries
from samverka.lib.pointinpolygon import Locator, contains


def test_a_point_goes_to_the_smallest_containing_area(world: World) -> None:
    with_boundaries(world.root_area, world.area)
    assert area_for_point(world.testby, 57.7, 12.2) == world.area
    assert area_for_point(world.testby, 57.2, 12.8) == world.root_area
    assert area_for_point(world.testby, 59.3, 18.0) is None


def test_areas_without_boundary_are_never_chosen_by_point(world: World) -> None:
    assert area_for_point(world.testby, 57.7, 12.2) is None


def test_another_municipalitys_boundaries_do_not_count(world: World) -> None:
    world.other_area.boundary = square(12.0, 57.0, 1.0)
    world.other_area.save()
    assert area_for_point(world.testby, 57.7, 12.2) is None


def test_a_hole_is_outside_and_a_multipolygon_counts_every_part(world: World) -> None:
    outer = square(0, 0, 10)["coordinates"][0]
    hole = square(4, 4, 2)["coordinates"][0]
    donut = {"type": "Polygon", "coordinates": [outer, hole]}
    assert contains(donut, 1, 1)
    assert not contains(donut, 5, 5)
    islands = {
        "type": "MultiPolygon",
        "coordinates": [square(0, 0, 1)["coordinates"], square(5, 5, 1)["coordinates"]],
    }
    assert contains(islands, 5.5, 5.5)
    assert not contains(islands, 3, 3)


def test_a_concave_boundary_is_followed_exactly() -> None:
    # An L: the notch at the top right is outside.
    ell = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]],
    }
    locator = Locator([("L", ell)])
    assert locator.locate(0.5, 1.5) == "L"
    assert locator.locate(1.5, 1.5) is None


def test_malformed_boundaries_are_ignored() -> None:
    locator = Locator(
        [
            ("bad", {"type": "Polygon", "coordinates": [[["a", None], [1], [2, 2]]]}),
            ("none", None),
            ("point", {"type": "Point", "coordinates": [1, 1]}),
            ("ok", square(0, 0, 1)),
        ]
    )
    assert locator.locate(0.5, 0.5) == "ok"


def test_nested_areas_pick_the_innermost(world: World) -> None:
    with_boundaries(world.root_area, world.area)
    inner = make_area(world.testby, "Torget", parent=world.area, boundary=square(12.1, 57.6, 0.1))
    assert area_for_point(world.testby, 57.65, 12.15) == inner
