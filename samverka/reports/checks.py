"""``check``: the fact sheet's PDFs need a cache the web and the workers share."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register

# Caches that live in one process: a worker's PDF never reaches the web process.
PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)
IN_PROCESS_TASKS = "samverka.background.backends.InProcessDatabaseBackend"


@register()
def pdf_cache_shared_with_workers(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Tasks run by ``samverka worker`` (not in the web process) print the fact sheet's PDF
    into the worker's cache: with a per-process cache the page never sees it."""
    tasks = getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", "")
    cache = settings.CACHES.get("default", {}).get("BACKEND", "")
    if tasks == IN_PROCESS_TASKS or cache not in PROCESS_CACHES:
        return []
    return [
        Warning(
            "Background tasks run in worker processes, but the cache is kept per process: the "
            "fact sheet PDFs the workers print are not seen by the web pages.",
            hint="Set SAMVERKA_CACHE=database and run `samverka createcachetable` "
            "(docs/deployment.md).",
            id="reports.W001",
        )
    ]
