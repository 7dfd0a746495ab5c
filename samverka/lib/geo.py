"""Area boundaries: GeoJSON polygons in WGS84 or SWEREF 99 TM, normalised to WGS84.

Knows nothing of Django, so the area pages, the organisation file and the API share it.
SCB and Lantmäteriet publish boundaries in SWEREF 99 TM (EPSG:3006, metres east/north);
maps and RFC 7946 GeoJSON want WGS84 (EPSG:4326, longitude/latitude). The transform runs
offline through pyproj's bundled PROJ database.
"""

from __future__ import annotations

import itertools
import math
import re
from functools import lru_cache
from typing import Any

WGS84 = "EPSG:4326"
SWEREF99TM = "EPSG:3006"
DECIMALS = 6  # about 0.1 m: more is noise, less moves boundaries visibly
MAX_POSITIONS = 200_000  # a municipality's finest boundary is far below this

# SWEREF 99 TM values inside Sweden and its waters (with a margin): easting, northing.
_SWEREF_EASTING = (100_000.0, 1_000_000.0)
_SWEREF_NORTHING = (6_000_000.0, 7_800_000.0)

_CRS_ALIASES = {
    "4326": WGS84,
    "wgs84": WGS84,
    "crs84": WGS84,
    "3006": SWEREF99TM,
    "sweref99tm": SWEREF99TM,
}


class GeometryError(ValueError):
    """A boundary that cannot be used; the message is Swedish, for a coordinator."""


def _crs_code(value: Any) -> str:
    """'EPSG:3006', 'urn:ogc:def:crs:EPSG::3006', 3006, 'SWEREF 99 TM' … → 'EPSG:3006'."""
    if isinstance(value, dict):  # the old GeoJSON crs member: {"type": "name", "properties": …}
        properties = value.get("properties")
        if not isinstance(properties, dict) or not properties.get("name"):
            raise GeometryError(
                "Koordinatsystemet (crs) i GeoJSON-filen saknar ett namn som EPSG:3006. "
                "Ta bort crs eller ange EPSG:4326 eller EPSG:3006."
            )
        value = properties["name"]
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise GeometryError(f"Okänt koordinatsystem: {value!r}. Använd EPSG:4326 eller EPSG:3006.")
    text = re.sub(r"[\s_\-]", "", value.strip().lower())
    match = re.search(r"(\d{4,5})$", text)
    key = match.group(1) if match else text.rsplit(":", 1)[-1]
    if key in _CRS_ALIASES:
        return _CRS_ALIASES[key]
    raise GeometryError(
        f"Koordinatsystemet {value!r} stöds inte. Använd WGS84 (EPSG:4326) eller "
        "SWEREF 99 TM (EPSG:3006)."
    )


@lru_cache(maxsize=1)
def _sweref_to_wgs84() -> Any:
    from pyproj import Transformer

    # always_xy: easting/northing in, longitude/latitude out, whatever the EPSG axis order says.
    return Transformer.from_crs(SWEREF99TM, WGS84, always_xy=True)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise GeometryError(f"En koordinat är inte ett tal: {value!r}.")
    return float(value)


def _position(value: Any) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) not in (2, 3):
        raise GeometryError(
            f"En punkt ska vara en lista med två tal [x, y] (eller tre med höjd), inte {value!r}."
        )
    return _number(value[0]), _number(value[1])  # a height, if any, is dropped


def _ring(value: Any) -> list[tuple[float, float]]:
    if not isinstance(value, list | tuple):
        raise GeometryError("En polygonring ska vara en lista med punkter.")
    ring = [_position(p) for p in value]
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])  # GeoJSON wants closed rings; many tools leave them open
    if len(set(ring)) < 3:
        raise GeometryError("En polygonring behöver minst tre olika punkter.")
    return ring


def _polygon(value: Any) -> list[list[tuple[float, float]]]:
    if not isinstance(value, list | tuple) or not value:
        raise GeometryError("En polygon ska vara en lista med minst en ring (ytterkanten först).")
    return [_ring(r) for r in value]


def _unwrap(geometry: Any) -> tuple[dict[str, Any], Any]:
    """The geometry inside a Feature, and any crs member found on the way."""
    if not isinstance(geometry, dict):
        raise GeometryError("Gränsen ska vara ett GeoJSON-objekt (Polygon eller MultiPolygon).")
    crs_member = geometry.get("crs")
    if geometry.get("type") == "Feature":
        inner = geometry.get("geometry")
        if not isinstance(inner, dict):
            raise GeometryError("GeoJSON-objektet (Feature) saknar geometri.")
        return inner, inner.get("crs", crs_member)
    return geometry, crs_member


