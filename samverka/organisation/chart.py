"""The organisation chart: the figure Brå's fact sheet calls "Organisation för det
brottsförebyggande arbetet i Angered", drawn from any municipality's data.

Three steps, each testable on its own:

``build_chart(municipality)``
    Reads the groups (two queries) and lays them out as pure data: boxes with coordinates and
    the lines of text they show, area panels, and edges as orthogonal polylines.
``render_svg(layout, title=..., link_prefix=...)``
    A standalone, accessible SVG (``role="img"``, or ``role="group"`` when it holds links;
    ``<title>``, ``<desc>``); boxes link to the group pages when a link prefix is given.
``render_png(svg)``
    The same figure as PNG, rendered offline by resvg with the system fonts.

Layout, top to bottom, as in the fact sheet: the deciding groups with the advising council
beside them; the preparation group; the coordination unit and working groups; and a grid of
area panels with each area's trygghetsgrupp and SSPF group, so that eleven areas with two
groups each still fit on one page. Groups whose end date has passed are left out.

Edges never cross a box. Every edge leaves the lower box upwards (boxes in the area grid leave
sideways into the gutter left of their column), runs in a lane of the gap above its tier, and
enters the upper box from below. When it must pass tiers in between, it climbs through a free
vertical "trunk" between their boxes. Edges of the same kind to the same upper box share lanes,
so they merge into one bus, like lines in a hand-drawn org chart. Paths are drawn from the
upper end, so the dashes of merged dashed lines line up.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from xml.sax.saxutils import escape, quoteattr

import resvg_py
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.models import Municipality
from samverka.organisation.models import (
    Group,
    GroupKind,
    Mandate,
    Membership,
    OrganisationMembership,
    SpecialistFunction,
)

FONT_FAMILY = "'DejaVu Sans', Verdana, sans-serif"
NAME_SIZE = 13.0
DETAIL_SIZE = 11.0
PANEL_SIZE = 12.0

MARGIN = 24.0
BOX_W = 210.0
GRID_BOX_W = 190.0
BOX_PAD = 10.0
BOX_GAP = 40.0  # between boxes in a row; trunks run here
MAX_PER_ROW = 5
LANE = 8.0
GAP_PAD = 16.0
MIN_GAP = 40.0
CELL_PAD = 8.0
ROW_GAP = 16.0
MIN_GUTTER = 24.0
# A name wraps over as many lines as it needs: the chart must show every name whole.
NAME_LINES = 0
# With this few groups the chart also names the actors taking part in each group, so that a
# municipality with one group and many actors still gets a picture of who works together.
ACTORS_UP_TO_GROUPS = 3
MAX_ACTORS = 12

# Fills are light and text is near-black, so text contrast stays far above 4.5:1 (WCAG AA).
TEXT_COLOUR = "#1a1a1a"
SECONDARY_TEXT = "#3d3d3d"  # 10.6:1 on white, > 8.5:1 on every fill below
EDGE_COLOUR = "#4d4d4d"
STYLE_BY_TIER = {
    "decides": ("#dce8f8", "#1f4e8c"),
    "advises": ("#ebe4f5", "#5b3f8c"),
    "prepares": ("#fdf0d5", "#8a5a00"),
    "operational": ("#e1f1e4", "#2e6b35"),
    "area_safety": ("#ffffff", "#2e6b35"),
    "sspf": ("#fdeaea", "#8c2f2f"),
}
PANEL_FILL, PANEL_STROKE = "#f4f5f7", "#9aa1ab"


class EdgeKind(StrEnum):
    REPORTS_TO = "reports_to"
    APPOINTS = "appoints"
    COORDINATES = "coordinates"

    @property
    def label(self) -> str:
        return {
            EdgeKind.REPORTS_TO: _("Rapporterar till"),
            EdgeKind.APPOINTS: _("Tillsätter"),
            EdgeKind.COORDINATES: _("Samordnar"),
        }[self]


DASHES = {EdgeKind.REPORTS_TO: None, EdgeKind.APPOINTS: "7 4", EdgeKind.COORDINATES: "1 4"}
ATTACH_OFFSET = {EdgeKind.REPORTS_TO: 0.0, EdgeKind.APPOINTS: -32.0, EdgeKind.COORDINATES: 32.0}

Point = tuple[float, float]


@dataclass
class ChartBox:
    group_id: int
    name: str
    kind: str
    kind_label: str
    mandate_label: str
    cadence_label: str
    name_lines: list[str]
    detail_lines: list[str]
    style: str  # a key of STYLE_BY_TIER
    # The coordination unit's specialist functions, or the actors of a small chart's groups.
    extra_lines: list[str] = field(default_factory=list)
    specialist_functions: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0
    w: float = BOX_W
    h: float = 0.0

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre_x(self) -> float:
        return self.x + self.w / 2


@dataclass
class ChartPanel:
    """An area in the grid of trygghetsgrupper and SSPF groups."""

    area_id: int | None
    label_lines: list[str]
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    boxes: list[ChartBox] = field(default_factory=list)


@dataclass(frozen=True)
class ChartEdge:
    kind: EdgeKind
    source_id: int
    target_id: int
    points: tuple[Point, ...]  # from source to target
    source_is_upper: bool  # the renderer draws from the upper end (see the module docstring)


@dataclass(frozen=True)
class ChartLayout:
    municipality_name: str
    width: float
    height: float
    boxes: tuple[ChartBox, ...]
    panels: tuple[ChartPanel, ...]
    edges: tuple[ChartEdge, ...]

    def box_for(self, group_id: int) -> ChartBox:
        return next(box for box in self.boxes if box.group_id == group_id)


# --- text ----------------------------------------------------------------------------------

# Advance widths (em) of DejaVu Sans and DejaVu Sans Bold, read from the fonts' hmtx tables;
# other characters are assumed wide, so an estimate errs towards wrapping early.
_METRIC_CHARS = (
    "abcdefghijklmnopqrstuvwxyzåäöéüABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÉÜ0123456789 .,:;-–/()&<>'\"!?·…"
)
_REGULAR_WIDTHS = """
    0.613 0.635 0.55 0.635 0.615 0.352 0.635 0.634 0.278 0.278 0.579 0.278 0.974 0.634 0.612
    0.635 0.635 0.411 0.521 0.392 0.634 0.592 0.818 0.592 0.592 0.525 0.613 0.613 0.612 0.615
    0.634 0.684 0.686 0.698 0.77 0.632 0.575 0.775 0.752 0.295 0.295 0.656 0.557 0.863 0.748
    0.787 0.603 0.787 0.695 0.635 0.611 0.732 0.684 0.989 0.685 0.611 0.685 0.684 0.684 0.787
    0.632 0.732 0.636 0.636 0.636 0.636 0.636 0.636 0.636 0.636 0.636 0.636 0.318 0.318 0.318
    0.337 0.337 0.361 0.5 0.337 0.39 0.39 0.78 0.838 0.838 0.275 0.46 0.401 0.531 0.318 1
