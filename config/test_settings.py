"""The test suite's settings: the project's own, with what no test may reach switched off before
they are read. The background map's tiles come from the internet (OpenStreetMap by default), so
tests run without them unless a test names a local source; the CSP's img-src follows."""

import os

os.environ.setdefault("SAMVERKA_MAP_TILE_URL", "off")

from config.settings import *  # noqa: F403
