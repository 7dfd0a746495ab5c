"""The maps' background: which tile source the Leaflet maps draw under our own data.

Every map (the lägesbild's, the report form's point picker) draws the areas' own boundaries from
our database, which works without the internet. Under them goes a background map of tiles when
the server's users can reach a tile source:

``SAMVERKA_MAP_TILE_URL``
    unset or empty: OpenStreetMap's standard tiles (``OSM_URL``), credited "© OpenStreetMap-
    bidragsgivare" with a link to their licence page. ``off`` (or ``none``, ``no``, ``false``,
    ``0``): no background map; the maps say so and show the boundaries only. Anything else: a
    Leaflet URL template (``https://…/{z}/{x}/{y}.png``, ``{s}`` for sub-domains), for example
    Lantmäteriet's open topographic web map or a tile server of the municipality's own.
``SAMVERKA_MAP_TILE_ATTRIBUTION``, ``SAMVERKA_MAP_TILE_ATTRIBUTION_URL``
    the credit the tile source's licence asks for (plain text) and the page it links to. For
    OpenStreetMap the defaults are right; for another source without one, the host's name.
``SAMVERKA_MAP_TILE_MAX_ZOOM``
    the deepest zoom the source has (default 19 for OpenStreetMap, 18 for others).

The Content Security Policy's ``img-src`` allows the tile host only when one is configured
(``img_src``). Under the test runner the default is ``off``: tests never fetch tiles from the
internet (a test that wants tiles sets a local URL).

Knows nothing of Django's settings (config/settings.py calls it while it is being read).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap-bidragsgivare"
OSM_ATTRIBUTION_URL = "https://www.openstreetmap.org/copyright"
OSM_MAX_ZOOM = 19
OTHER_MAX_ZOOM = 18
OFF_WORDS = frozenset({"off", "none", "no", "false", "0"})
_HOST = re.compile(r"^[A-Za-z0-9.\-*\[\]:]+$")


@dataclass(frozen=True)
class TileSource:
    url: str  # a Leaflet URL template
    attribution: str  # plain text
    attribution_url: str = ""
    max_zoom: int = OTHER_MAX_ZOOM

    @property
    def origin(self) -> str:
        """The scheme and host the tiles come from ({s}.tile.example → *.tile.example)."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def tiles_from_env(environ: Mapping[str, str] | None = None) -> TileSource | None:
    """The configured tile source, or None when the background map is off."""
    env = os.environ if environ is None else environ
    raw = env.get("SAMVERKA_MAP_TILE_URL", "").strip()
    if raw.lower() in OFF_WORDS:
        return None
    url = raw or OSM_URL
    parts = urlsplit(url)
    host = parts.netloc.replace("{s}", "*")
    if parts.scheme not in ("http", "https") or not host or not _HOST.match(host):
        raise ImproperlyConfigured(
            "SAMVERKA_MAP_TILE_URL must be an http(s) URL template such as "
            f"{OSM_URL}, or 'off' (got {raw!r})"
        )
    if not all(part in url for part in ("{z}", "{x}", "{y}")):
        raise ImproperlyConfigured(
            f"SAMVERKA_MAP_TILE_URL must contain {{z}}, {{x}} and {{y}} (got {raw!r})"
        )
    is_osm = url == OSM_URL
    attribution = env.get("SAMVERKA_MAP_TILE_ATTRIBUTION", "").strip()
    attribution_url = env.get("SAMVERKA_MAP_TILE_ATTRIBUTION_URL", "").strip()
    if not attribution:
        attribution = OSM_ATTRIBUTION if is_osm else parts.netloc.replace("{s}.", "")
        attribution_url = attribution_url or (OSM_ATTRIBUTION_URL if is_osm else "")
    if attribution_url and urlsplit(attribution_url).scheme not in ("http", "https"):
        raise ImproperlyConfigured("SAMVERKA_MAP_TILE_ATTRIBUTION_URL must be an http(s) URL")
    zoom_text = env.get("SAMVERKA_MAP_TILE_MAX_ZOOM", "").strip()
    try:
        max_zoom = int(zoom_text) if zoom_text else (OSM_MAX_ZOOM if is_osm else OTHER_MAX_ZOOM)
    except ValueError:
        raise ImproperlyConfigured("SAMVERKA_MAP_TILE_MAX_ZOOM must be a whole number") from None
    if not 1 <= max_zoom <= 24:
        raise ImproperlyConfigured("SAMVERKA_MAP_TILE_MAX_ZOOM must be between 1 and 24")
    return TileSource(url, attribution, attribution_url, max_zoom)


def img_src(source: TileSource | None) -> list[str]:
    """The Content Security Policy's img-src: our own images, data: URLs, and the tile host
    only when there is one."""
    return ["'self'", "data:", *([source.origin] if source else [])]


def tile_attributes(source: TileSource | None) -> dict[str, str]:
    """The data attributes a map's holder carries (empty values: no background map)."""
    if source is None:
        return {"data-tiles-url": ""}
    return {
        "data-tiles-url": source.url,
        "data-tiles-attribution": source.attribution,
        "data-tiles-attribution-url": source.attribution_url,
        "data-tiles-max-zoom": str(source.max_zoom),
    }
