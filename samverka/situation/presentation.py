"""From the typed figures to what the templates show: the charts, the map's data, the shading of
the weekday × hour table, and the areas' shapes for the map's base layer. Shared by the page,
the PDF and the public page, so that they cannot drift apart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from samverka.areas.models import Area
from samverka.situation import charts
from samverka.situation.figures.typed import (
    RepeatName,
    SituationFigures,
    TrendPoint,
    finding_anchor,
)


def area_shapes(area: Area) -> list[dict[str, Any]]:
    """The area and its sub-areas as the map's base layer: boundaries where they exist,
    labelled centroids where they do not (the map works offline either way)."""
    shapes = []
    for a in [area, *area.children.order_by("name")]:
        shapes.append(
            {
                "name": a.name,
                "boundary": a.boundary,
                "lat": a.centroid_lat if not a.boundary else None,
                "lon": a.centroid_lon if not a.boundary else None,
            }
        )
    return shapes


def _short(label: str) -> str:
    """ "v. 45–46 2026" → "v. 45–46": the year is in the chart's description."""
    parts = label.rsplit(" ", 1)
    return parts[0] if len(parts) == 2 and parts[1].isdigit() and "v." in label else label


def trend_context(trend_points: Sequence[TrendPoint], area_name: str, uid: str) -> dict[str, Any]:
    trend = [
        {"label": t.label, "code": t.code, "count": t.count, "short": _short(t.label)}
        for t in trend_points
    ]
    if not trend:
        return {"svg": "", "rows": []}
    counts = [t.count for t in trend_points]
    desc = _(
        "Antal händelser per period från %(first)s till %(last)s: lägst %(low)s, högst "
        "%(high)s, %(now)s den senaste perioden. Samma siffror finns i tabellen under."
    ) % {
        "first": trend[0]["label"],
        "last": trend[-1]["label"],
        "low": min(counts),
        "high": max(counts),
        "now": counts[-1],
    }
    svg = charts.trend_svg(
        trend,
        title=_("Händelser per period, %(area)s") % {"area": area_name},
        desc=desc,
        uid=uid,
    )
    return {"svg": svg, "rows": trend}


def heat_rows(figures: SituationFigures) -> list[dict[str, Any]]:
    """The weekday × hour table with a shade level 0–4 per cell (the number is always shown)."""
    table = figures.weekday_hour
    top = table.max or 1
    rows = []
    for name, values, total in zip(table.weekdays, table.rows, table.by_weekday, strict=True):
        cells = [
            {"n": n, "level": 0 if n == 0 else 1 + min(3, int(4 * n / (top + 1)))} for n in values
        ]
        rows.append({"name": name, "cells": cells, "total": total})
    return rows


def map_data(figures: SituationFigures, shapes: list[dict[str, Any]]) -> dict[str, Any]:
    """What the Leaflet map draws (embedded in the page as JSON: no second request)."""
    return {
        "grid": figures.map.grid.to_json(),
        "cells": figures.map.cells,
        "points": figures.map.points,
        "hotspots": [[h.row, h.col, h.z, h.confidence] for h in figures.hotspots.cells],
        "clusters": [
            {
                "lat": h.lat,
                "lon": h.lon,
                "name": h.label,
                "coordinates": h.coordinates,
                "events": h.events,
                "z": h.z,
                "confidence": h.confidence,
            }
            for h in figures.hotspots.clusters
        ],
        "areas": {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"name": s["name"]}, "geometry": s["boundary"]}
                for s in shapes
                if s["boundary"]
            ],
        },
        "centroids": [
            [s["lat"], s["lon"], s["name"]]
            for s in shapes
            if s["lat"] is not None and s["lon"] is not None
        ],
        "classes": charts.CELL_CLASSES,
        "colours": charts.CELL_COLOURS,
    }


def static_map(figures: SituationFigures, shapes: list[dict[str, Any]], uid: str) -> str:
    cells = figures.map.cells
    events = sum(n for _r, _c, n in cells)
    hot = len(figures.hotspots.cells)
    return charts.map_svg(
        grid=figures.map.grid.to_json(),
        cells=cells,
        hotspots=[h.to_json() for h in figures.hotspots.cells],
        areas=shapes,
        title=_("Karta över händelser, %(area)s") % {"area": figures.area.name},
        desc=_(
            "%(events)s händelser med plats i rutor om %(m)s meter; %(hot)s rutor är "
            "hot spots (streckad ram). Rutorna finns också som GeoJSON."
        )
        % {"events": events, "m": int(figures.map.grid.cell_m), "hot": hot},
        uid=uid,
    )


def subarea_table(figures: SituationFigures) -> list[dict[str, Any]]:
    """The sub-area × category table, each cell with the anchor of its finding."""
    return [
        {
            "subarea": a,
            "cells": [
                {
                    "n": a.by_category.get(c.code, 0),
                    "anchor": finding_anchor(f"{a.finding_key}/{c.finding_key}"),
                }
                for c in figures.categories
            ],
        }
        for a in figures.subareas
    ]


def repeat_rows(figures: SituationFigures) -> list[dict[str, Any]]:
    """The repeat places, names first, each with the anchor of its finding."""
    return [
        {
            "place": p,
            "by_name": isinstance(p, RepeatName),
            "anchor": finding_anchor(f"repeat_place:{n}"),
        }
        for n, p in figures.repeat_places.numbered()
    ]


def page_context(figures: SituationFigures, area: Area, *, uid: str = "lb") -> dict[str, Any]:
    shapes = area_shapes(area)
    return {
        "fig": figures,
        "computed_at": figures.computed_at,
        "trend": trend_context(figures.trend, figures.area.name, f"{uid}-trend"),
        "heat": heat_rows(figures),
        "hours": list(range(24)),
        "map_data": map_data(figures, shapes),
        "static_map": static_map(figures, shapes, f"{uid}-map"),
        "cell_legend": list(zip(charts.CELL_CLASSES, charts.CELL_COLOURS, strict=True)),
        "subarea_table": subarea_table(figures),
        "repeat_rows": repeat_rows(figures),
    }