"""
_BOLD_WIDTHS = """
    0.675 0.716 0.593 0.716 0.678 0.435 0.716 0.712 0.343 0.343 0.665 0.343 1.042 0.712 0.687
    0.716 0.716 0.493 0.595 0.478 0.712 0.652 0.924 0.645 0.652 0.582 0.675 0.675 0.687 0.678
    0.712 0.774 0.762 0.734 0.83 0.683 0.683 0.821 0.837 0.372 0.372 0.775 0.637 0.995 0.837
    0.85 0.733 0.85 0.77 0.72 0.682 0.812 0.774 1.103 0.771 0.724 0.725 0.774 0.774 0.85 0.683
    0.812 0.696 0.696 0.696 0.696 0.696 0.696 0.696 0.696 0.696 0.696 0.348 0.38 0.38 0.4 0.4
    0.415 0.5 0.365 0.457 0.457 0.872 0.838 0.838 0.306 0.521 0.456 0.58 0.38 1
"""
_REGULAR = dict(zip(_METRIC_CHARS, map(float, _REGULAR_WIDTHS.split()), strict=True))
_BOLD = dict(zip(_METRIC_CHARS, map(float, _BOLD_WIDTHS.split()), strict=True))


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The rendered width of the text in DejaVu Sans, the chart's font."""
    widths, fallback = (_BOLD, 0.85) if bold else (_REGULAR, 0.8)
    return sum(widths.get(char, fallback) for char in text) * size