def _looks_like_sweref(polygons: list[list[list[tuple[float, float]]]]) -> bool:
    xs = [x for poly in polygons for ring in poly for x, _ in ring]
    ys = [y for poly in polygons for ring in poly for _, y in ring]
    return max(map(abs, xs)) > 180 or max(map(abs, ys)) > 90


def normalise_geometry(geometry: dict[str, Any], crs: str | None = None) -> dict[str, Any]:
    """A GeoJSON Polygon/MultiPolygon (or a Feature with one) as WGS84 lon/lat.

    The source system comes from ``crs``, else from a ``crs`` member in the GeoJSON, else from
    the size of the numbers: degrees never exceed 180, SWEREF 99 TM metres always do.
    Coordinates are rounded to 6 decimals and rings are closed.
    """
    inner, crs_member = _unwrap(geometry)
    kind = inner.get("type")
    coordinates = inner.get("coordinates")
    if kind == "Polygon":
        polygons = [_polygon(coordinates)]
    elif kind == "MultiPolygon":
        if not isinstance(coordinates, list | tuple) or not coordinates:
            raise GeometryError("En MultiPolygon ska innehålla minst en polygon.")
        polygons = [_polygon(p) for p in coordinates]
    else:
        raise GeometryError(
            f"Gränsen måste vara en Polygon eller MultiPolygon, inte {kind!r}. "
            "Punkter och linjer kan inte vara områdesgränser."
        )
    if sum(len(ring) for poly in polygons for ring in poly) > MAX_POSITIONS:
        raise GeometryError(
            f"Gränsen har fler än {MAX_POSITIONS} punkter. Förenkla den i ett GIS-program först."
        )

    if crs is not None:
        source = _crs_code(crs)
    elif crs_member is not None:
        source = _crs_code(crs_member)
    else:
        source = SWEREF99TM if _looks_like_sweref(polygons) else WGS84

    if source == SWEREF99TM:
        for poly in polygons:
            for ring in poly:
                for x, y in ring:
                    if not (
                        _SWEREF_EASTING[0] <= x <= _SWEREF_EASTING[1]
                        and _SWEREF_NORTHING[0] <= y <= _SWEREF_NORTHING[1]
                    ):
                        raise GeometryError(
                            f"Punkten ({x}, {y}) ligger inte i Sverige i SWEREF 99 TM "
                            "(öst 100 000–1 000 000, nord 6 000 000–7 800 000 meter)."
                        )
        transformer = _sweref_to_wgs84()
        polygons = [
            [[transformer.transform(x, y) for x, y in ring] for ring in poly] for poly in polygons
        ]

    result: list[list[list[list[float]]]] = []
    for poly in polygons:
        rings = []
        for ring in poly:
            for lon, lat in ring:
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    raise GeometryError(
                        f"Punkten ({lon}, {lat}) är inte en giltig longitud/latitud i WGS84."
                    )
            rings.append([[round(lon, DECIMALS), round(lat, DECIMALS)] for lon, lat in ring])
        result.append(rings)
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": result[0]}
    return {"type": "MultiPolygon", "coordinates": result}


def _ring_moments(ring: list[list[float]]) -> tuple[float, float, float]:
    """Signed area and first moments of a ring (shoelace formula), in lon/lat units."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return area / 2, cx / 6, cy / 6


def centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """The area-weighted centroid (lat, lon) of a WGS84 Polygon/MultiPolygon; holes subtract.

    Computed in the lon/lat plane: for areas the size of a municipality the error against a
    geodesic centroid is far below the rounding, and a linear rescaling of longitude (as a
    local map projection would do) does not move a centroid.
    """
    inner, _ = _unwrap(geometry)
    if inner.get("type") == "Polygon":
        polygons = [inner.get("coordinates")]
    elif inner.get("type") == "MultiPolygon":
        polygons = list(inner.get("coordinates") or [])
    else:
        raise GeometryError("Mittpunkt kan bara räknas ut för en Polygon eller MultiPolygon.")
    total = mx = my = 0.0
    points: list[tuple[float, float]] = []
    for poly in polygons:
        rings = [[list(_position(p)) for p in ring] for ring in _polygon(poly)]
        for index, ring in enumerate(rings):
            if ring[0] != ring[-1]:
                ring.append(ring[0])
            area, cx, cy = _ring_moments(ring)
            # The outer ring adds, holes subtract, whatever the winding order in the file.
            sign = (1 if area >= 0 else -1) * (1 if index == 0 else -1)
            total += sign * area
            mx += sign * cx
            my += sign * cy
            points.extend((x, y) for x, y in ring[:-1])
    if abs(total) < 1e-15:  # degenerate (all points on a line): the mean of the points
        lon = sum(x for x, _ in points) / len(points)
        lat = sum(y for _, y in points) / len(points)
    else:
        lon, lat = mx / total, my / total
    return round(lat, DECIMALS), round(lon, DECIMALS)
