"""Charts as server-rendered inline SVG, the same on the page and in the PDF.

``line_chart`` draws yearly values of a few places (the area, its county, the whole country) with
an optional shaded band (the middle 50 % of similar municipalities); ``bar_chart`` draws one
value per category. Both are images (``role="img"``) with a ``<title>`` and a ``<desc>`` that says
what the chart shows in words; the page puts a table with the same figures beside each, so that
nothing is only in the picture. Lines differ by dash pattern and marker shape as well as colour,
and each line is named at its end, so no meaning rests on colour alone (WCAG 1.4.1). All text is
escaped: names come from users and files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

from samverka.lib.rates import format_number

FONT = "'DejaVu Sans', Verdana, sans-serif"
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
GRID = "#d0d4da"
BAND_FILL = "#e3e8ef"
# Dark enough for 3:1 against white (WCAG 1.4.11, graphical objects).
STYLES = (
    ("#1f4e8c", "", "circle"),
    ("#8a5a00", "8 4", "square"),
    ("#2e6b35", "2 4", "triangle"),
    ("#8c2f2f", "12 4 2 4", "diamond"),
)
WIDTH, HEIGHT = 640.0, 340.0
LEFT, RIGHT, TOP, BOTTOM = 72.0, 170.0, 48.0, 56.0


@dataclass(frozen=True)
class Line:
    name: str
    points: tuple[tuple[int, float | None], ...]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = 12,
    anchor: str = "start",
    fill: str = TEXT,
    bold: bool = False,
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
        f'fill="{fill}"{weight}>{escape(text)}</text>'
    )


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 4:.1f} L{x - 5:.1f},{y + 4:.1f} z" '
            f'fill="{colour}"/>'
        )
    if shape == "diamond":
        return (
            f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} '
            f'L{x - 5:.1f},{y:.1f} z" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _open(ident: str, title: str, desc: str, height: float = HEIGHT) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" '
        f'width="{WIDTH:.0f}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}" class="stats-chart">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<rect width="{WIDTH:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        _text(LEFT - 60, 24, title, size=14, bold=True),
    ]


def line_chart(
    *,
    ident: str,
    title: str,
    desc: str,
    lines: list[Line],
    unit: str,
    band: list[tuple[int, float, float]] | None = None,
    band_label: str = "",
) -> str:
    """Yearly values of a few places, with an optional band (low–high per year)."""
    years = sorted(
        {year for line in lines for year, _v in line.points} | {y for y, *_ in band or []}
    )
    out = _open(ident, title, desc)
    values = [v for line in lines for _y, v in line.points if v is not None]
    values += [high for _y, _low, high in band or []]
    if not years or not values:
        out.append(_text(LEFT, HEIGHT / 2, "Uppgift saknas för alla år.", size=13))
        out.append("</svg>")
        return "\n".join(out)
    top = _nice_max(max(values) * 1.05)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    first, last = years[0], years[-1]

    def x_of(year: int) -> float:
        return LEFT + (plot_w / 2 if first == last else plot_w * (year - first) / (last - first))

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    for step in range(5):
        value = top * step / 4
        y = y_of(value)
        out.append(
            f'<line x1="{LEFT:.1f}" y1="{y:.1f}" x2="{LEFT + plot_w:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(_text(LEFT - 8, y + 4, format_number(value), size=11, anchor="end", fill=MUTED))
    out.append(_text(LEFT - 60, TOP - 10, unit, size=11, fill=MUTED))
    label_every = max(1, math.ceil(len(years) / 8))
    for index, year in enumerate(years):
        if index % label_every == 0 or year == last:
            out.append(
                _text(
                    x_of(year),
                    HEIGHT - BOTTOM + 18,
                    str(year),
                    size=11,
                    anchor="middle",
                    fill=MUTED,
                )
            )
    if band:
        ordered = sorted(band)
        upper = " L".join(f"{x_of(y):.1f},{y_of(high):.1f}" for y, _low, high in ordered)
        lower = " L".join(f"{x_of(y):.1f},{y_of(low):.1f}" for y, low, _high in reversed(ordered))
        if len(ordered) == 1:
            y, low, high = ordered[0]
            out.append(
                f'<rect x="{x_of(y) - 10:.1f}" y="{y_of(high):.1f}" width="20" '
                f'height="{max(y_of(low) - y_of(high), 1):.1f}" fill="{BAND_FILL}" '
                f'stroke="{MUTED}" stroke-dasharray="3 3"/>'
            )
        else:
            out.append(
                f'<path d="M{upper} L{lower} z" fill="{BAND_FILL}" stroke="{MUTED}" '
                'stroke-dasharray="3 3"/>'
            )
    legend_y = TOP + 8
    for index, line in enumerate(lines):
        colour, dash, shape = STYLES[index % len(STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        for year, point in sorted(line.points):
            if point is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x_of(year):.1f},{y_of(point):.1f}")
        if segment:
            segments.append(segment)
        for run in segments:
            if len(run) > 1:
                out.append(
                    f'<path d="M{" L".join(run)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dash_attr}/>'
                )
        for year, point in line.points:
            if point is not None:
                out.append(_marker(shape, x_of(year), y_of(point), colour))
        # Legend at the right: marker, line sample and the name.
        lx = WIDTH - RIGHT + 16
        out.append(
            f'<line x1="{lx:.1f}" y1="{legend_y:.1f}" x2="{lx + 24:.1f}" y2="{legend_y:.1f}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        out.append(_marker(shape, lx + 12, legend_y, colour))
        for offset, part in enumerate(_wrap(line.name, 16)[:3]):
            out.append(_text(lx + 30, legend_y + 4 + offset * 14, part, size=11))
        legend_y += 18 + 14 * min(len(_wrap(line.name, 16)), 3)
    if band:
        lx = WIDTH - RIGHT + 16
        out.append(
            f'<rect x="{lx:.1f}" y="{legend_y - 6:.1f}" width="24" height="12" fill="{BAND_FILL}" '
            f'stroke="{MUTED}" stroke-dasharray="3 3"/>'
        )
        for offset, part in enumerate(_wrap(band_label, 16)[:4]):
            out.append(_text(lx + 30, legend_y + 4 + offset * 14, part, size=11))
    out.append("</svg>")
    return "\n".join(out)


def bar_chart(*, ident: str, title: str, desc: str, bars: list[Bar], unit: str) -> str:
    """One horizontal bar per category; a missing value is written out, not drawn as zero."""
    row_h = 26.0
    height = TOP + row_h * max(len(bars), 1) + 40
    out = _open(ident, title, desc, height)
    values = [bar.value for bar in bars if bar.value is not None]
    if not values:
        out.append(_text(LEFT, TOP + 20, "Uppgift saknas.", size=13))
        out.append("</svg>")
        return "\n".join(out)
    label_w = 220.0
    plot_x = label_w + 10
    plot_w = WIDTH - plot_x - 90
    top = _nice_max(max(values))
    out.append(_text(plot_x, TOP - 12, unit, size=11, fill=MUTED))
    colour = STYLES[0][0]
    for index, bar in enumerate(bars):
        y = TOP + index * row_h
        label = _wrap(bar.label, 30)[0]
        out.append(_text(label_w, y + 17, label, size=11, anchor="end"))
        if bar.value is None:
            out.append(_text(plot_x, y + 17, "uppgift saknas", size=11, fill=MUTED))
            continue
        width = max(plot_w * bar.value / top, 1)
        out.append(
            f'<rect x="{plot_x:.1f}" y="{y + 5:.1f}" width="{width:.1f}" height="{row_h - 10:.1f}" '
            f'fill="{colour}"/>'
        )
        out.append(_text(plot_x + width + 6, y + 17, format_number(bar.value), size=11))
    out.append("</svg>")
    return "\n".join(out)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines or [""]