def wrap(
    text: str, max_width: float, size: float, *, bold: bool = False, max_lines: int = 0
) -> list[str]:
    """Word-wrap to the width; split words too long for a line; end with "…" past max_lines."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while text_width(word, size, bold=bold) > max_width:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut] + "-", size, bold=bold) > max_width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size, bold=bold) > max_width:
            last = last[:-1]
        lines[-1] = last.rstrip(" -") + "…"
    return lines or [""]


# XML 1.0 forbids most control characters; a name pasted from elsewhere must not break the SVG.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("", text)


# --- layout --------------------------------------------------------------------------------


def _tier_of(group: Group) -> str:
    if group.kind == GroupKind.COUNCIL:
        return "advises"
    if group.kind == GroupKind.STEERING:
        return "decides"
    if group.kind == GroupKind.PREPARATION:
        return "prepares"
    if group.kind == GroupKind.AREA_SAFETY:
        return "area_safety"
    if group.kind == GroupKind.SSPF:
        return "sspf"
    if group.kind == GroupKind.OTHER and group.mandate in (
        Mandate.DECIDES,
        Mandate.ADVISES,
        Mandate.PREPARES,
    ):
        return str(group.mandate)
    return "operational"


def _make_box(
    group: Group,
    style: str,
    width: float,
    *,
    functions: list[str] | None = None,
    actors: list[str] | None = None,
) -> ChartBox:
    inner = width - 2 * BOX_PAD
    kind_label = str(group.get_kind_display())
    mandate_label = str(group.get_mandate_display())
    cadence_label = group.cadence_label()
    name = _clean(group.name)
    name_lines = wrap(name, inner, NAME_SIZE, bold=True, max_lines=NAME_LINES)
    detail_lines = wrap(_clean(kind_label), inner, DETAIL_SIZE, max_lines=2) + wrap(
        f"{mandate_label} · {_clean(cadence_label)}", inner, DETAIL_SIZE, max_lines=3
    )
    functions = [_clean(name) for name in functions or []]
    actors = [_clean(name) for name in actors or []]
    extra_lines: list[str] = []
    if functions:
        extra_lines += wrap(_("Specialistfunktioner:"), inner, DETAIL_SIZE)
        for function in functions:
            extra_lines += wrap(f"• {function}", inner, DETAIL_SIZE)
    if actors:
        shown, more = actors[:MAX_ACTORS], len(actors) - MAX_ACTORS
        extra_lines += wrap(_("Deltagande aktörer:"), inner, DETAIL_SIZE)
        for actor in shown:
            extra_lines += wrap(f"• {actor}", inner, DETAIL_SIZE)
        if more > 0:
            extra_lines += wrap(_("och %(n)d till") % {"n": more}, inner, DETAIL_SIZE)
    height = 2 * BOX_PAD + len(name_lines) * 16 + 4 + len(detail_lines) * 14
    if extra_lines:
        height += 6 + len(extra_lines) * 14
    return ChartBox(
        group_id=group.pk,
        name=name,
        kind=group.kind,
        kind_label=kind_label,
        mandate_label=mandate_label,
        cadence_label=cadence_label,
        name_lines=name_lines,
        detail_lines=detail_lines,
        style=style,
        extra_lines=extra_lines,
        specialist_functions=functions,
        actors=actors,
        w=width,
        h=height,
    )


def build_chart(municipality: Municipality, *, today: date | None = None) -> ChartLayout:
    """Lay out the municipality's current groups and their relations as a chart."""
    today = today or timezone.localdate()
    groups = [
        group
        for group in Group.objects.filter(municipality=municipality)
        .select_related("area")
        .order_by("name", "pk")
        if group.end_date is None or group.end_date >= today
    ]
    shown = {group.pk for group in groups}
    coordination = [
        (source, target)
        for source, target in Group.coordinates.through.objects.filter(
            from_group__municipality=municipality
        )
        .order_by("from_group_id", "to_group_id")
        .values_list("from_group_id", "to_group_id")
        if source in shown and target in shown and source != target
    ]
    relations: list[tuple[EdgeKind, int, int]] = []
    for group in groups:
        if group.reports_to_id in shown and group.reports_to_id != group.pk:
            relations.append((EdgeKind.REPORTS_TO, group.pk, group.reports_to_id))
        if group.appointed_by_id in shown and group.appointed_by_id != group.pk:
            relations.append((EdgeKind.APPOINTS, group.appointed_by_id, group.pk))
    relations += [(EdgeKind.COORDINATES, source, target) for source, target in coordination]
    functions: dict[int, list[str]] = defaultdict(list)
    for group_id, name in (
        SpecialistFunction.objects.filter(group__municipality=municipality)
        .order_by("name", "pk")
        .values_list("group_id", "name")
    ):
        if group_id in shown:
            functions[group_id].append(name)
    actors: dict[int, list[str]] = defaultdict(list)
    if len(groups) <= ACTORS_UP_TO_GROUPS:
        actors = _actors(municipality, shown, today)
    return _Layouter(municipality.name, groups, relations, functions, actors).run()


