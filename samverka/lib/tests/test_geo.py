"""Boundaries arrive in WGS84 or SWEREF 99 TM and are stored as WGS84."""

from __future__ import annotations

import math

import pytest

from samverka.lib.geo import GeometryError, centroid, normalise_geometry

# A published SWEREF 99 TM ↔ WGS84 pair: Stockholm Central Station, N 6 580 822, E 674 032 ↔
# 59.330231 N, 18.059196 E (read off Eniro's map, kartor.eniro.se/m/XRCfh; the reference pair
# of the MightyLittleGeodesy library's tests). SWEREF values are given to whole metres.
STOCKHOLM_SWEREF = (674_032.0, 6_580_822.0)  # easting, northing
STOCKHOLM_WGS84 = (18.059196, 59.330231)  # lon, lat


def _metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance between two lon/lat points (equirectangular; exact enough at metre scale)."""
    lat = math.radians((a[1] + b[1]) / 2)
    dx = math.radians(a[0] - b[0]) * math.cos(lat) * 6_371_000
    dy = math.radians(a[1] - b[1]) * 6_371_000
    return math.hypot(dx, dy)


def _square(x: float, y: float, size: float) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def test_it_transforms_sweref99tm_to_a_published_wgs84_point_within_a_metre():
    e, n = STOCKHOLM_SWEREF
    geometry = {"type": "Polygon", "coordinates": [_square(e, n, 100)]}

    result = normalise_geometry(geometry, "EPSG:3006")

    first = tuple(result["coordinates"][0][0])
    assert _metres_between(first, STOCKHOLM_WGS84) < 1.0


def test_it_detects_sweref99tm_from_the_size_of_the_numbers():
    e, n = STOCKHOLM_SWEREF
    result = normalise_geometry({"type": "Polygon", "coordinates": [_square(e, n, 100)]})

    assert _metres_between(tuple(result["coordinates"][0][0]), STOCKHOLM_WGS84) < 1.0


def test_it_reads_the_crs_member_of_a_feature():
    e, n = STOCKHOLM_SWEREF
    feature = {
        "type": "Feature",
        "properties": {"namn": "Provområde"},
        "geometry": {"type": "Polygon", "coordinates": [_square(e, n, 100)]},
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
    }

    result = normalise_geometry(feature)

    assert result["type"] == "Polygon"
    assert _metres_between(tuple(result["coordinates"][0][0]), STOCKHOLM_WGS84) < 1.0


def test_the_central_meridian_of_sweref99tm_is_15_degrees_east():
    # By definition of the projection, easting 500 000 lies on longitude 15° E.
    result = normalise_geometry(
        {"type": "Polygon", "coordinates": [_square(500_000, 6_400_000, 10)]}, "3006"
    )
    assert result["coordinates"][0][0][0] == 15.0


def test_it_keeps_wgs84_closes_open_rings_and_rounds_to_six_decimals():
    ring = [[11.9, 57.7], [12.0000001234, 57.7], [12.0, 57.8]]

    result = normalise_geometry({"type": "Polygon", "coordinates": [ring]})

    assert result == {
        "type": "Polygon",
        "coordinates": [[[11.9, 57.7], [12.0, 57.7], [12.0, 57.8], [11.9, 57.7]]],
    }


def test_it_keeps_a_multipolygon_a_multipolygon():
    geometry = {
        "type": "MultiPolygon",
        "coordinates": [[_square(11.0, 57.0, 0.1)], [_square(12.0, 57.0, 0.1)]],
    }
    result = normalise_geometry(geometry)
    assert result["type"] == "MultiPolygon"
    assert len(result["coordinates"]) == 2


@pytest.mark.parametrize(
    ("geometry", "crs", "fragment"),
    [
        ({"type": "Point", "coordinates": [12, 57]}, None, "Polygon eller MultiPolygon"),
        ({"type": "Polygon", "coordinates": []}, None, "minst en ring"),
        ({"type": "Polygon", "coordinates": [[[1, 1], [2, 2], [1, 1]]]}, None, "tre olika"),
        ({"type": "Polygon", "coordinates": [[[1, "a"], [2, 2], [3, 1]]]}, None, "inte ett tal"),
        ({"type": "Polygon", "coordinates": [[[1], [2, 2], [3, 1]]]}, None, "två tal"),
        ({"type": "Polygon", "coordinates": [_square(11, 57, 1)]}, "EPSG:3857", "stöds inte"),
        ({"type": "Polygon", "coordinates": [_square(11, 57, 1)]}, "EPSG:3006", "inte i Sverige"),
        ("inte ett objekt", None, "GeoJSON-objekt"),
        ({"type": "Feature", "geometry": None}, None, "saknar geometri"),
    ],
)
def test_it_refuses_unusable_geometry_with_a_swedish_message(geometry, crs, fragment):
    with pytest.raises(GeometryError, match=fragment):
        normalise_geometry(geometry, crs)


def test_centroid_of_a_square_is_its_middle():
    assert centroid({"type": "Polygon", "coordinates": [_square(12.0, 57.0, 0.2)]}) == (57.1, 12.1)


def test_centroid_is_area_weighted_and_holes_subtract():
    # A 2×1 rectangle with the right half cut out as a hole: the centroid moves left.
    outer = [[0.0, 0.0], [2.0, 0.0], [2.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    hole = [[1.0, 0.0], [1.0, 1.0], [2.0, 1.0], [2.0, 0.0], [1.0, 0.0]]
    assert centroid({"type": "Polygon", "coordinates": [outer]}) == (0.5, 1.0)
    assert centroid({"type": "Polygon", "coordinates": [outer, hole]}) == (0.5, 0.5)

    # A big and a small square: the centroid lies nearer the big one, not halfway.
    multi = {
        "type": "MultiPolygon",
        "coordinates": [[_square(0.0, 0.0, 3.0)], [_square(10.0, 0.0, 1.0)]],
    }
    lat, lon = centroid(multi)
    assert lon == pytest.approx((9 * 1.5 + 1 * 10.5) / 10)
    assert lat == pytest.approx((9 * 1.5 + 1 * 0.5) / 10)
