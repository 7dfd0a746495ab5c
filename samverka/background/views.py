"""The platform administrator's page of the background work: the queue, the workers, the schedule
and the latest failures, each failure with a button that puts it back in the queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.background import services
from samverka.background.schedule import Entry
from samverka.background.selectors import TaskState, queue_overview
from samverka.core.export import table_response

# The failures the export holds (the page shows the latest 20).
EXPORT_FAILURES = 500


def _require_platform_admin(request: HttpRequest) -> None:
    # As the other /plattform/ pages (samverka.onboarding.views).
    if not getattr(request.user, "is_platform_admin", False):
        raise PermissionDenied(_("Bara en plattformsadministratör ser bakgrundsarbetet."))


def _status_labels() -> dict[str, str]:
    return {
        TaskResultStatus.READY: _("I kö"),
        TaskResultStatus.RUNNING: _("Körs"),
        TaskResultStatus.SUCCESSFUL: _("Klar"),
        TaskResultStatus.FAILED: _("Misslyckade"),
    }


def _how_often(entry: Entry) -> str:
    if entry.at is not None:
        return _("varje dag kl. %(time)s") % {"time": f"{entry.at:%H.%M}"}
    if entry.every is not None:
        minutes = int(entry.every.total_seconds() // 60)
        if minutes % 60 == 0:
            return (
                _("var %(n)d:e timme") % {"n": minutes // 60} if minutes > 60 else _("varje timme")
            )
        return _("var %(n)d:e minut") % {"n": minutes}
    return ""


@dataclass(frozen=True)
class Failure:
    id: str
    name: str
    task_path: str
    attempts: int
    finished_at: datetime | None
    error: str
    traceback: str


def _failures(rows: list[tuple[DBTaskResult, TaskState]]) -> list[Failure]:
    return [
        Failure(
            id=str(row.pk),
            name=row.task_path.rsplit(".", 1)[-1],
            task_path=row.task_path,
            attempts=state.attempts,
            finished_at=row.finished_at,
            error=state.last_error,
            traceback=row.traceback,
        )
        for row, state in rows
    ]


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    _require_platform_admin(request)
    queue = queue_overview()
    labels = _status_labels()
    counts = [(labels[status], queue.counts.get(status, 0)) for status in labels]
    schedule = [
        {
            "entry": s.entry,
            "how_often": _how_often(s.entry),
            "last_slot": s.last_slot,
            "last_result": s.last_result,
        }
        for s in queue.scheduled
    ]
    alive = [w for w in queue.workers if w.alive]
    return render(
        request,
        "background/overview.html",
        {
            "counts": counts,
            "workers": queue.workers,
            # Tasks wait and nobody runs them: the one thing an IT department must act on.
            "stalled": not alive and queue.counts.get(TaskResultStatus.READY, 0) > 0,
            "schedule": schedule,
            "failures": _failures(queue.failed),
        },
    )


@require_GET
def failures_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_platform_admin(request)
    # The traceback stays on the page: an export travels further than its reader.
    failures = _failures(queue_overview(failures=EXPORT_FAILURES).failed)
    return table_response(
        fmt,
        filename=_("Misslyckade bakgrundsuppgifter"),
        headers=[_("Uppgift"), _("Försök"), _("Misslyckades"), _("Fel"), _("Id")],
        rows=([f.task_path, f.attempts, f.finished_at, f.error, f.id] for f in failures),
    )


@require_POST
def retry(request: HttpRequest, pk: str) -> HttpResponse:
    _require_platform_admin(request)
    result = get_object_or_404(DBTaskResult, pk=pk)
    try:
        services.retry_failed_task(result=result, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(task)s är lagd i kön igen.") % {"task": result.task_path.rsplit(".", 1)[-1]},
        )
    return redirect("background:overview")