def _actors(municipality: Municipality, shown: set[int], today: date) -> dict[int, list[str]]:
    """The organisations taking part in each group today: as actors, or through a member."""
    current = (Q(start_date__isnull=True) | Q(start_date__lte=today)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    pairs = list(
        OrganisationMembership.objects.filter(
            current, group__municipality=municipality
        ).values_list("group_id", "organisation__name")
    ) + list(
        Membership.objects.filter(
            current, group__municipality=municipality, organisation__isnull=False
        ).values_list("group_id", "organisation__name")
    )
    found: dict[int, set[str]] = defaultdict(set)
    for group_id, name in pairs:
        if group_id in shown and name:
            found[group_id].add(name)
    # In Python, not SQL: collations differ between SQLite and PostgreSQL.
    return {group_id: sorted(names, key=str.lower) for group_id, names in found.items()}


class _Layouter:
    """Places boxes in tiers and routes the edges; see the module docstring for the scheme."""

    def __init__(
        self,
        name: str,
        groups: list[Group],
        relations: list[tuple[EdgeKind, int, int]],
        functions: dict[int, list[str]],
        actors: dict[int, list[str]],
    ) -> None:
        self.name = name
        self.relations = relations
        self.width = 0.0  # set by the horizontal placement below
        by_style: dict[str, list[ChartBox]] = defaultdict(list)
        panels: dict[int | None, ChartPanel] = {}
        area_names: dict[int | None, str] = {}
        for group in groups:
            style = _tier_of(group)
            if style in ("area_safety", "sspf"):
                box = _make_box(
                    group,
                    style,
                    GRID_BOX_W,
                    functions=functions.get(group.pk),
                    actors=actors.get(group.pk),
                )
                if group.area_id not in panels:
                    label = _clean(group.area.name) if group.area else _("Hela kommunen")
                    area_names[group.area_id] = label
                    panels[group.area_id] = ChartPanel(
                        area_id=group.area_id,
                        label_lines=wrap(label, GRID_BOX_W, PANEL_SIZE, bold=True, max_lines=2),
                    )
                panels[group.area_id].boxes.append(box)
            else:
                by_style[style].append(
                    _make_box(
                        group,
                        style,
                        BOX_W,
                        functions=functions.get(group.pk),
                        actors=actors.get(group.pk),
                    )
                )
        # Per-area groups: trygghetsgrupp before SSPF; areas by name, "whole municipality" last.
        for panel in panels.values():
            panel.boxes.sort(key=lambda box: (box.style != "area_safety", box.name.lower()))
        self.panels = sorted(
            panels.values(),
            key=lambda p: (p.area_id is None, area_names[p.area_id].lower()),
        )
        for boxes in by_style.values():
            # In Python, not SQL: collations differ between SQLite and PostgreSQL.
            boxes.sort(key=lambda box: (box.kind != GroupKind.COORDINATION_UNIT, box.name.lower()))
        rows: list[list[ChartBox]] = []
        for tier in (
            by_style["decides"] + by_style["advises"],
            by_style["prepares"],
            by_style["operational"],
        ):
            rows += _chunks(tier, MAX_PER_ROW)
        self.rows = rows  # regular tiers; the area grid, if any, is the last tier
        self.tier_of_box: dict[int, int] = {}
        self.boxes: dict[int, ChartBox] = {}
        for index, row in enumerate(rows):
            for box in row:
                self.tier_of_box[box.group_id] = index
                self.boxes[box.group_id] = box
        self.grid_tier = len(rows) if self.panels else -1
        for panel in self.panels:
            for box in panel.boxes:
                self.tier_of_box[box.group_id] = self.grid_tier
                self.boxes[box.group_id] = box

    def run(self) -> ChartLayout:
        relations = [
            (kind, source, target, *self._ends(source, target))
            for kind, source, target in self.relations
        ]
        # Lanes: the horizontal tracks in each gap (gap t lies above tier t), and the vertical
        # tracks in the grid's gutters.
        gap_keys: dict[int, list[tuple]] = defaultdict(list)
        gutter_keys: list[tuple] = []
        for kind, _source, _target, upper, lower in relations:
            tu, tl = self.tier_of_box[upper], self.tier_of_box[lower]
            if tu == tl:
                key: tuple[object, ...] = ("same", upper, lower, kind)
                # Within the grid, the lane lies above it; in other tiers, just below the tier.
                _add(gap_keys[tu if tu == self.grid_tier else tu + 1], key)
                if tu == self.grid_tier:
                    _add(gutter_keys, key)
                continue
            key = ("bus", upper, kind)
            _add(gap_keys[tl], key)
            _add(gap_keys[tu + 1], key)
            if tl == self.grid_tier:
                _add(gutter_keys, key)

        gutter = max(MIN_GUTTER, 2 * 10 + (len(gutter_keys) - 1) * LANE)
        self._place_horizontally(gutter)
        gap_lane_y = self._place_vertically(gap_keys)
        gutter_lane_x = {key: 10 + i * LANE for i, key in enumerate(gutter_keys)}

        exits_up: dict[int, list[tuple]] = defaultdict(list)
        side_points: dict[int, list[tuple]] = defaultdict(list)
        for relation in relations:
            kind, source, target, upper, lower = relation
            tu, tl = self.tier_of_box[upper], self.tier_of_box[lower]
            for end in (upper, lower) if tu == tl else (lower,):
                if self.tier_of_box[end] == self.grid_tier:
                    side_points[end].append(relation)
                elif end == lower and tu != tl:
                    exits_up[end].append(relation)

        edges = []
        trunks: dict[tuple, float] = {}
        for relation in relations:
            kind, source, target, upper, lower = relation
            points = self._route(
                relation, gap_lane_y, gutter_lane_x, exits_up, side_points, trunks, gutter
            )
            source_is_upper = source == upper
            if source_is_upper:
                points.reverse()  # routes run lower → upper; edges run source → target
            edges.append(
                ChartEdge(
                    kind=kind,
                    source_id=source,
                    target_id=target,
                    points=tuple(_simplify(points)),
                    source_is_upper=source_is_upper,
                )
            )
        # A trunk may have had to pass right of everything; grow the canvas to hold it.
        widest = max((x for edge in edges for x, _y in edge.points), default=0.0)
        self.width = max(self.width, widest + MARGIN)
        all_boxes = [box for row in self.rows for box in row] + [
            box for panel in self.panels for box in panel.boxes
        ]
        return ChartLayout(
            municipality_name=self.name,
            width=self.width,
            height=self.height,
            boxes=tuple(all_boxes),
            panels=tuple(self.panels),
            edges=tuple(edges),
        )

    def _ends(self, source: int, target: int) -> tuple[int, int]:
        """(upper, lower): the box nearer the top, and the other. Same tier: target is upper."""
        if self.tier_of_box[source] < self.tier_of_box[target]:
            return source, target
        return target, source

    # -- placement --

    def _place_horizontally(self, gutter: float) -> None:
        self.columns = min(len(self.panels), 4 if len(self.panels) <= 16 else 6)
        self.cell_w = GRID_BOX_W + 2 * CELL_PAD
        self.gutter = gutter
        grid_w = self.columns * (self.cell_w + gutter) if self.panels else 0.0
        row_ws = [len(row) * BOX_W + (len(row) - 1) * BOX_GAP for row in self.rows]
        content_w = max([grid_w, 440.0, *row_ws])
        self.width = content_w + 2 * MARGIN
        for row, row_w in zip(self.rows, row_ws, strict=True):
            x = MARGIN + (content_w - row_w) / 2
            for box in row:
                box.x = x
                x += BOX_W + BOX_GAP
        # Each column is a gutter (where the lines run) followed by the area panel.
        grid_x = MARGIN + (content_w - grid_w) / 2
        for index, panel in enumerate(self.panels):
            column = index % self.columns
            panel.x = grid_x + gutter + column * (self.cell_w + gutter)
            panel.w = self.cell_w
            for box in panel.boxes:
                box.x = panel.x + CELL_PAD

    def _place_vertically(self, gap_keys: dict[int, list[tuple]]) -> dict[tuple[int, tuple], float]:
        def gap_height(index: int) -> float:
            lanes = len(gap_keys.get(index, []))
            return max(MIN_GAP, 2 * GAP_PAD + max(lanes - 1, 0) * LANE)

        self.gap_top: dict[int, float] = {}
        y = MARGIN
        for index, row in enumerate(self.rows):
            if index:
                self.gap_top[index] = y
                y += gap_height(index)
            height = max(box.h for box in row)
            for box in row:
                box.y, box.h = y, height
            y += height
        if self.panels:
            if self.rows or gap_keys.get(self.grid_tier):
                self.gap_top[self.grid_tier] = y
                y += gap_height(self.grid_tier)
            self.grid_top = y
            for start in range(0, len(self.panels), self.columns):
                row_panels = self.panels[start : start + self.columns]
                row_h = max(self._panel_height(panel) for panel in row_panels)
                for panel in row_panels:
                    panel.y, panel.h = y, row_h
                    box_y = y + CELL_PAD + len(panel.label_lines) * 15 + 6
                    for box in panel.boxes:
                        box.y = box_y
                        box_y += box.h + CELL_PAD
                y += row_h + ROW_GAP
            y -= ROW_GAP
        last = self.grid_tier if self.panels else len(self.rows) - 1
        if gap_keys.get(last + 1):
            self.gap_top[last + 1] = y
            y += gap_height(last + 1)
        self.height = y + MARGIN
        return {
            (index, key): self.gap_top[index] + GAP_PAD + position * LANE
            for index, keys in gap_keys.items()
            # Lanes ordered by the upper box's position, so that fewer of them cross.
            for position, key in enumerate(sorted(keys, key=lambda k: self.boxes[k[1]].x))
        }

    @staticmethod
    def _panel_height(panel: ChartPanel) -> float:
        header = CELL_PAD + len(panel.label_lines) * 15 + 6
        return header + sum(box.h + CELL_PAD for box in panel.boxes)

    # -- routing --

    def _attach(self, box: ChartBox, kind: EdgeKind) -> Point:
        return (box.centre_x + ATTACH_OFFSET[kind], box.bottom)

    def _gutter_x(self, box: ChartBox, key: tuple, lanes: dict[tuple, float]) -> float:
        return box.x - CELL_PAD - self.gutter + lanes[key]

    def _side_y(self, box: ChartBox, relation: tuple, side_points: dict[int, list]) -> float:
        mine = side_points[box.group_id]
        index = mine.index(relation)
        return box.y + box.h / 2 + (index - (len(mine) - 1) / 2) * LANE

    def _exit_x(self, box: ChartBox, relation: tuple, exits: dict[int, list]) -> float:
        mine = exits[box.group_id]
        index = mine.index(relation)
        return box.x + box.w * (index + 1) / (len(mine) + 1)

    def _route(self, relation, gap_lane_y, gutter_lanes, exits_up, side_points, trunks, gutter):
        kind, _source, _target, upper_id, lower_id = relation
        upper, lower = self.boxes[upper_id], self.boxes[lower_id]
        tu, tl = self.tier_of_box[upper_id], self.tier_of_box[lower_id]
        if tu == tl:
            return self._route_same_tier(relation, gap_lane_y, gutter_lanes, side_points)
        key = ("bus", upper_id, kind)
        low_y = gap_lane_y[(tl, key)]
        attach = self._attach(upper, kind)
        points: list[Point] = []
        if tl == self.grid_tier:
            side_y = self._side_y(lower, relation, side_points)
            gutter_x = self._gutter_x(lower, key, gutter_lanes)
            points += [(lower.x, side_y), (gutter_x, side_y), (gutter_x, low_y)]
        else:
            # Exits spread along the top, ordered by where they are going, to avoid crossings.
            exits_up[lower_id].sort(key=lambda r: self._attach(self.boxes[r[3]], r[0])[0])
            exit_x = self._exit_x(lower, relation, exits_up)
            points += [(exit_x, lower.y), (exit_x, low_y)]
        if tl - tu == 1:
            points += [(attach[0], low_y), attach]
            return points
        trunk = self._trunk_x(key, attach[0], range(tu + 1, tl), trunks)
        high_y = gap_lane_y[(tu + 1, key)]
        points += [(trunk, low_y), (trunk, high_y), (attach[0], high_y), attach]
        return points

    def _route_same_tier(self, relation, gap_lane_y, gutter_lanes, side_points) -> list[Point]:
        kind, _source, _target, upper_id, lower_id = relation
        a, b = self.boxes[lower_id], self.boxes[upper_id]
        key = ("same", upper_id, lower_id, kind)
        tier = self.tier_of_box[upper_id]
        if tier == self.grid_tier:
            lane_y = gap_lane_y[(tier, key)]
            points = []
            for box in (a, b):
                side_y = self._side_y(box, relation, side_points)
                gutter_x = self._gutter_x(box, key, gutter_lanes)
                points.append([(box.x, side_y), (gutter_x, side_y), (gutter_x, lane_y)])
            return points[0] + list(reversed(points[1]))
        lane_y = gap_lane_y[(tier + 1, key)]
        rightwards = b.x > a.x
        ax = a.right - 16 if rightwards else a.x + 16
        bx = b.x + 16 if rightwards else b.right - 16
        return [(ax, a.bottom), (ax, lane_y), (bx, lane_y), (bx, b.bottom)]

    def _trunk_x(
        self, key: tuple, wanted: float, tiers: range, trunks: dict[tuple, float]
    ) -> float:
        """A vertical track through the tiers in between, as close as possible to ``wanted``.

        A bus that climbs from several tiers reuses its track where it is free, so it merges.
        """
        if (key, tiers.stop) in trunks:
            return trunks[(key, tiers.stop)]
        blocked = sorted((box.x - 6, box.right + 6) for tier in tiers for box in self.rows[tier])
        mine = [x for (other, _stop), x in trunks.items() if other == key]
        used = {x for (other, _stop), x in trunks.items() if other != key}

        def free(x: float) -> bool:
            return x not in used and not any(start <= x <= end for start, end in blocked)

        reusable = [x for x in mine if free(x)]
        if reusable:
            best = reusable[0]
        else:
            candidates = [wanted]
            if blocked:
                candidates += [blocked[0][0] - 14, max(end for _start, end in blocked) + 14]
                candidates += [
                    (end + start) / 2 for (_s, end), (start, _e) in itertools.pairwise(blocked)
                ]
            # Near each candidate, step aside by a lane if another bus already climbs there;
            # right of everything there is always room (the canvas grows to fit).
            options = [x + step * LANE for x in candidates for step in (0, 1, -1, 2, -2, 3, -3)]
            right = max([end for _start, end in blocked], default=wanted) + 14
            options += [right + step * LANE for step in range(len(used) + 1)]
            best = min((x for x in options if x >= LANE and free(x)), key=lambda x: abs(x - wanted))
        trunks[(key, tiers.stop)] = best
        return best


def _add(items: list, item: object) -> None:
    if item not in items:
        items.append(item)


def _chunks(items: list[ChartBox], size: int) -> list[list[ChartBox]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _simplify(points: list[Point]) -> list[Point]:
    """Drop repeated points and the middle of three points on one straight line."""
    result: list[Point] = []
    for point in points:
        point = (round(point[0], 1), round(point[1], 1))
        if result and result[-1] == point:
            continue
        if len(result) >= 2:
            (x1, y1), (x2, y2) = result[-2], result[-1]
            if (x1 == x2 == point[0]) or (y1 == y2 == point[1]):
                result[-1] = point
                continue
        result.append(point)
    return result


# --- rendering -----------------------------------------------------------------------------

TITLE_BAND = 48.0  # with a title of one line
TITLE_SIZE = 18.0
TITLE_LINE = 24.0
LEGEND_BAND = 44.0


def _text(
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    bold: bool = False,
    fill: str = TEXT_COLOUR,
    anchor: str = "start",
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}"{weight} fill="{fill}" '
        f'text-anchor="{anchor}">{escape(_clean(text))}</text>'
    )


def render_svg(
    layout: ChartLayout,
    *,
    title: str,
    link_prefix: str | None = None,
    show_title: bool = True,
) -> str:
    """The chart as a standalone SVG document.

    ``link_prefix`` such as ``/k/testby/grupper/`` makes every box a link to
    ``<link_prefix><group id>/``. All text is escaped: group names are user input.

    ``title`` is always the picture's accessible name; it is also drawn on top (wrapped to the
    width, never cut) unless ``show_title`` is false — on a page whose heading already says it.
    """
    width = max(layout.width, 560.0)
    title_lines = (
        wrap(_clean(title), width - 2 * MARGIN, TITLE_SIZE, bold=True) if show_title else []
    )
    title_band = TITLE_BAND + (len(title_lines) - 1) * TITLE_LINE if title_lines else 12.0
    height = title_band + layout.height + LEGEND_BAND
    names = {box.group_id: box.name for box in layout.boxes}
    # A picture without links is an image; with links inside it is a group of links, since an
    # image may not contain interactive elements (WCAG 4.1.2, axe "nested-interactive").
    role = "group" if link_prefix else "img"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="{role}" '
        'aria-labelledby="orgchart-title orgchart-desc" '
        f'font-family="{FONT_FAMILY}" class="orgchart">',
        f'<title id="orgchart-title">{escape(_clean(title))}</title>',
        f'<desc id="orgchart-desc">{escape(_clean(_describe(layout, names)))}</desc>',
        "<defs>",
        '<marker id="orgchart-arrow-end" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto" markerUnits="userSpaceOnUse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{EDGE_COLOUR}"/></marker>',
        '<marker id="orgchart-arrow-start" viewBox="0 0 10 10" refX="0" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto" markerUnits="userSpaceOnUse">'
        f'<path d="M10,0 L0,5 L10,10 z" fill="{EDGE_COLOUR}"/></marker>',
        "</defs>",
        # The focus and hover outline of a box is in samverka.css: a <style> element here would be
        # inline CSS, which the Content Security Policy refuses.
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        *(
            _text(MARGIN, 32 + index * TITLE_LINE, line, TITLE_SIZE, bold=True)
            for index, line in enumerate(title_lines)
        ),
        f'<g transform="translate(0,{title_band:.0f})">',
    ]
    for panel in layout.panels:
        out.append(
            f'<rect class="orgchart-panel" x="{panel.x:.1f}" y="{panel.y:.1f}" '
            f'width="{panel.w:.1f}" height="{panel.h:.1f}" rx="6" fill="{PANEL_FILL}" '
            f'stroke="{PANEL_STROKE}"/>'
        )
        for index, line in enumerate(panel.label_lines):
            out.append(
                _text(
                    panel.x + CELL_PAD,
                    panel.y + CELL_PAD + 12 + index * 15,
                    line,
                    PANEL_SIZE,
                    bold=True,
                )
            )
    for edge in layout.edges:
        drawn = edge.points if edge.source_is_upper else tuple(reversed(edge.points))
        marker = "marker-end" if edge.source_is_upper else "marker-start"
        arrow = "end" if edge.source_is_upper else "start"
        dash = DASHES[edge.kind]
        dash_attr = f' stroke-dasharray="{dash}" stroke-linecap="round"' if dash else ""
        d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in drawn)
        out.append(
            f'<path class="orgchart-edge orgchart-edge-{edge.kind}" data-source="{edge.source_id}" '
            f'data-target="{edge.target_id}" d="{d}" fill="none" stroke="{EDGE_COLOUR}" '
            f'stroke-width="1.5"{dash_attr} {marker}="url(#orgchart-arrow-{arrow})"/>'
        )
    for box in layout.boxes:
        out.append(_render_box(box, link_prefix))
    if not layout.boxes:
        out.append(_text(MARGIN, MARGIN + 14, _("Inga grupper är registrerade."), NAME_SIZE))
    out.append("</g>")
    out.append(_legend(title_band + layout.height + 8))
    out.append("</svg>")
    return "\n".join(out)


