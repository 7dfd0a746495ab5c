"""``{% situation_sections report %}``: the sections later apps add to a lägesbild
(samverka.core.extensions.register_situation_section), on its page and in its PDF.

Usage::

    {% load situation_sections %}
    {% situation_sections report %}

Each section renders its own template with ``section`` and ``pdf`` (true in the PDF) in its
context. Nothing is rendered without a report (the live draft of an area has none).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from samverka.core.extensions import report_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def situation_sections(context: template.Context, report: Any) -> SafeString:
    if report is None or getattr(report, "pk", None) is None:
        return mark_safe("")
    pdf = bool(context.get("pdf"))
    # Each part is a rendered (escaped) template, so the joined whole is safe.
    return mark_safe(
        "".join(
            render_to_string(section.template, {"section": section, "pdf": pdf})
            for section in report_sections(report)
        )
    )
