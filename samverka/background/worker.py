"""samverka's worker: django_tasks_db's worker loop, plus

* a heartbeat (``WorkerBeat``) written by a thread of its own, so other workers can tell that it
  is alive while it runs a long task, and that it died when it stops beating;
* retries: a task that raised is put back in the queue, later each time, until its policy's
  attempts are spent (``policy.py``); the attempts are the worker ids the result has collected;
* recovery: now and then each worker puts back tasks left running by a dead worker
  (``recovery.py``) and queues the scheduled tasks that are due (``schedule.py``).

Run it as ``samverka worker`` under a supervisor, on as many machines as needed: on PostgreSQL
the workers take tasks with ``SELECT … FOR UPDATE SKIP LOCKED``, so none is run twice at once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import datetime

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from samverka.background.models import WorkerBeat
from samverka.background.policy import policy_for

logger = logging.getLogger(__name__)


def heartbeat_seconds() -> float:
    return float(getattr(settings, "SAMVERKA_WORKER_HEARTBEAT_SECONDS", 5.0))


def housekeeping_seconds() -> float:
    return max(heartbeat_seconds(), 2 * heartbeat_seconds())


def new_worker_id(prefix: str = "") -> str:
    host = socket.gethostname()[:40]
    return f"{prefix}{host}-{os.getpid()}-{int(time.time() * 1000) % 100000}"[:64]


class Heartbeat:
    """Beats for one worker id in a thread of its own, until stopped."""

    def __init__(
        self, worker_id: str, *, housekeeping: bool = False, schedule: bool = False
    ) -> None:
        self.worker_id = worker_id
        self.housekeeping = housekeeping
        self.schedule = schedule
        self._last_housekeeping = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        now = timezone.now()
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "last_seen": now,
                "stopped_at": None,
            },
        )
        self._thread = threading.Thread(
            target=self._beat, daemon=True, name=f"samverka-heartbeat-{self.worker_id}"
        )
        self._thread.start()

    def _beat(self) -> None:
        try:
            self._housekeep()
            while not self._stop.wait(heartbeat_seconds()):
                try:
                    WorkerBeat.objects.filter(worker_id=self.worker_id).update(
                        last_seen=timezone.now()
                    )
                except Exception:  # a missed beat is retried; a lost one is what recovery is for
                    logger.warning("Heartbeat of %s failed", self.worker_id, exc_info=True)
                self._housekeep()
        finally:
            connections.close_all()  # this thread's own connection

    def _housekeep(self) -> None:
        """Every few beats, whether the worker is busy or idle: put back the tasks of dead
        workers and queue the scheduled tasks that are due."""
        if not self.housekeeping:
            return
        if time.monotonic() - self._last_housekeeping < housekeeping_seconds():
            return
        self._last_housekeeping = time.monotonic()
        from samverka.background.recovery import recover_lost_tasks
        from samverka.background.schedule import queue_due

        try:
            recover_lost_tasks()
            if self.schedule:
                queue_due()
        except Exception:  # housekeeping must never stop the heartbeat
            logger.exception("Background housekeeping failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=heartbeat_seconds() + 5)
        WorkerBeat.objects.filter(worker_id=self.worker_id).update(
            last_seen=timezone.now(), stopped_at=timezone.now()
        )


def retry_if_allowed(result: DBTaskResult, *, now: datetime | None = None) -> bool:
    """After a failed try: back in the queue with a delay when the policy allows another try.
    The traceback stays on the row, so the page can say what went wrong last time."""
    policy = policy_for(result.task_path)
    attempts = len(result.worker_ids)
    if attempts >= policy.max_attempts or _gives_up(result, policy.give_up_on):
        return False
    run_after = (now or timezone.now()) + policy.delay(attempts)
    updated = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )
    if updated:
        logger.warning(
            "Task %s (%s) failed on try %d of %d; tried again after %s",
            result.pk,
            result.task_path,
            attempts,
            policy.max_attempts,
            run_after.isoformat(timespec="seconds"),
        )
    return bool(updated)


def _gives_up(result: DBTaskResult, give_up_on: tuple[type[BaseException], ...]) -> bool:
    path = result.exception_class_path
    return any(f"{e.__module__}.{e.__qualname__}" == path for e in give_up_on)


class SamverkaWorker(Worker):
    """The database worker with heartbeat, retries, recovery and the schedule."""

    def __init__(self, *, schedule: bool = True, beat: bool = True, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.heartbeat = (
            Heartbeat(self.worker_id, housekeeping=True, schedule=schedule) if beat else None
        )

    def run(self) -> None:
        if self.heartbeat is None:  # inline (run_queued): nobody else waits on this worker
            super().run()
            return
        from samverka.background.recovery import recover_tasks_of

        # A worker started under the id of one that died (a fixed --worker-id, a reused pid):
        # whatever that one left running is put back now, or its fresh heartbeat would keep
        # those tasks "running" for ever.
        recover_tasks_of(self.worker_id)
        self.heartbeat.start()
        try:
            super().run()
        finally:
            self.heartbeat.stop()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        db_task_result.refresh_from_db(fields=["status", "exception_class_path", "worker_ids"])
        if db_task_result.status == TaskResultStatus.FAILED:
            retry_if_allowed(db_task_result)


def run_queued(*, max_tasks: int | None = None) -> int:
    """Run the tasks that are ready, here and now, and return how many ran (tests, scripts).
    The worker's own claim and ``run_task`` (record, retry), without its loop: the loop closes
    the database connection between tasks, which would end a caller's transaction."""
    worker = SamverkaWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=new_worker_id("inline-"),
        excluded_queue_names=[],
        schedule=False,
        beat=False,
    )
    ran = 0
    while max_tasks is None or ran < max_tasks:
        ready = DBTaskResult.objects.ready().filter(backend_name="default")
        with exclusive_transaction(ready.db):
            result = ready.get_locked()
            if result is not None:
                result.claim(worker.worker_id)
        if result is None:
            return ran
        worker.run_task(result)
        ran += 1
    return ran