def _render_box(box: ChartBox, link_prefix: str | None) -> str:
    fill, stroke = STYLE_BY_TIER[box.style]
    parts = [
        f"<title>{escape(box.name)}</title>",
        f'<rect class="orgchart-box" x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" '
        f'height="{box.h:.1f}" rx="4" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>',
    ]
    y = box.y + BOX_PAD + 12
    for line in box.name_lines:
        parts.append(_text(box.x + BOX_PAD, y, line, NAME_SIZE, bold=True))
        y += 16
    y += 2
    for line in box.detail_lines:
        parts.append(_text(box.x + BOX_PAD, y, line, DETAIL_SIZE, fill=SECONDARY_TEXT))
        y += 14
    if box.extra_lines:
        y += 6
    for line in box.extra_lines:
        parts.append(_text(box.x + BOX_PAD, y, line, DETAIL_SIZE))
        y += 14
    inner = "".join(parts)
    attributes = f'class="orgchart-group" data-group-id="{box.group_id}"'
    if link_prefix is None:
        return f"<g {attributes}>{inner}</g>"
    href = quoteattr(f"{link_prefix}{box.group_id}/")
    return f"<a {attributes} href={href}>{inner}</a>"


def _legend(y: float) -> str:
    parts = [f'<g class="orgchart-legend" transform="translate({MARGIN:.0f},{y:.0f})">']
    x = 0.0
    for kind in EdgeKind:
        dash = DASHES[kind]
        dash_attr = f' stroke-dasharray="{dash}" stroke-linecap="round"' if dash else ""
        parts.append(
            f'<path d="M{x:.0f},14 L{x + 40:.0f},14" stroke="{EDGE_COLOUR}" stroke-width="1.5"'
            f'{dash_attr} marker-end="url(#orgchart-arrow-end)"/>'
        )
        parts.append(_text(x + 48, 18, kind.label, DETAIL_SIZE + 1))
        x += 48 + text_width(kind.label, DETAIL_SIZE + 1) + 32
    parts.append("</g>")
    return "".join(parts)


