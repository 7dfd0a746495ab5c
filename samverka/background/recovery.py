"""Tasks whose worker died: put back in the queue, or failed when their tries are spent.

A worker beats every few seconds (``worker.Heartbeat``). A task still RUNNING whose worker has
not beaten for ``SAMVERKA_WORKER_LOST_AFTER_SECONDS`` was left by a worker killed mid-task
(SIGKILL, out of memory, a machine gone). Each of samverka's tasks is safe to run again — an
import writes in one transaction, so a killed one wrote nothing — and the retry counts as a try.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from samverka.background.models import WorkerBeat
from samverka.background.policy import policy_for
from samverka.background.signals import task_lost

logger = logging.getLogger(__name__)
LOST_TRACEBACK = "Arbetaren som körde uppgiften slutade svara (dödad eller avstängd)."


class WorkerLost(Exception):
    """The worker running the task stopped beating."""


def lost_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "SAMVERKA_WORKER_LOST_AFTER_SECONDS", 60)))


def live_worker_ids(now: datetime) -> set[str]:
    return set(
        WorkerBeat.objects.filter(
            last_seen__gte=now - lost_after(), stopped_at__isnull=True
        ).values_list("worker_id", flat=True)
    )


def recover_lost_tasks(now: datetime | None = None) -> int:
    """Put back (or fail) every task left running by a dead worker; how many were found."""
    now = now or timezone.now()
    alive = live_worker_ids(now)
    found = 0
    running = DBTaskResult.objects.running().filter(started_at__lt=now - lost_after())
    with exclusive_transaction(running.db):
        for result in running.select_for_update(skip_locked=True):
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            found += 1
            _put_back_or_fail(result, now)
    return found


def recover_tasks_of(worker_id: str, now: datetime | None = None) -> int:
    """Put back (or fail) what a worker of this id left running: called as a worker starts,
    before it beats, since no task can be running under an id that is only now starting."""
    now = now or timezone.now()
    found = 0
    running = DBTaskResult.objects.running()
    with exclusive_transaction(running.db):
        for result in running.select_for_update(skip_locked=True):
            if result.worker_ids and result.worker_ids[-1] == worker_id:
                found += 1
                _put_back_or_fail(result, now)
    return found


def _put_back_or_fail(result: DBTaskResult, now: datetime) -> None:
    policy = policy_for(result.task_path)
    attempts = len(result.worker_ids)
    result.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
    result.traceback = LOST_TRACEBACK
    if attempts < policy.max_attempts:
        result.status = TaskResultStatus.READY
        result.run_after = now
        result.finished_at = None
        logger.warning(
            "Task %s (%s) lost its worker %s on try %d; put back in the queue",
            result.pk,
            result.task_path,
            (result.worker_ids or ["?"])[-1],
            attempts,
        )
    else:
        result.status = TaskResultStatus.FAILED
        result.finished_at = now
        logger.error("Task %s (%s) lost its worker on its last try", result.pk, result.task_path)
    result.save(
        update_fields=["status", "run_after", "finished_at", "exception_class_path", "traceback"]
    )
    if result.status == TaskResultStatus.FAILED:
        # Apps that keep their own state beside the task (an import job) hear that it ended.
        transaction.on_commit(lambda: _announce_failure(str(result.pk)), using=result._state.db)


def _announce_failure(result_id: str) -> None:
    failed = DBTaskResult.objects.filter(pk=result_id).first()
    if failed is None:
        return
    try:
        task_result = failed.task_result
    except (ImportError, SuspiciousOperation):
        return  # the task's code is gone: nobody is listening for it
    task_lost.send(sender=type(task_result.task.get_backend()), task_result=task_result)
