"""Which area a point lies in: point-in-polygon over GeoJSON boundaries (WGS84, lon/lat).

Knows nothing of Django. Areas nest (a primärområde inside a stadsdel inside the municipality),
so a point lies in several; ``Locator.locate`` returns the smallest one containing it. Each
boundary gets a bounding box up front, so most areas are ruled out with four comparisons.
Planar geometry on longitude/latitude is exact enough at the scale of a municipality: the
boundaries themselves are drawn on the same plane.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Ring = Sequence[Sequence[float]]
Polygon = Sequence[Ring]  # outer ring first, then holes


def _polygons(geometry: Any) -> list[Polygon]:
    """The polygons of a Polygon, MultiPolygon, Feature or FeatureCollection (else none)."""
    if not isinstance(geometry, dict):
        return []
    kind = geometry.get("type")
    if kind == "Feature":
        return _polygons(geometry.get("geometry"))
    if kind == "FeatureCollection":
        return [p for f in geometry.get("features") or [] for p in _polygons(f)]
    if kind == "GeometryCollection":
        return [p for g in geometry.get("geometries") or [] for p in _polygons(g)]
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list):
        return []
    if kind == "Polygon":
        return [coordinates]
    if kind == "MultiPolygon":
        return [p for p in coordinates if isinstance(p, list)]
    return []


def in_ring(x: float, y: float, ring: Ring) -> bool:
    """Ray casting (even-odd rule); a point exactly on an edge may fall either way."""
    inside = False
    n = len(ring)
    if n < 3:
        return False
    x1, y1 = ring[n - 1][0], ring[n - 1][1]
    for i in range(n):
        x2, y2 = ring[i][0], ring[i][1]
        if (y2 > y) != (y1 > y) and x < (x1 - x2) * (y - y2) / (y1 - y2) + x2:
            inside = not inside
        x1, y1 = x2, y2
    return inside


def in_polygon(x: float, y: float, polygon: Polygon) -> bool:
    if not polygon or not in_ring(x, y, polygon[0]):
        return False
    return not any(in_ring(x, y, hole) for hole in polygon[1:])


def contains(geometry: Any, lon: float, lat: float) -> bool:
    """Whether the GeoJSON (Multi)Polygon contains the point (lon, lat)."""
    return any(in_polygon(lon, lat, p) for p in _polygons(geometry))


def ring_area(ring: Ring) -> float:
    """Unsigned planar area by the shoelace formula (square degrees: only for comparing)."""
    total = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def geometry_area(geometry: Any) -> float:
    return sum(ring_area(p[0]) - sum(ring_area(h) for h in p[1:]) for p in _polygons(geometry) if p)


@dataclass(frozen=True)
class _Shape:
    key: Hashable
    polygons: tuple[Polygon, ...]
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    size: float


class Locator:
    """Finds the smallest of many boundaries containing a point; build once, ask many times."""

    def __init__(self, boundaries: Iterable[tuple[Hashable, Any]]) -> None:
        shapes = []
        for key, geometry in boundaries:
            polygons = tuple(p for p in _polygons(geometry) if p and len(p[0]) >= 3)
            if not polygons:
                continue
            try:
                xs = [float(pt[0]) for p in polygons for pt in p[0]]
                ys = [float(pt[1]) for p in polygons for pt in p[0]]
            except (TypeError, ValueError, IndexError):
                continue  # a malformed boundary cannot contain anything
            shapes.append(
                _Shape(
                    key=key,
                    polygons=polygons,
                    bbox=(min(xs), min(ys), max(xs), max(ys)),
                    size=geometry_area({"type": "MultiPolygon", "coordinates": list(polygons)}),
                )
            )
        # Smallest first: the first hit is the answer.
        self._shapes = sorted(shapes, key=lambda s: s.size)

    def __bool__(self) -> bool:
        return bool(self._shapes)

    def locate(self, lon: float, lat: float) -> Hashable | None:
        """The key of the smallest boundary containing (lon, lat), or None."""
        for shape in self._shapes:
            x0, y0, x1, y1 = shape.bbox
            inside_box = x0 <= lon <= x1 and y0 <= lat <= y1
            if inside_box and any(in_polygon(lon, lat, p) for p in shape.polygons):
                return shape.key
        return None
