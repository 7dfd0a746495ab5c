"""Where and when: the weekday × hour table, repeat places, the map's grid cells (or points when
there are few) and the Gi* hot spots. Each is one grouped query over the current period; cells
are computed in SQL (``floor(lat / dlat)``), so only cells leave the database."""

from __future__ import annotations

import math
from datetime import date, datetime, time
from typing import Any, cast

from django.db.models import Avg, Count, F, IntegerField, Min, Q, QuerySet, Sum
from django.db.models.functions import Cast, ExtractHour, ExtractIsoWeekDay, Floor, Lower, Trim
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.incidents.models import Incident, PlacePrecision, ReviewStatus
from samverka.lib.hotspots import METRES_PER_DEGREE, MIN_EVENTS, Grid, hot_spots, regroup
from samverka.lib.pointinpolygon import Locator
from samverka.situation import aggregates
from samverka.situation.figures.base import (
    MAP_CELL_M,
    MAX_POINTS,
    REPEAT_CELL_M,
    REPEAT_THRESHOLD,
    Scope,
    counted,
)

WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
MAX_MAP_CELLS = 20_000  # the map's payload stays small: coarser cells beyond this
MAX_REPEAT_PLACES = 25
NEAR_M = 300  # a known place farther than this from a hot spot's centre does not name it
MIN_NAMING_REPORTS = 2  # one report's place name does not name a hot spot


def _row(grid: Grid) -> Cast:
    return Cast(Floor(F("latitude") / grid.dlat), IntegerField())


def _col(grid: Grid) -> Cast:
    return Cast(Floor(F("longitude") / grid.dlon), IntegerField())


