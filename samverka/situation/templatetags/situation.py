"""Template helpers of the lägesbild: a comparison cell, coverage states, colours."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverka.situation.figures.typed import Comparison, finding_anchor

register = template.Library()

STATES = {
    "reported": ("✓", gettext_lazy("rapporterat")),
    "nothing_to_report": ("–", gettext_lazy("inget att rapportera")),
    "missing": ("✗", gettext_lazy("saknas")),
}
COLOURS = {"green": gettext_lazy("Grön"), "yellow": gettext_lazy("Gul"), "red": gettext_lazy("Röd")}
# A shape as well as a colour, so that the status never rests on colour alone.
SHAPES = {"green": "●", "yellow": "▲", "red": "■"}


def _number(value: float) -> str:
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(value, 1, force_grouping=True)


@register.simple_tag
def change(c: Comparison | None) -> SafeString:
    """A comparison: the reference, the change in per cent, and a flag when significant."""
    if not c:
        return format_html("–")
    reference = _number(c.reference)
    percent = c.percent
    shown = format_html("{}", reference)
    if percent is not None and c.direction != "same":
        sign = "+" if percent > 0 else "−"
        shown = format_html(
            '{} <span class="change">({}{} %)</span>',
            reference,
            sign,
            number_format(abs(round(percent)), force_grouping=True),
        )
    if c.significant:
        label = _("säker ökning") if c.direction == "up" else _("säker minskning")
        css = "flag-up" if c.direction == "up" else "flag-down"
        arrow = "↑" if c.direction == "up" else "↓"
        return format_html(
            '{} <span class="badge {}"><span aria-hidden="true">{}</span> {}</span>',
            shown,
            css,
            arrow,
            label,
        )
    return shown


@register.filter
def number(value: Any) -> str:
    try:
        return _number(float(value))
    except (TypeError, ValueError):
        return str(value)


@register.simple_tag
def state(value: str) -> SafeString:
    symbol, label = STATES.get(value, ("?", value))
    return format_html(
        '<span class="state state--{}"><span aria-hidden="true">{}</span> {}</span>',
        value,
        symbol,
        label,
    )


@register.simple_tag
def colour(value: str) -> SafeString:
    return format_html(
        '<span class="status status--{}"><span aria-hidden="true">{}</span> {}</span>',
        value,
        SHAPES.get(value, "?"),
        COLOURS.get(value, value),
    )


@register.filter
def week_short(code: str) -> str:
    """ "2026-W45" → "v. 45"."""
    try:
        return f"v. {int(code.split('W')[1])}"
    except (IndexError, ValueError):
        return code


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return (mapping or {}).get(key)


@register.filter
def anchor(key: str) -> str:
    """A finding's key as the id of its place on the page (``finding-category-3``)."""
    return finding_anchor(str(key))
