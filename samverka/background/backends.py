"""The task backend of a single-process installation (the development default).

``InProcessDatabaseBackend`` is django_tasks_db's ``DatabaseBackend``: every task is a row in
the queue with its state, exactly as in production. In addition, once the enqueuing transaction
has committed, a thread of the web process runs that one task with the worker's own code — so
``make run`` needs no worker and no other service. Should ``samverka worker`` run as well, the
two race for the task and the claim lets one win. Production turns the threads off
(``SAMVERKA_TASKS_IN_PROCESS=0``) and runs workers under a supervisor (docs/deployment.md).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import connections, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend, TaskResult
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


class InProcessDatabaseBackend(DatabaseBackend):
    def enqueue(self, task: Any, args: Any, kwargs: Any) -> Any:
        result: TaskResult[Any, Any] = super().enqueue(task, args, kwargs)
        if task.run_after is None:
            result_id = str(result.id)
            transaction.on_commit(lambda: start_thread(result_id), using=result.db_result._state.db)
        return result


def start_thread(result_id: str) -> threading.Thread:
    # Named, so that logs (and tests waiting for it) can tell which task a thread runs.
    thread = threading.Thread(
        target=_run_one, args=(result_id,), daemon=True, name=f"samverka-task-{result_id}"
    )
    thread.start()
    return thread


def _retry_later(result_id: str) -> None:
    """A failed task the policy tries again: without a worker, this process tries it."""
    again = DBTaskResult.objects.filter(pk=result_id, status=TaskResultStatus.READY).first()
    if again is None:
        return
    delay = max(0.0, (again.run_after - timezone.now()).total_seconds())
    timer = threading.Timer(delay, start_thread, args=(result_id,))
    timer.daemon = True
    timer.start()


def _run_one(result_id: str) -> None:
    from samverka.background.worker import Heartbeat, SamverkaWorker, new_worker_id

    try:
        worker_id = new_worker_id("web-")
        claimed = DBTaskResult.objects.filter(pk=result_id, status=TaskResultStatus.READY)
        result = claimed.first()
        if result is None:
            return  # a worker has it already
        # The claim is a conditional update: of a web thread and a worker, one wins.
        worker_ids = [*result.worker_ids, worker_id]
        if not claimed.update(
            status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=worker_ids
        ):
            return
        result.refresh_from_db()
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            worker = SamverkaWorker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name=result.backend_name,
                startup_delay=False,
                max_tasks=1,
                worker_id=worker_id,
                excluded_queue_names=[],
                schedule=False,
                beat=False,
            )
            worker.run_task(result)
        finally:
            heartbeat.stop()
        _retry_later(result_id)
    except Exception:
        logger.exception("Background task %s failed in the web process", result_id)
    finally:
        connections.close_all()  # the thread's own connections
