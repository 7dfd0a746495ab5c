"""A place's position as GeoJSON: points and lines as well as shapes.

Areas' boundaries must be polygons (``samverka.lib.geo``); a place may be a point (a tunnel,
a square), several points (scattered recycling stations), a line (a path) or a small shape.
"""

from __future__ import annotations

from typing import Any

from samverka.lib.geo import DECIMALS, GeometryError, normalise_geometry

POINT_KINDS = ("Point", "MultiPoint", "LineString", "MultiLineString")
SHAPE_KINDS = ("Polygon", "MultiPolygon")
MAX_POINTS = 10_000


def _position(value: Any) -> list[float]:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise GeometryError(
            f"En punkt skrivs [longitud, latitud], till exempel [18.07, 59.44], inte {value!r}."
        )
    lon, lat = float(value[0]), float(value[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise GeometryError(
            f"Punkten ({lon}, {lat}) är inte en giltig longitud/latitud i WGS84 "
            "(platser skrivs i WGS84, longitud först)."
        )
    return [round(lon, DECIMALS), round(lat, DECIMALS)]


def _positions(value: Any, minimum: int) -> list[list[float]]:
    if not isinstance(value, list | tuple) or len(value) < minimum:
        raise GeometryError(f"Listan ska ha minst {minimum} punkter.")
    if len(value) > MAX_POINTS:
        raise GeometryError(f"Högst {MAX_POINTS} punkter.")
    return [_position(v) for v in value]


def normalise_place_geometry(geometry: Any) -> dict[str, Any]:
    """A place's GeoJSON geometry (or a Feature with one) in WGS84, rounded to 6 decimals."""
    if not isinstance(geometry, dict):
        raise GeometryError(
            "Läget ska vara ett GeoJSON-objekt, t.ex. {type: Point, coordinates: [18.07, 59.44]}."
        )
    if geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
        if not isinstance(geometry, dict):
            raise GeometryError("GeoJSON-objektet (Feature) saknar geometri.")
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind in SHAPE_KINDS:
        return normalise_geometry(geometry)
    if kind == "Point":
        return {"type": kind, "coordinates": _position(coordinates)}
    if kind == "MultiPoint":
        return {"type": kind, "coordinates": _positions(coordinates, 1)}
    if kind == "LineString":
        return {"type": kind, "coordinates": _positions(coordinates, 2)}
    if kind == "MultiLineString":
        if not isinstance(coordinates, list | tuple) or not coordinates:
            raise GeometryError("En MultiLineString ska innehålla minst en linje.")
        return {"type": kind, "coordinates": [_positions(line, 2) for line in coordinates]}
    raise GeometryError(
        f"Okänd geometrityp {kind!r}. Tillåtna: {', '.join(POINT_KINDS + SHAPE_KINDS)}."
    )
