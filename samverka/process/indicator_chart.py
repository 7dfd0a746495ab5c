"""An indicator over time as server-rendered SVG, with its target line and its baseline.

An image (``role="img"``) with a ``<title>`` and a ``<desc>`` saying in words what it shows; the
page puts the same values in a table beside it. The values are a solid line with round markers,
the target a dashed line and the baseline a dotted one, each named in the legend, so nothing rests
on colour alone. Deterministic: the same values give the same bytes. All text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from samverka.lib.rates import format_number
from samverka.process.models import Indicator
from samverka.process.services.goals import IndicatorPoint
from samverka.stats.charts import FONT, GRID, MUTED, TEXT, _marker, _nice_max, _text, _wrap

WIDTH, HEIGHT = 640.0, 340.0
LEFT, RIGHT, TOP, BOTTOM = 72.0, 170.0, 48.0, 64.0
VALUE_COLOUR = "#1f4e8c"
TARGET_COLOUR = "#2e6b35"
BASELINE_COLOUR = "#8a5a00"


def _number(value: Decimal | float | None) -> str:
    return "" if value is None else format_number(float(value))


def chart_svg(
    *,
    ident: str,
    title: str,
    desc: str,
    points: Sequence[tuple[str, float]],
    unit: str,
    baseline: float | None = None,
    target: float | None = None,
) -> str:
    """Values (label, value) in order, with horizontal lines for the target and the baseline."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" '
        f'width="{WIDTH:.0f}" height="{HEIGHT:.0f}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}" '
        'class="stats-chart indicator-chart">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<rect width="{WIDTH:.0f}" height="{HEIGHT:.0f}" fill="#ffffff"/>',
        _text(LEFT - 60, 24, _wrap(title, 70)[0], size=14, bold=True),
    ]
    if not points:
        out.append(_text(LEFT, HEIGHT / 2, _("Inga värden ännu."), size=13))
        out.append("</svg>")
        return "\n".join(out)
    values = [v for _label, v in points]
    lines = [v for v in (baseline, target) if v is not None]
    high = max([*values, *lines, 0.0])
    low = min([*values, *lines, 0.0])
    top = _nice_max(high * 1.05) if high > 0 else 1.0
    bottom = -_nice_max(-low * 1.05) if low < 0 else 0.0
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    count = len(points)

    def x_of(index: int) -> float:
        return LEFT + (plot_w / 2 if count == 1 else plot_w * index / (count - 1))

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - (value - bottom) / (top - bottom))

    for step in range(5):
        value = bottom + (top - bottom) * step / 4
        y = y_of(value)
        out.append(
            f'<line x1="{LEFT:.1f}" y1="{y:.1f}" x2="{LEFT + plot_w:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(_text(LEFT - 8, y + 4, format_number(value), size=11, anchor="end", fill=MUTED))
    out.append(_text(LEFT - 60, TOP - 10, unit, size=11, fill=MUTED))
    label_every = max(1, math.ceil(count / 6))
    for index, (label, _v) in enumerate(points):
        if index % label_every == 0 or index == count - 1:
            out.append(
                _text(
                    x_of(index), HEIGHT - BOTTOM + 18, label, size=11, anchor="middle", fill=MUTED
                )
            )
    legend: list[tuple[str, str, str, bool]] = [(_("Värde"), VALUE_COLOUR, "", True)]
    for level, name, colour, dash in (
        (target, _("Målvärde"), TARGET_COLOUR, "8 4"),
        (baseline, _("Utgångsvärde"), BASELINE_COLOUR, "2 4"),
    ):
        if level is None:
            continue
        y = y_of(level)
        out.append(
            f'<line x1="{LEFT:.1f}" y1="{y:.1f}" x2="{LEFT + plot_w:.1f}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>'
        )
        legend.append((f"{name} {format_number(level)}", colour, dash, False))
    run = " L".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, (_l, v) in enumerate(points))
    if count > 1:
        out.append(f'<path d="M{run}" fill="none" stroke="{VALUE_COLOUR}" stroke-width="2.5"/>')
    for index, (_label, value) in enumerate(points):
        out.append(_marker("circle", x_of(index), y_of(value), VALUE_COLOUR))
    legend_y = TOP + 8
    lx = WIDTH - RIGHT + 16
    for name, colour, dash, marker in legend:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{lx:.1f}" y1="{legend_y:.1f}" x2="{lx + 24:.1f}" y2="{legend_y:.1f}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        if marker:
            out.append(_marker("circle", lx + 12, legend_y, colour))
        parts = _wrap(name, 16)[:3]
        for offset, part in enumerate(parts):
            out.append(_text(lx + 30, legend_y + 4 + offset * 14, part, size=11, fill=TEXT))
        legend_y += 18 + 14 * len(parts)
    out.append("</svg>")
    return "\n".join(out)


def describe(indicator: Indicator, points: Sequence[IndicatorPoint]) -> str:
    """The chart in words (its ``<desc>``)."""
    if not points:
        return _("%(name)s har inga värden ännu.") % {"name": indicator.name}
    first, last = points[0], points[-1]
    text = _("%(name)s från %(a)s till %(b)s: från %(v1)s till %(v2)s %(unit)s.") % {
        "name": indicator.name,
        "a": first.label,
        "b": last.label,
        "v1": _number(first.value),
        "v2": _number(last.value),
        "unit": indicator.unit,
    }
    if indicator.target_value is not None:
        text += " " + _("Målvärdet är %(t)s%(by)s.") % {
            "t": _number(indicator.target_value),
            "by": (
                _(" senast %(d)s") % {"d": indicator.deadline.isoformat()}
                if indicator.deadline
                else ""
            ),
        }
    if indicator.baseline_value is not None:
        text += " " + _("Utgångsvärdet är %(b)s.") % {"b": _number(indicator.baseline_value)}
    return text


def indicator_chart(indicator: Indicator, points: Sequence[IndicatorPoint]) -> str:
    """The indicator's chart (SVG text, escaped throughout)."""
    return chart_svg(
        ident=f"indicator-{indicator.pk}",
        title=indicator.name,
        desc=describe(indicator, points),
        points=[(p.label, float(p.value)) for p in points],
        unit=indicator.unit,
        baseline=None if indicator.baseline_value is None else float(indicator.baseline_value),
        target=None if indicator.target_value is None else float(indicator.target_value),
    )
