"""Reads for the places pages: the filtered list, a place's position in words and as GeoJSON."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverka.accounts.models import Municipality
from samverka.areas.forms import descendant_ids
from samverka.areas.models import Area, Place
from samverka.lib.geo import GeometryError, centroid

SVG_BOX = 320.0  # as the area outline: drawn inside a square of this many user units
SVG_PAD = 8.0

GEOMETRY_LABELS = {
    "Point": pgettext_lazy("geometri", "Punkt"),
    "MultiPoint": _("Flera punkter"),
    "LineString": _("Linje"),
    "MultiLineString": _("Flera linjer"),
    "Polygon": _("Yta"),
    "MultiPolygon": _("Flera ytor"),
}


def places_for(
    municipality: Municipality, *, kind: str | None = None, area: Area | None = None
) -> list[Place]:
    """The municipality's places by name, with the number of governing documents naming each.

    ``area`` takes its sub-areas along: asking for Norra Testby also lists the places of the
    neighbourhoods inside it, as the area list counts groups."""
    places = (
        Place.objects.filter(municipality=municipality)
        .select_related("area")
        .annotate(document_count=Count("governing_documents"))
        .order_by("name")
    )
    if kind:
        places = places.filter(kind=kind)
    if area is not None:
        places = places.filter(area_id__in={area.pk, *descendant_ids(area)})
    return list(places)


def _positions(geometry: dict[str, Any]) -> list[list[float]]:
    """Every [lon, lat] of a stored (already normalised) geometry."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    depth = {
        "Point": 0,
        "MultiPoint": 1,
        "LineString": 1,
        "MultiLineString": 2,
        "Polygon": 2,
        "MultiPolygon": 3,
    }.get(str(kind))
    if depth is None or coordinates is None:
        return []
    found: list[Any] = [coordinates]
    for _level in range(depth):
        found = [inner for outer in found if isinstance(outer, list) for inner in outer]
    return [p for p in found if isinstance(p, list) and len(p) >= 2]


@dataclass(frozen=True)
class Position:
    """Where a place is, for the page and the export: the point itself, or a shape's centre."""

    kind: str  # the GeoJSON type
    latitude: float
    longitude: float
    count: int  # how many positions the geometry holds
    is_point: bool  # a single Point: latitude and longitude are the place itself

    @property
    def label(self) -> str:
        """The shape in words: "Punkt", "Linje", "Flera punkter" …"""
        return str(GEOMETRY_LABELS.get(self.kind, self.kind))


def position_of(place: Place) -> Position | None:
    """A Point's own coordinates; a polygon's area-weighted centre; otherwise the mean of the
    positions (stations, a path). None when the place has no usable geometry."""
    geometry = place.geometry
    if not isinstance(geometry, dict):
        return None
    points = _positions(geometry)
    if not points:
        return None
    kind = str(geometry["type"])
    try:
        if kind in ("Polygon", "MultiPolygon"):
            lat, lon = centroid(geometry)
        else:
            lon = sum(float(p[0]) for p in points) / len(points)
            lat = sum(float(p[1]) for p in points) / len(points)
    except (GeometryError, TypeError, ValueError):
        return None
    return Position(
        kind=kind,
        latitude=round(lat, 6),
        longitude=round(lon, 6),
        count=len(points),
        is_point=kind == "Point",
    )


def place_feature(place: Place) -> dict[str, Any]:
    """One RFC 7946 Feature: the stored WGS84 geometry (lon, lat) and the place's facts."""
    return {
        "type": "Feature",
        "id": place.pk,
        "geometry": place.geometry,
        "properties": {
            "id": place.pk,
            "name": place.name,
            "kind": place.kind,
            "kind_label": str(place.get_kind_display()),
            "area_id": place.area_id,
            "area": place.area.name if place.area else None,
            "description": place.description,
        },
    }


def places_geojson(places: list[Place]) -> dict[str, Any]:
    """The places that have a position as one FeatureCollection (a place without one has
    nothing to draw; the list and the export still name it)."""
    return {
        "type": "FeatureCollection",
        "features": [place_feature(p) for p in places if p.geometry],
    }


def place_svg(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """An outline of a place that is more than one point, drawn like the area outline (north up,
    longitude shrunk by cos(latitude)); no map tiles. A single Point gets no drawing: its
    coordinates say more than a dot in an empty box."""
    if not isinstance(geometry, dict) or geometry.get("type") == "Point":
        return None
    points = _positions(geometry)
    if not points:
        return None
    lons = [float(p[0]) for p in points]
    lats = [float(p[1]) for p in points]
    scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))
    width = (max(lons) - min(lons)) * scale_x or 1e-9
    height = (max(lats) - min(lats)) or 1e-9
    scale = (SVG_BOX - 2 * SVG_PAD) / max(width, height)
    box_w = width * scale + 2 * SVG_PAD
    box_h = height * scale + 2 * SVG_PAD

    def xy(pt: list[float]) -> tuple[float, float]:
        x = SVG_PAD + (float(pt[0]) - min(lons)) * scale_x * scale
        y = SVG_PAD + (max(lats) - float(pt[1])) * scale
        return round(x, 1), round(y, 1)

    def line(points: list[list[float]], close: bool) -> str:
        text = "M" + " L".join("{:.1f},{:.1f}".format(*xy(p)) for p in points)
        return text + (" Z" if close else "")

    kind, coordinates = geometry["type"], geometry["coordinates"]
    dots: list[tuple[float, float]] = []
    path, filled = "", False
    if kind == "MultiPoint":
        dots = [xy(p) for p in coordinates]
    elif kind == "LineString":
        path = line(coordinates, close=False)
    elif kind == "MultiLineString":
        path = " ".join(line(part, close=False) for part in coordinates if part)
    elif kind in ("Polygon", "MultiPolygon"):
        polygons = [coordinates] if kind == "Polygon" else coordinates
        path = " ".join(line(ring, close=True) for poly in polygons for ring in poly if ring)
        filled = True
    else:
        return None
    return {
        "view_box": f"0 0 {box_w:.1f} {box_h:.1f}",
        "path": path,
        "filled": filled,
        "dots": [{"x": x, "y": y} for x, y in dots],
    }
