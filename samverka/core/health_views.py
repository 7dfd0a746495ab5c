"""Probes for process supervisors and load balancers (docs/operations.md).

- ``/health/live``: the process answers. No database, no cache: a supervisor restarts the process
  only when this fails, and a database outage is no reason to restart every web worker.
- ``/health/ready``: the process can serve — the database answers, the task queue's table
  answers, the cache answers when one is configured beyond the process's own memory. The queue
  (tasks waiting, its lag, live workers) and the import jobs' backlog are reported but do not
  make the instance unready: a web node serves pages without a worker, and taking web servers
  out of the load balancer would not make the workers catch up. Without a live worker in
  production (``SAMVERKA_TASKS_IN_PROCESS`` off) the status is ``degraded``, still with 200.
- ``/health/`` (samverka.core.views.health) stays as it was for existing monitors.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks.base import TaskResultStatus

from samverka.core.metrics import queue_figures, unfinished_jobs

logger = logging.getLogger(__name__)

# Caches that live in the process itself: nothing outside to check.
IN_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


@login_not_required
@never_cache
@require_GET
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Readiness: the database is unreachable")
        return False
    return True


def _cache() -> str:
    """``ok``, ``unreachable``, or ``not configured`` for an in-process cache."""
    if settings.CACHES["default"]["BACKEND"] in IN_PROCESS_CACHES:
        return "not configured"
    key = f"samverka:ready:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:  # every cache backend raises its own errors (redis, memcached …)
        logger.exception("Readiness: the cache is unreachable")
        return "unreachable"
    return "ok" if ok else "unreachable"


def _queue() -> dict[str, object]:
    """The queue in the probe's words; raises ``DatabaseError`` when its tables do not answer."""
    figures = queue_figures()
    if settings.SAMVERKA_TASKS_IN_PROCESS:
        worker = "in process"  # the web process runs its own tasks: no worker expected
    else:
        worker = "ok" if figures.live_workers else "none alive"
    return {
        "ready": figures.counts[TaskResultStatus.READY],
        "running": figures.counts[TaskResultStatus.RUNNING],
        "lag_seconds": round(figures.lag_seconds, 1),
        "workers_alive": figures.live_workers,
        "worker": worker,
    }


@login_not_required
@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    body: dict[str, object] = {"status": "ok", "database": "ok"}
    if not _database():
        body.update(status="error", database="unreachable", detail=_("Databasen går inte att nå."))
        return JsonResponse(body, status=503)
    body["cache"] = _cache()
    if body["cache"] == "unreachable":
        body.update(status="error", detail=_("Cachen går inte att nå."))
        return JsonResponse(body, status=503)
    try:
        backlog = unfinished_jobs()
    except DatabaseError:
        logger.exception("Readiness: the background jobs could not be counted")
        body.update(status="error", database="unreachable", detail=_("Databasen går inte att nå."))
        return JsonResponse(body, status=503)
    body["background_jobs_unfinished"] = backlog
    try:
        queue = _queue()
    except DatabaseError:
        # The database answers but not the queue's table (a migration not run?): nothing that
        # queues work (an import, a PDF) would succeed here.
        logger.exception("Readiness: the task queue's table does not answer")
        body.update(
            queue="unreachable",
            status="error",
            detail=_("Kön för bakgrundsarbete går inte att nå."),
        )
        return JsonResponse(body, status=503)
    body["queue"] = queue
    if queue["worker"] == "none alive":
        # Reported, not a 503: this web node still serves pages; the work waits in the queue.
        body.update(status="degraded", detail=_("Ingen arbetare för bakgrundsarbete svarar."))
    return JsonResponse(body)
