"""What every part of the lägesbild's computation shares: the area's subtree, its sub-areas, the
categories, the grid, and the one filter that says which incident reports count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.incidents.models import Category, Incident, ReviewStatus
from samverka.lib.hotspots import Grid

# Grid cells (metres on a side): the map and the hot spots; repeat places; the public map.
MAP_CELL_M = 250
REPEAT_CELL_M = 50
PUBLIC_CELL_M = 500  # two map cells on a side: the public map nests in the internal one
# Below this many reports with a point the map shows the points themselves, not cells.
MAX_POINTS = 300
# A place (name or 50 m cell) reported at least this many times in the period is a repeat place.
REPEAT_THRESHOLD = 3


@dataclass
class Scope:
    """The area a lägesbild is about, loaded once: its subtree, its sub-areas, the categories."""

    municipality: Municipality
    area: Area
    areas: dict[int, Area]  # every area of the municipality
    area_ids: list[int]  # the area and everything below it
    subarea_of: dict[int, int]  # area id in the subtree -> the sub-area (child) it belongs to
    subareas: list[Area]  # the area's children, by name (empty: the area has none)
    categories: list[Category]  # top level, in the taxonomy's order
    subcategories: dict[int, list[Category]] = field(default_factory=dict)

    @classmethod
    def of(cls, area: Area) -> Scope:
        municipality = area.municipality
        areas = {a.pk: a for a in Area.objects.filter(municipality=municipality)}
        children: dict[int, list[int]] = {}
        for a in areas.values():
            if a.parent_id is not None:
                children.setdefault(a.parent_id, []).append(a.pk)
        subareas = sorted(
            (areas[pk] for pk in children.get(area.pk, [])), key=lambda a: a.name.lower()
        )
        subarea_of = {area.pk: area.pk}
        area_ids = [area.pk]
        for sub in subareas:
            stack, seen = [sub.pk], {area.pk}
            while stack:  # the sub-area's own subtree (cycle-safe)
                pk = stack.pop()
                if pk in seen:
                    continue
                seen.add(pk)
                subarea_of[pk] = sub.pk
                area_ids.append(pk)
                stack.extend(children.get(pk, []))
        categories = list(
            Category.objects.filter(municipality=municipality).order_by("order", "name")
        )
        top = [c for c in categories if c.parent_id is None]
        subcategories: dict[int, list[Category]] = {}
        for c in categories:
            if c.parent_id is not None:
                subcategories.setdefault(c.parent_id, []).append(c)
        return cls(
            municipality=municipality,
            area=area,
            areas=areas,
            area_ids=area_ids,
            subarea_of=subarea_of,
            subareas=subareas,
            categories=top,
            subcategories=subcategories,
        )

    def grid(self, cell_m: float = MAP_CELL_M) -> Grid:
        return Grid(cell_m)


def counted(municipality: Municipality, area_ids: list[int]) -> QuerySet[Incident]:
    """The reports a lägesbild counts: the subtree's, duplicates left out."""
    return (
        Incident.objects.filter(municipality=municipality, area_id__in=area_ids)
        .exclude(status=ReviewStatus.DUPLICATE)
        .order_by()
    )


def in_ranges(ranges: list[tuple[datetime, datetime]]) -> Q:
    """occurred_at in any of the [start, end) ranges (adjacent ones merged into one)."""
    merged: list[list[datetime]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    condition = Q()
    for start, end in merged:
        condition |= Q(occurred_at__gte=start, occurred_at__lt=end)
    return condition