def _describe(layout: ChartLayout, names: dict[int, str]) -> str:
    """The chart as sentences, for screen readers."""
    if not layout.boxes:
        return _("Inga grupper är registrerade.")
    sentences = [
        _("Organisationsschema för %(name)s med %(count)d grupper.")
        % {"name": layout.municipality_name, "count": len(layout.boxes)}
    ]
    for box in layout.boxes:
        sentences.append(
            f"{box.name}: {box.kind_label}, {box.mandate_label.lower()}, {box.cadence_label}."
        )
        if box.specialist_functions:
            sentences.append(
                _("%(group)s har specialistfunktionerna %(names)s.")
                % {"group": box.name, "names": ", ".join(box.specialist_functions)}
            )
        if box.actors:
            sentences.append(
                _("I %(group)s deltar %(names)s.")
                % {"group": box.name, "names": ", ".join(box.actors)}
            )
    for edge in layout.edges:
        sentences.append(
            f"{names[edge.source_id]} {edge.kind.label.lower()} {names[edge.target_id]}."
        )
    return " ".join(sentences)


def render_png(svg: str, *, zoom: float = 1.5) -> bytes:
    """Render the SVG to PNG offline with resvg and the system fonts (DejaVu Sans)."""
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            zoom=zoom,
            sans_serif_family="DejaVu Sans",
            text_rendering="optimize_legibility",
        )
    )
