"""``{% related_links %}``: the "Används i" box — what later apps built on an object of an
earlier one (samverka.core.extensions.register_related_links).

Usage, on the page of an object whose app sits below the ones that use it::

    {% load related %}
    {% related_links "situation.SituationReport" report %}
    {% related_links "situation.SituationReport" report level=3 %}

The first argument is the object's model label (the key the sources answer to), the second the
object. The box is a ``<section>`` named by its heading ("Används i", ``<h2>`` unless ``level``
says otherwise, to fit the page's heading order) with a list of links, each with its detail as
plain text. The sources get the request's ``Access`` (the ``access`` context value, or the
request's own) and return only what that viewer may see. Nothing is rendered — no heading, no
query beyond the sources' — when no source has a link, or on a page without a municipality's
Access (an error page, a public page).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.text import slugify

from samverka.core.extensions import related_links as links_for

register = template.Library()


def _access(context: template.Context) -> Any:
    access = context.get("access")
    if access is not None:
        return access
    request = context.get("request")
    return getattr(request, "access", None) if request is not None else None


@register.simple_tag(takes_context=True)
def related_links(context: template.Context, subject: str, obj: Any, level: int = 2) -> str:
    access = _access(context)
    if access is None or obj is None:
        return ""
    links = links_for(subject, obj, access)
    if not links:
        return ""
    level = min(max(int(level), 2), 6)
    return render_to_string(
        "core/_related_links.html",
        {
            "links": links,
            "level": level,
            "heading_id": f"anvands-i-{slugify(subject)}-{getattr(obj, 'pk', '') or ''}",
        },
    )
