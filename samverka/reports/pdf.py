"""Printed fact sheets kept until their data change.

A PDF is stored in Django's cache under the fingerprint of what it shows (see
``samverka.reports.rendering.fact_sheet_fingerprint``): a second download of the same data is
served at once, and a change of anything the sheet prints gives another fingerprint, so a stale
PDF is never served; old entries simply age out. The key is a hash of the whole printed HTML,
which names the municipality and area, so two municipalities never share an entry.
"""

from __future__ import annotations

from django.core.cache import cache

PREFIX = "reports:factsheet-pdf:"
# A day is plenty: an unchanged sheet is printed again in under a second after that.
TIMEOUT = 24 * 60 * 60


def get(fingerprint: str) -> bytes | None:
    content = cache.get(PREFIX + fingerprint)
    return content if isinstance(content, bytes) else None


def put(fingerprint: str, content: bytes) -> None:
    cache.set(PREFIX + fingerprint, content, TIMEOUT)
