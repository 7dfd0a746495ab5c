"""Server-side SVG for the lägesbild: the trend chart and a static map (for the PDF and for a
browser without JavaScript). Deterministic, offline, accessible: each figure has a <title> and a
<desc>, and the page shows the same numbers as a table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

INK = "#1b1f24"
MUTED = "#4a5360"
LINE = "#c4cbd3"
BRAND = "#0b4f8a"
# Sequential classes for events per cell (light to dark); the darkest ones carry white text
# nowhere, so every class keeps at least 3:1 against the white map background but the first.
CELL_COLOURS = ["#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"]
CELL_CLASSES = ["1", "2–3", "4–7", "8–15", "16+"]
HOT_OUTLINE = "#1b1f24"


PUBLIC_CELL_CLASSES = ["1–4", "5–9", "10–19", "20–49", "50+"]
_PUBLIC_BREAKS = [5, 10, 20, 50]


def cell_class(n: int) -> int:
    """0–4: 1, 2–3, 4–7, 8–15, 16 and more events."""
    return min(4, max(0, int(math.log2(max(n, 1)))))


def public_cell_class(n: int) -> int:
    """0–4: 1–4 (the suppressed counts, one class), 5–9, 10–19, 20–49, 50 and more."""
    return sum(n >= b for b in _PUBLIC_BREAKS)


def _nice_max(value: float) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return math.ceil(top)
    return int(value)


def _text(value: Any) -> str:
    return escape(str(value))


def trend_svg(points: Sequence[dict[str, Any]], *, title: str, desc: str, uid: str) -> SafeString:
    """Columns per period (the current one darker), with a y axis and every other label."""
    width, height = 640, 240
    left, right, top, bottom = 44, 12, 16, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    counts = [int(p.get("count") or 0) for p in points]
    top_value = _nice_max(max(counts, default=0))
    n = max(len(points), 1)
    slot = plot_w / n
    bar = slot * 0.7
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" class="trend-chart" '
        f'font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<title id="{uid}-title">{_text(title)}</title>',
        f'<desc id="{uid}-desc">{_text(desc)}</desc>',
    ]
    for i in range(5):
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{LINE}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{value:g}</text>"
        )
    for i, (point, count) in enumerate(zip(points, counts, strict=True)):
        x = left + slot * i + (slot - bar) / 2
        h = plot_h * count / top_value if top_value else 0
        y = top + plot_h - h
        colour = BRAND if i == len(points) - 1 else "#6b8fb3"
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
            f"<title>{_text(point.get('label', ''))}: {count}</title></rect>"
        )
        if i % 2 == (len(points) - 1) % 2:  # every other label, always the current period's
            cx = x + bar / 2
            parts.append(
                f'<text x="{cx:.1f}" y="{height - bottom + 14}" text-anchor="end" '
                f'transform="rotate(-35 {cx:.1f} {height - bottom + 14})" fill="{INK}">'
                f"{_text(point.get('short', point.get('label', '')))}</text>"
            )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    # Safe: every name went through _text (escaped); everything else is a number.
    return mark_safe("".join(parts))


def _rings(geometry: dict[str, Any] | None) -> Iterable[list[list[float]]]:
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return list(geometry.get("coordinates") or [])
    if geometry.get("type") == "MultiPolygon":
        return [ring for poly in geometry.get("coordinates") or [] for ring in poly]
    return []


def map_svg(
    *,
    grid: dict[str, float],
    cells: Sequence[Sequence[int]],
    hotspots: Sequence[dict[str, Any]],
    areas: Sequence[dict[str, Any]],
    title: str,
    desc: str,
    uid: str,
    width: int = 640,
    max_height: int = 480,
    classify: Callable[[int], int] = cell_class,
) -> SafeString:
    """A static map: area boundaries (or labelled centroids), event cells, hot-spot outlines.

    ``areas``: [{"name", "boundary" (GeoJSON or None), "lat", "lon"}]. Longitude is scaled by
    cos(latitude) so that the map is not stretched east–west."""
    dlat, dlon = grid["dlat"], grid["dlon"]
    lats: list[float] = []
    lons: list[float] = []
    for row, col, _n in cells:
        lats += [row * dlat, (row + 1) * dlat]
        lons += [col * dlon, (col + 1) * dlon]
    for area in areas:
        for ring in _rings(area.get("boundary")):
            lons += [p[0] for p in ring]
            lats += [p[1] for p in ring]
        if area.get("lat") is not None and area.get("lon") is not None:
            lats.append(area["lat"])
            lons.append(area["lon"])

    def header(w: int, h: int) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
            f'aria-labelledby="{uid}-title {uid}-desc" class="static-map" '
            f'font-family="DejaVu Sans, sans-serif" font-size="11">'
            f'<title id="{uid}-title">{_text(title)}</title>'
            f'<desc id="{uid}-desc">{_text(desc)}</desc>'
        )

    if not lats:
        return mark_safe(header(width, 60) + "</svg>")
    pad = 0.08
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    dy, dx = (north - south) or 0.01, (east - west) or 0.01
    south, north, west, east = south - dy * pad, north + dy * pad, west - dx * pad, east + dx * pad
    kx = math.cos(math.radians((south + north) / 2))
    scale = width / ((east - west) * kx)
    if (north - south) * scale > max_height:  # a tall area: narrower, not taller
        scale = max_height / (north - south)
        width = max(120, int((east - west) * kx * scale))
    height = max(120, int((north - south) * scale))

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (lon - west) * kx * scale, (north - lat) * scale

    parts = [
        header(width, height),
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for row, col, n in cells:
        x0, y1 = xy(row * dlat, col * dlon)
        x1, y0 = xy((row + 1) * dlat, (col + 1) * dlon)
        parts.append(
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{max(x1 - x0, 1):.1f}" '
            f'height="{max(y1 - y0, 1):.1f}" fill="{CELL_COLOURS[classify(n)]}"/>'
        )
    for spot in hotspots:
        row, col = spot["row"], spot["col"]
        x0, y1 = xy(row * dlat, col * dlon)
        x1, y0 = xy((row + 1) * dlat, (col + 1) * dlon)
        parts.append(
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{max(x1 - x0, 1):.1f}" '
            f'height="{max(y1 - y0, 1):.1f}" fill="none" stroke="{HOT_OUTLINE}" '
            f'stroke-width="2" stroke-dasharray="4 2"/>'
        )
    for area in areas:
        for ring in _rings(area.get("boundary")):
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(p[1], p[0]) for p in ring))
            parts.append(
                f'<polygon points="{path}" fill="none" stroke="{BRAND}" stroke-width="1.5"/>'
            )
        if area.get("lat") is not None and area.get("lon") is not None:
            x, y = xy(area["lat"], area["lon"])
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{BRAND}"/>')
            parts.append(
                f'<text x="{x + 4:.1f}" y="{y - 4:.1f}" fill="{INK}">{_text(area["name"])}</text>'
            )
    parts.append("</svg>")
    # Safe: every name went through _text (escaped); everything else is a number.
    return mark_safe("".join(parts))
