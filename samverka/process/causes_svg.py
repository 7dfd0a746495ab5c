"""The cause analysis as one server-side SVG: Brå's problem analysis triangle (offender, victim or
target and place inside; handler, guardian and place manager outside) with its texts, and the
cause tree below it.

Deterministic and offline (no fonts fetched, no clock, no random ids), accessible (role="img",
<title>, <desc>; the page shows the same content as headings and nested lists), and certainty is
shown by a text marker and a line style, never by colour alone. Embeds as it is in WeasyPrint.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any
from xml.sax.saxutils import escape

from samverka.process.models import CauseAnalysis, Certainty, TriangleSide

INK = "#1b1f24"
MUTED = "#4a5360"
BRAND = "#0b4f8a"
PAPER = "#ffffff"
INNER_FILL = "#eef4fa"

WIDTH = 880
Point = tuple[float, float]
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
CHARS_WIDE = 0.58  # a character's width in em, generously, for wrapping without font metrics

# Certainty: a marker in words and a line style (solid, dashed, dotted).
CERTAINTY_DASH = {
    Certainty.ESTABLISHED: "",
    Certainty.LIKELY: ' stroke-dasharray="8 4"',
    Certainty.ASSUMED: ' stroke-dasharray="2 4"',
}
CERTAINTY_MARK = {
    Certainty.ESTABLISHED: "Belagd",
    Certainty.LIKELY: "Trolig",
    Certainty.ASSUMED: "Antagande",
}

SIDES = [
    ("offender", "Gärningsperson"),
    ("target", "Offer eller mål"),
    ("place", "Plats"),
    ("handler", "Påverkare (nära gärningspersonen)"),
    ("guardian", "Väktare (skyddar offret eller målet)"),
    ("place_manager", "Platsansvarig"),
]


def _t(value: Any) -> str:
    return escape(str(value), {'"': "&quot;"})


def _wrap(text: str, width_px: float, size: int, max_lines: int) -> list[str]:
    chars = max(8, int(width_px / (size * CHARS_WIDE)))
    lines: list[str] = []
    for paragraph in (text or "").splitlines():
        lines.extend(textwrap.wrap(paragraph, chars))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last[: max(0, chars - 1)]).rstrip() + "…"
    return lines


def _text_lines(x: float, y: float, lines: list[str], *, size: int, fill: str = INK) -> str:
    out = []
    for i, line in enumerate(lines):
        out.append(
            f'<text x="{x:.0f}" y="{y + i * (size + 4):.0f}" font-size="{size}" '
            f'fill="{fill}">{_t(line)}</text>'
        )
    return "".join(out)


def _triangle(analysis: CauseAnalysis, top: int) -> tuple[list[str], int]:
    """The two triangles on the left, the six texts in a column on the right."""
    parts: list[str] = []
    # Outer triangle: those who could act; inner: the problem's three sides.
    ox, oy, size = 20, top + 10, 360
    outer = [(ox + size / 2, oy), (ox, oy + size * 0.87), (ox + size, oy + size * 0.87)]
    cx = sum(p[0] for p in outer) / 3
    cy = sum(p[1] for p in outer) / 3
    inner = [(cx + (x - cx) * 0.5, cy + (y - cy) * 0.5) for x, y in outer]

    def poly(points: list[tuple[float, float]], fill: str, width: int) -> str:
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        return f'<polygon points="{coords}" fill="{fill}" stroke="{INK}" stroke-width="{width}"/>'

    parts.append(poly(outer, PAPER, 2))
    parts.append(poly(inner, INNER_FILL, 2))

    # Each side's name along the side, just inside it: the problem's three sides inside the
    # inner triangle, those who could act on them in the ring between the two triangles.
    def along(a: Point, b: Point, text: str, *, bold: bool) -> str:
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        angle = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
        if angle > 90:
            angle -= 180
        elif angle < -90:
            angle += 180
        nx, ny = mx - cx, my - cy  # outwards from the centre
        length = math.hypot(nx, ny) or 1.0
        nx, ny = nx / length, ny / length
        up = (math.sin(math.radians(angle)), -math.cos(math.radians(angle)))
        depth = 16 if up[0] * nx + up[1] * ny > 0 else 5  # the glyphs stay inside the side
        x, y = mx - nx * depth, my - ny * depth
        weight = ' font-weight="bold"' if bold else ' font-style="italic"'
        return (
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="12"{weight} text-anchor="middle" '
            f'fill="{INK if bold else MUTED}" transform="rotate({angle:.1f} {x:.1f} {y:.1f})">'
            f"{_t(text)}</text>"
        )

    parts.append(along(inner[0], inner[1], "Gärningsperson", bold=True))
    parts.append(along(inner[0], inner[2], "Offer eller mål", bold=True))
    parts.append(along(inner[1], inner[2], "Plats", bold=True))
    parts.append(along(outer[0], outer[1], "Påverkare", bold=False))
    parts.append(along(outer[0], outer[2], "Väktare", bold=False))
    parts.append(along(outer[1], outer[2], "Platsansvarig", bold=False))

    # The texts, in a column to the right of the picture.
    x, y = 410, top + 16
    width = WIDTH - x - 10
    for name, label in SIDES:
        parts.append(
            f'<text x="{x}" y="{y}" font-size="13" font-weight="bold" fill="{INK}">'
            f"{_t(label)}</text>"
        )
        y += 18
        lines = _wrap(getattr(analysis, name, "") or "", width, 12, 4) or ["(inte beskrivet)"]
        parts.append(_text_lines(x, y, lines, size=12, fill=INK if lines else MUTED))
        y += len(lines) * 16 + 10
    bottom = max(int(oy + size * 0.87 + 30), y)
    return parts, bottom


def _tree(analysis: CauseAnalysis, top: int) -> tuple[list[str], int]:
    from samverka.process.services.problems import cause_tree

    parts = [
        f'<text x="10" y="{top + 18}" font-size="15" font-weight="bold" fill="{INK}">'
        "Orsaksträd</text>",
        f'<text x="10" y="{top + 36}" font-size="11" fill="{MUTED}">'
        "Heldragen ram: belagd. Streckad: trolig. Prickad: antagande.</text>",
    ]
    y = top + 50
    tree = cause_tree(analysis)
    if not tree:
        parts.append(
            f'<text x="10" y="{y + 16}" font-size="12" fill="{MUTED}">'
            "Inga orsaker beskrivna ännu.</text>"
        )
        return parts, y + 30
    sides = dict(TriangleSide.choices)

    def draw(nodes: list[Any], depth: int, parent_anchor: tuple[float, float] | None) -> None:
        nonlocal y
        for cause, children in nodes:
            x = 10 + depth * 36
            width = WIDTH - x - 10
            title_lines = _wrap(cause.title, width - 16, 13, 3)
            marker = f"[{CERTAINTY_MARK.get(cause.certainty, cause.certainty)}] " + str(
                sides.get(cause.side, cause.side)
            )
            height = 12 + len(title_lines) * 17 + 16 + 6
            dash = CERTAINTY_DASH.get(cause.certainty, "")
            if parent_anchor is not None:
                px, py = parent_anchor
                parts.append(
                    f'<path d="M{px:.0f},{py:.0f} V{y + height / 2:.0f} H{x}" fill="none" '
                    f'stroke="{INK}" stroke-width="1.5"{dash}/>'
                )
            parts.append(
                f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="4" '
                f'fill="{PAPER}" stroke="{BRAND}" stroke-width="2"{dash}/>'
            )
            parts.append(
                f'<text x="{x + 8}" y="{y + 14}" font-size="11" fill="{MUTED}">{_t(marker)}</text>'
            )
            for i, line in enumerate(title_lines):
                parts.append(
                    f'<text x="{x + 8}" y="{y + 32 + i * 17}" font-size="13" '
                    f'font-weight="bold" fill="{INK}">{_t(line)}</text>'
                )
            anchor = (x + 18, y + height)
            y += height + 10
            draw(children, depth + 1, anchor)

    draw(tree, 0, None)
    return parts, y


def cause_analysis_svg(analysis: CauseAnalysis, *, uid: str = "") -> str:
    """The triangle and the tree as one SVG document (also embeddable inline in HTML)."""
    problem = analysis.problem
    uid = uid or f"ca-{problem.pk}"
    body_triangle, after_triangle = _triangle(analysis, 10)
    body_tree, after_tree = _tree(analysis, after_triangle + 10)
    height = after_tree + 10
    title = f"Orsaksanalys: {problem.title}"
    desc = (
        "Problemanalystriangeln med gärningsperson, offer eller mål och plats, och de som kan "
        "påverka varje sida (påverkare, väktare, platsansvarig), följd av orsaksträdet. "
        "Samma innehåll finns som text på sidan."
    )
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" '
        f'aria-labelledby="{uid}-title {uid}-desc" class="cause-analysis" {FONT}>'
        f'<title id="{uid}-title">{_t(title)}</title>'
        f'<desc id="{uid}-desc">{_t(desc)}</desc>'
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="{PAPER}"/>'
    )
    return head + "".join(body_triangle) + "".join(body_tree) + "</svg>"
