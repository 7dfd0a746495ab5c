"""``{% print_stylesheet %}``: the shared print typography inlined into a PDF's HTML.

Every PDF of samverka (the fact sheet, the lägesbild, the agenda and minutes) starts from the same
``static/print.css``. It is inlined rather than linked: a PDF's links resolve against the site's
address, and the renderer (``samverka.core.pdf``) keeps to its one rule of fetching nothing but
static files under its own origin; inlined, the stylesheet needs no fetch at all, and a printed
document's HTML holds everything that decides its look (the fact sheet's cache key is its hash).
"""

from __future__ import annotations

from django import template
from django.contrib.staticfiles import finders
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

SHARED = "print.css"


def _read(name: str) -> str:
    path = finders.find(name)
    if not path or isinstance(path, list):
        return ""
    with open(str(path), encoding="utf-8") as handle:
        return handle.read()


@register.simple_tag
def print_stylesheet(*extra: str) -> SafeString:
    """A ``<style>`` with ``print.css`` and then each of ``extra`` (static files of our own)."""
    css = "\n".join(_read(name) for name in (SHARED, *extra))
    # Our own files; "</" cannot close the element early, as no stylesheet of ours holds it.
    return format_html("<style>{}</style>", SafeString(css.replace("</", "<\\/")))
