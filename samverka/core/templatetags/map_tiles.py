"""The maps' background tiles in a template: ``{% load map_tiles %}``.

``{% map_tile_attributes %}`` writes the data attributes a map's holder carries for its script
(static/situation/map.js, static/incidents/point-picker.js); ``{% map_tiles_on as on %}`` says
whether there is a background map at all (else the page says the map shows the boundaries)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from samverka.core.maps import TileSource, tile_attributes

register = template.Library()


def _source() -> TileSource | None:
    return getattr(settings, "SAMVERKA_MAP_TILES", None)


@register.simple_tag
def map_tile_attributes() -> SafeString:
    return format_html_join(" ", '{}="{}"', tile_attributes(_source()).items())


@register.simple_tag
def map_tiles_on() -> bool:
    return _source() is not None
