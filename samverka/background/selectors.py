"""What pages show of the background work: one task's state in words, and the queue as a whole
(for platform administrators and the IT department)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.background.models import ScheduledRun, WorkerBeat
from samverka.background.policy import policy_for
from samverka.background.recovery import lost_after
from samverka.background.schedule import Entry, schedule


@dataclass(frozen=True)
class TaskState:
    """One task as a page tells it: "I kö", "Körs (försök 2 av 3)", "Nytt försök kl. 04:12"…"""

    id: str
    status: str  # READY, RUNNING, SUCCESSFUL or FAILED (django.tasks' TaskResultStatus)
    attempts: int
    max_attempts: int
    run_after: datetime | None
    last_error: str  # the exception's class name of the last failed try, if any

    @property
    def is_finished(self) -> bool:
        return self.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)

    @property
    def is_retrying(self) -> bool:
        return self.status == TaskResultStatus.READY and self.attempts > 0

    @property
    def label(self) -> str:
        if self.status == TaskResultStatus.RUNNING:
            if self.attempts > 1:
                return _("Körs (försök %(n)d av %(max)d)") % {
                    "n": self.attempts,
                    "max": self.max_attempts,
                }
            return _("Körs")
        if self.status == TaskResultStatus.READY:
            if self.is_retrying and self.run_after is not None:
                at = timezone.localtime(self.run_after)
                return _("Misslyckades, nytt försök kl. %(time)s") % {"time": f"{at:%H:%M}"}
            return _("I kö")
        if self.status == TaskResultStatus.SUCCESSFUL:
            return _("Klar")
        return ngettext(
            "Misslyckades efter %(n)d försök", "Misslyckades efter %(n)d försök", self.attempts
        ) % {"n": self.attempts}


def task_state(result_id: str | None) -> TaskState | None:
    if not result_id:
        return None
    row = DBTaskResult.objects.filter(pk=result_id).first()
    return _state(row) if row is not None else None


def _state(row: DBTaskResult) -> TaskState:
    far = row.run_after.year >= 9999
    return TaskState(
        id=str(row.pk),
        status=row.status,
        attempts=len(row.worker_ids),
        max_attempts=policy_for(row.task_path).max_attempts,
        run_after=None if far else row.run_after,
        last_error=row.exception_class_path.rsplit(".", 1)[-1],
    )


@dataclass(frozen=True)
class WorkerState:
    worker_id: str
    hostname: str
    pid: int | None
    started_at: datetime
    last_seen: datetime
    alive: bool


@dataclass(frozen=True)
class ScheduleState:
    entry: Entry
    last_slot: datetime | None
    last_result: TaskState | None


@dataclass(frozen=True)
class QueueOverview:
    counts: dict[str, int]  # status → number of tasks
    workers: list[WorkerState]
    failed: list[tuple[DBTaskResult, TaskState]]  # the latest failures, newest first
    scheduled: list[ScheduleState]


def task_counts() -> dict[str, int]:
    """How many tasks are in each state (every state present, 0 where none)."""
    rows = DBTaskResult.objects.order_by().values_list("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in TaskResultStatus.values}
    counts.update(dict(rows.values_list("status", "n")))
    return counts


def queue_overview(*, now: datetime | None = None, failures: int = 20) -> QueueOverview:
    now = now or timezone.now()
    limit = now - lost_after()
    workers = [
        WorkerState(
            b.worker_id,
            b.hostname,
            b.pid,
            b.started_at,
            b.last_seen,
            b.stopped_at is None and b.last_seen >= limit,
        )
        for b in WorkerBeat.objects.order_by("-last_seen")[:50]
    ]
    failed_rows = DBTaskResult.objects.failed().order_by("-finished_at")[:failures]
    scheduled = []
    for entry in schedule():
        run = ScheduledRun.objects.filter(name=entry.name).order_by("-slot").first()
        scheduled.append(
            ScheduleState(
                entry,
                run.slot if run else None,
                task_state(run.task_result_id) if run else None,
            )
        )
    return QueueOverview(
        counts=task_counts(),
        workers=workers,
        failed=[(row, _state(row)) for row in failed_rows],
        scheduled=scheduled,
    )