def _with_point(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    # A police event placed only by its municipality or county carries the municipality's
    # centre as its point: on the map it would make a hot spot of the town hall.
    return queryset.filter(
        latitude__isnull=False, longitude__isnull=False, place_precision=PlacePrecision.AS_REPORTED
    )


def weekday_hour(current: QuerySet[Incident]) -> dict[str, Any]:
    """Events by weekday (Monday first) and hour of the start time, in Swedish time."""
    table = [[0] * 24 for _ in range(7)]
    rows = (
        current.annotate(weekday=ExtractIsoWeekDay("occurred_at"), hour=ExtractHour("occurred_at"))
        .values_list("weekday", "hour")
        .annotate(n=Sum("event_count"))
    )
    for weekday, hour, n in rows:
        table[weekday - 1][hour] += n
    return {
        "weekdays": WEEKDAYS,
        "rows": table,
        "max": max(max(row) for row in table),
        "by_weekday": [sum(row) for row in table],
        "by_hour": [sum(table[d][h] for d in range(7)) for h in range(24)],
    }


def repeat_places(current: QuerySet[Incident], scope: Scope) -> dict[str, Any]:
    """Places reported ``REPEAT_THRESHOLD`` times or more in the period: by the same place name
    (case and spacing ignored), and by the same 50 m cell."""
    names = (
        current.exclude(place_name="")
        .annotate(key=Lower(Trim("place_name")))
        .values("key")
        .annotate(reports=Count("pk"), events=Sum("event_count"), name=Min("place_name"))
        .filter(reports__gte=REPEAT_THRESHOLD)
        .order_by("-reports", "key")[:MAX_REPEAT_PLACES]
    )
    grid = scope.grid(REPEAT_CELL_M)
    cells = list(
        _with_point(current)
        .annotate(row=_row(grid), col=_col(grid))
        .values("row", "col")
        .annotate(reports=Count("pk"), events=Sum("event_count"), name=Min("place_name"))
        .filter(reports__gte=REPEAT_THRESHOLD)
        .order_by("-reports", "row", "col")[:MAX_REPEAT_PLACES]
    )
    by_cell = []
    for cell in cells:
        lat, lon = grid.centre((cell["row"], cell["col"]))
        by_cell.append(
            {
                "lat": round(lat, 5),
                "lon": round(lon, 5),
                "reports": cell["reports"],
                "events": cell["events"],
                "place_name": cell["name"] or "",
            }
        )
    return {
        "threshold": REPEAT_THRESHOLD,
        "cell_m": REPEAT_CELL_M,
        "by_name": [
            {"name": row["name"].strip(), "reports": row["reports"], "events": row["events"]}
            for row in names
        ],
        "by_cell": by_cell,
    }


def grid_cells(queryset: QuerySet[Incident], grid: Grid) -> dict[tuple[int, int], int]:
    """Events per cell of ``grid`` (reports without a point are left out)."""
    rows = (
        _with_point(queryset)
        .annotate(row=_row(grid), col=_col(grid))
        .values_list("row", "col")
        .annotate(n=Sum("event_count"))
    )
    return {(row, col): n for row, col, n in rows}


def _boundary_extent(area: Area, grid: Grid) -> list[tuple[int, int]]:
    """The corners of the area's boundary as grid cells (the hot-spot study area)."""
    boundary = area.boundary or {}
    polygons = boundary.get("coordinates") or []
    if boundary.get("type") == "Polygon":
        polygons = [polygons]
    lons = [p[0] for poly in polygons for ring in poly[:1] for p in ring]
    lats = [p[1] for poly in polygons for ring in poly[:1] for p in ring]
    if not lons:
        return []
    return [grid.cell(min(lats), min(lons)), grid.cell(max(lats), max(lons))]


def map_and_hotspots(current: QuerySet[Incident], scope: Scope) -> dict[str, Any]:
    """The map's cells (and its points, when there are few) and the hot spots on them."""
    grid = scope.grid(MAP_CELL_M)
    cells = grid_cells(current, grid)
    with_point = _with_point(current)
    points = None
    point_count = with_point.count()
    if point_count <= MAX_POINTS:
        names = {c.pk: c.name for c in scope.categories}
        points = [
            [round(lat or 0.0, 5), round(lon or 0.0, 5), names.get(category, ""), n]
            for lat, lon, category, n in with_point.values_list(
                "latitude", "longitude", "category_id", "event_count"
            ).order_by("occurred_at", "pk")
        ]
    extent = _boundary_extent(scope.area, grid)
    for sub in scope.subareas:
        extent += _boundary_extent(sub, grid)
    try:
        spots = hot_spots(cells, extent=extent)
    except ValueError:  # a study area of absurd size (boundaries across the country)
        spots = []
    clusters, members = _grouped(spots, grid)
    name_hot_spots(clusters, members, current, scope, grid)
    return {
        "map": {
            "grid": grid_dict(grid),
            "cells": sorted([row, col, n] for (row, col), n in cells.items()),
            "points": points,
            "reports_with_point": point_count,
        },
        "hotspots": {
            "method": "Getis-Ord Gi*",
            "cell_m": MAP_CELL_M,
            "radius": 1,
            "fdr": 0.05,
            "cells": [
                {
                    "row": s.cell[0],
                    "col": s.cell[1],
                    "lat": round(grid.centre(s.cell)[0], 5),
                    "lon": round(grid.centre(s.cell)[1], 5),
                    "count": s.count,
                    "neighbourhood": s.neighbourhood,
                    "z": s.z,
                    "confidence": s.confidence,
                }
                for s in spots
            ],
            "clusters": clusters,
        },
    }


def _clusters(spots: list[Any], grid: Grid) -> list[dict[str, Any]]:
    """Hot cells that touch (also corner to corner) as one hot spot: a planted cluster lifts
    its neighbours too, and a reader wants one place, not nine cells. The centre is the cell
    with the most events."""
    return _grouped(spots, grid)[0]


def _grouped(
    spots: list[Any], grid: Grid
) -> tuple[list[dict[str, Any]], list[list[tuple[int, int]]]]:
    """The hot spots (``_clusters``) and the cells of each (for its name)."""
    by_cell = {s.cell: s for s in spots}
    seen: set[tuple[int, int]] = set()
    clusters = []
    cells_of = []
    for start in sorted(by_cell, key=lambda c: (-by_cell[c].z, c)):
        if start in seen:
            continue
        members, stack = [], [start]
        seen.add(start)
        while stack:
            r, c = stack.pop()
            members.append(by_cell[(r, c)])
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    near = (r + dr, c + dc)
                    if near in by_cell and near not in seen:
                        seen.add(near)
                        stack.append(near)
        if sum(m.count for m in members) < MIN_EVENTS:
            continue  # a lone event among busy neighbours is no place to point at
        centre = max(members, key=lambda m: (m.count, m.z))
        lat, lon = grid.centre(centre.cell)
        clusters.append(
            {
                "lat": round(lat, 5),
                "lon": round(lon, 5),
                "cells": len(members),
                "events": sum(m.count for m in members),
                "z": max(m.z for m in members),
                "confidence": max(m.confidence for m in members),
            }
        )
        cells_of.append([m.cell for m in members])
    return clusters, cells_of


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The distance between two nearby points (equirectangular: metres matter, not millimetres)."""
    dy = (lat2 - lat1) * METRES_PER_DEGREE
    dx = (lon2 - lon1) * METRES_PER_DEGREE * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def name_hot_spots(
    clusters: list[dict[str, Any]],
    cells_of: list[list[tuple[int, int]]],
    current: QuerySet[Incident],
    scope: Scope,
    grid: Grid,
) -> None:
    """Name each hot spot (in place) the way people name the place, keeping its coordinates:

    1. ``reports``: the place name its own reports give most often (case and spacing ignored),
       when at least ``MIN_NAMING_REPORTS`` reports give it;
    2. ``near``: else the nearest known place within ``NEAR_M`` of its centre: a place name the
       area's reports (of any period) give at least twice, at the mean of their points, or an
       area below the sub-areas (a block, a school) by its centroid; ``area`` when the centre
       lies inside such an area;
    3. ``area``: else the sub-area most of its reports belong to (the area itself when it has
       no sub-areas).

    ``subarea`` is the sub-area most of its reports belong to. Only reports the lägesbild counts
    are read, so a name never comes from outside the lägesbild's area."""
    if not clusters:
        return
    hot = {cell for cells in cells_of for cell in cells}
    rows = (
        _with_point(current)
        .annotate(row=_row(grid), col=_col(grid), key=Lower(Trim("place_name")))
        .filter(row__in={r for r, _c in hot}, col__in={c for _r, c in hot})
        .values("row", "col", "key", "place_name", "area_id")
        .annotate(reports=Count("pk"))
    )
    by_cell: dict[tuple[int, int], list[Any]] = {}
    for row in rows:
        by_cell.setdefault((row["row"], row["col"]), []).append(row)
    subareas = {a.pk: a.name for a in scope.subareas}
    deeper = [
        a
        for pk, a in scope.areas.items()
        if pk in scope.subarea_of and pk != scope.area.pk and pk not in subareas
    ]
    locator = Locator((a.pk, a.boundary) for a in deeper if a.boundary)
    known = _known_places(scope, clusters)
    for cluster, cells in zip(clusters, cells_of, strict=True):
        names: dict[str, dict[str, int]] = {}  # place (case ignored) -> spelling -> reports
        in_subarea: dict[str, int] = {}
        for cell in cells:
            for row in by_cell.get(cell, []):
                if row["key"]:
                    spellings = names.setdefault(row["key"], {})
                    spelling = " ".join(row["place_name"].split())
                    spellings[spelling] = spellings.get(spelling, 0) + row["reports"]
                sub = subareas.get(scope.subarea_of.get(row["area_id"], 0), "")
                in_subarea[sub] = in_subarea.get(sub, 0) + row["reports"]
        subarea = min(in_subarea.items(), key=lambda kv: (-kv[1], kv[0]), default=("", 0))[0]
        cluster["subarea"] = subarea
        cluster["distance_m"] = 0
        # The name most reports give, spelled as most of them spell it.
        tallies = [
            (sum(sp.values()), min(sp.items(), key=lambda kv: (-kv[1], kv[0]))[0])
            for sp in names.values()
        ]
        best = min(tallies, key=lambda t: (-t[0], t[1].lower()), default=None)
        if best is not None and best[0] >= MIN_NAMING_REPORTS:
            cluster["place"], cluster["basis"] = best[1], "reports"
            continue
        lat, lon = cluster["lat"], cluster["lon"]
        inside = locator.locate(lon, lat) if locator else None
        if inside is not None:
            cluster["place"], cluster["basis"] = scope.areas[cast(int, inside)].name, "area"
            continue
        candidates = [(_metres(lat, lon, p_lat, p_lon), name) for name, p_lat, p_lon in known]
        candidates += [
            (_metres(lat, lon, a.centroid_lat, a.centroid_lon), a.name)
            for a in deeper
            if a.centroid_lat is not None and a.centroid_lon is not None
        ]
        near = min((c for c in candidates if c[0] <= NEAR_M), default=None)
        if near is not None:
            cluster["place"], cluster["basis"] = near[1], "near"
            cluster["distance_m"] = int(round(near[0], -1))
            continue
        cluster["place"], cluster["basis"] = subarea or scope.area.name, "area"


def _known_places(scope: Scope, clusters: list[dict[str, Any]]) -> list[tuple[str, float, float]]:
    """Place names the area's reports (any period) give at least twice near the hot spots, each
    at the mean of its reports' points: one query over the hot spots' surroundings."""
    pad_lat = NEAR_M / METRES_PER_DEGREE
    pad_lon = pad_lat / max(math.cos(math.radians(clusters[0]["lat"])), 0.1)
    rows = (
        _with_point(counted(scope.municipality, scope.area_ids))
        .exclude(place_name="")
        .filter(
            latitude__gte=min(c["lat"] for c in clusters) - pad_lat,
            latitude__lte=max(c["lat"] for c in clusters) + pad_lat,
            longitude__gte=min(c["lon"] for c in clusters) - pad_lon,
            longitude__lte=max(c["lon"] for c in clusters) + pad_lon,
        )
        .annotate(key=Lower(Trim("place_name")))
        .values("key")
        .annotate(
            reports=Count("pk"), name=Min("place_name"), lat=Avg("latitude"), lon=Avg("longitude")
        )
        .filter(reports__gte=2)
    )
    return [(row["name"].strip(), row["lat"], row["lon"]) for row in rows]


def grid_dict(grid: Grid) -> dict[str, float]:
    return {"cell_m": grid.cell_m, "lat0": grid.lat0, "dlat": grid.dlat, "dlon": grid.dlon}


def map_grid(
    municipality: Municipality,
    *,
    area: Area | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    cell_m: int = MAP_CELL_M,
) -> dict[str, Any]:
    """Events per grid cell for a municipality (or an area's subtree) over any span of time:
    the map data of the API. The payload is the cells, never the reports; when there would be
    more than ``MAX_MAP_CELLS`` cells, they double in size.

    The whole municipality in 250 m cells (the map of everything) reads the precomputed monthly
    cells where they exist: whole months from them, the partial months at the ends from the
    reports themselves."""
    if area is not None:
        queryset = counted(municipality, Scope.of(area).area_ids)
    else:
        queryset = (
            Incident.objects.filter(municipality=municipality)
            .exclude(status=ReviewStatus.DUPLICATE)
            .order_by()
        )
    grid = Grid(cell_m)
    if area is None and cell_m == MAP_CELL_M and aggregates.available():
        cells = _cells_from_months(municipality, queryset, grid, start, end)
    else:
        if start is not None:
            queryset = queryset.filter(occurred_at__gte=start)
        if end is not None:
            queryset = queryset.filter(occurred_at__lt=end)
        cells = grid_cells(queryset, grid)
    while len(cells) > MAX_MAP_CELLS:
        grid = grid.coarser(2)
        cells = regroup(cells, 2)
    return {
        "grid": grid_dict(grid),
        "cells": sorted([row, col, n] for (row, col), n in cells.items()),
        "events": sum(cells.values()),
    }


def _month_start(moment: datetime) -> date:
    local = timezone.localtime(moment)
    return date(local.year, local.month, 1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _cells_from_months(
    municipality: Municipality,
    queryset: QuerySet[Incident],
    grid: Grid,
    start: datetime | None,
    end: datetime | None,
) -> dict[tuple[int, int], int]:
    """Whole months from ``CellCount``; the rest of [start, end) from the reports."""
    from samverka.situation.models import CellCount

    first = None if start is None else _month_start(start)
    if start is not None and first is not None and timezone.localtime(start) != _aware(first):
        first = _next_month(first)  # a partial first month comes from the reports
    last = None if end is None else _month_start(end)  # the months before it are whole
    if first is not None and last is not None and first >= last:  # no whole month inside
        return grid_cells(queryset.filter(occurred_at__gte=start, occurred_at__lt=end), grid)
    months = CellCount.objects.filter(municipality_id=municipality.pk)
    if first is not None:
        months = months.filter(month__gte=first)
    if last is not None:
        months = months.filter(month__lt=last)
    cells: dict[tuple[int, int], int] = {}
    for row, col, n in (
        months.order_by().values_list("row", "col").annotate(n=Sum("events")).filter(n__gt=0)
    ):
        cells[(row, col)] = n
    edges = []
    if start is not None and first is not None:
        edges.append(Q(occurred_at__gte=start, occurred_at__lt=_aware(first)))
    if end is not None and last is not None:
        edges.append(Q(occurred_at__gte=_aware(last), occurred_at__lt=end))
    for edge in edges:
        for key, n in grid_cells(queryset.filter(edge), grid).items():
            cells[key] = cells.get(key, 0) + n
    return cells


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
