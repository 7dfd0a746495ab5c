"""``/metrics``: figures a municipality's monitoring (Prometheus or anything that reads its text
format) can scrape — requests and their latency per view, database queries per view, the
import jobs by state, and the task queue: tasks by state, live workers and the queue's lag.

Under gunicorn every worker is its own process, so a scrape that reached one worker would see
only its share. ``config/gunicorn.conf.py`` therefore sets ``PROMETHEUS_MULTIPROC_DIR``, where
prometheus_client keeps each worker's counters in a file; the view adds them up. Without it
(runserver, tests) the counters live in the one process.

Access: the figures name views and show load, so they are not public. The endpoint answers only
a request with ``Authorization: Bearer <SAMVERKA_METRICS_TOKEN>`` or from an address in
``SAMVERKA_METRICS_ALLOWED_IPS``; with neither setting it is off (404).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.models import Count, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from samverka.background.recovery import live_worker_ids
from samverka.background.selectors import task_counts
from samverka.core import rls

# The "_created" series double every counter and say nothing a dashboard uses.
disable_created_metrics()  # type: ignore[no-untyped-call]

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# A request that matched no URL pattern: one label for all, so scanners cannot add series.
UNMATCHED = "<unmatched>"

REQUESTS = Counter(
    "samverka_http_requests_total",
    "HTTP requests answered, by view name, method and status code.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "samverka_http_request_duration_seconds",
    "Time from the request reaching Django to the answer, by view name.",
    ["view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
DB_QUERIES = Counter(
    "samverka_db_queries_total",
    "Database queries run while answering requests, by view name.",
    ["view"],
)


def view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None and match.view_name else UNMATCHED


class MetricsMiddleware:
    """Counts every answer; right after RequestIdMiddleware, so error pages are counted too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = 0

        def count(execute: Callable[..., Any], *args: Any) -> Any:
            nonlocal queries
            queries += 1
            return execute(*args)

        start = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        elapsed = time.perf_counter() - start
        view = view_name(request)
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        LATENCY.labels(view).observe(elapsed)
        if queries:
            DB_QUERIES.labels(view).inc(queries)
        return response


def job_models() -> list[type[Any]]:
    """Every concrete model of a background job: the import jobs (``core.ImportJobBase``)."""
    from samverka.core.models import ImportJobBase

    return [m for m in apps.get_models() if issubclass(m, ImportJobBase)]


def job_counts() -> dict[tuple[str, str], int]:
    """(job model label, status) → number of jobs, over every municipality: figures only, so the
    tenant scope is opened for this one query."""
    counts: dict[tuple[str, str], int] = {}
    token = rls.set_scope(rls.EVERYTHING)
    try:
        for model in job_models():
            rows = model.objects.order_by().values("status").annotate(n=Count("pk"))
            for row in rows:
                counts[(model._meta.label_lower, row["status"])] = row["n"]
    finally:
        rls.reset_scope(token)
    return counts


def unfinished_jobs() -> dict[str, int]:
    """Background jobs not yet finished (queued or running), per job model: the backlog."""
    backlog: dict[str, int] = {}
    token = rls.set_scope(rls.EVERYTHING)
    try:
        for model in job_models():
            backlog[model._meta.label_lower] = model.objects.exclude(
                status__in=model.FINISHED_STATUSES
            ).count()
    finally:
        rls.reset_scope(token)
    return backlog


@dataclass(frozen=True)
class QueueFigures:
    """The task queue (``samverka.background``) as monitoring sees it."""

    counts: dict[str, int]  # READY, RUNNING, SUCCESSFUL, FAILED → number of tasks
    live_workers: int  # workers that beat within SAMVERKA_WORKER_LOST_AFTER_SECONDS
    lag_seconds: float  # how long the oldest task that may run now has waited; 0 when none


def queue_figures(now: datetime | None = None) -> QueueFigures:
    """Three queries on the queue's tables; raises ``DatabaseError`` when they do not answer."""
    now = now or timezone.now()
    counts = task_counts()
    # A task may run from its run_after, or from when it was queued when it has none
    # (django_tasks_db stores "none" as the year 9999): the oldest such moment of the ready tasks.
    never = get_date_max()
    oldest = DBTaskResult.objects.ready().aggregate(
        queued=Min("enqueued_at", filter=Q(run_after=never)),
        due=Min("run_after", filter=~Q(run_after=never)),
    )
    since = min((t for t in oldest.values() if t is not None), default=None)
    lag = max(0.0, (now - since).total_seconds()) if since is not None else 0.0
    return QueueFigures(counts, len(live_worker_ids(now)), lag)


class JobCollector(Collector):
    """Background jobs by state and the task queue, read from the database at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "samverka_background_jobs",
            "Background jobs in the database, by job kind and state.",
            labels=["kind", "state"],
        )
        up = GaugeMetricFamily(
            "samverka_database_up", "1 when the database answered the scrape's queries."
        )
        tasks = GaugeMetricFamily(
            "samverka_tasks",
            "Tasks in the queue's table, by state (READY, RUNNING, SUCCESSFUL, FAILED).",
            labels=["status"],
        )
        workers = GaugeMetricFamily(
            "samverka_workers_alive",
            "Workers (samverka worker) whose heartbeat is younger than "
            "SAMVERKA_WORKER_LOST_AFTER_SECONDS.",
        )
        lag = GaugeMetricFamily(
            "samverka_task_queue_lag_seconds",
            "Age of the oldest READY task that may run now (0 when none waits).",
        )
        try:
            counts = job_counts()
            queue = queue_figures()
        except DatabaseError:
            up.add_metric([], 0)
        else:
            up.add_metric([], 1)
            for (kind, state), n in sorted(counts.items()):
                family.add_metric([kind, state], n)
            for status, n in sorted(queue.counts.items()):
                tasks.add_metric([status], n)
            workers.add_metric([], queue.live_workers)
            lag.add_metric([], round(queue.lag_seconds, 3))
        yield family
        yield tasks
        yield workers
        yield lag
        yield up


def _client_allowed(request: HttpRequest) -> bool:
    token = settings.SAMVERKA_METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    offered = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    if token and offered and hmac.compare_digest(offered.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    for allowed in settings.SAMVERKA_METRICS_ALLOWED_IPS:
        try:
            if address in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:
            continue
    return False


def exposition() -> bytes:
    """The text format: the workers' counters (summed when multiprocess) and the job counts."""
    registry: CollectorRegistry
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = CollectorRegistry()
        for collector in (REQUESTS, LATENCY, DB_QUERIES):
            registry.register(collector)
    registry.register(JobCollector())
    return generate_latest(registry)


@login_not_required
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not (settings.SAMVERKA_METRICS_TOKEN or settings.SAMVERKA_METRICS_ALLOWED_IPS):
        raise Http404  # off unless configured: nothing to guess at
    if not _client_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
