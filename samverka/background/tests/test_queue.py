"""The queue as a coordinator's work relies on it: a task that fails is tried again later, up to
its policy's tries, and a failure no retry can mend is not; a task whose worker died is put back;
a scheduled task is queued once per slot however many workers look at the clock."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone, translation
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.background.models import ScheduledRun, WorkerBeat
from samverka.background.recovery import recover_lost_tasks
from samverka.background.schedule import Entry, queue_due
from samverka.background.selectors import task_state
from samverka.background.tests.example_tasks import fail_for_good, fail_until, write_line
from samverka.background.worker import run_queued

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _tries(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def _due_now(result_id: str) -> None:
    DBTaskResult.objects.filter(pk=result_id).update(run_after=timezone.now())


def test_a_failed_task_is_tried_again_later_and_then_succeeds(tmp_path: Path) -> None:
    log = tmp_path / "tries"
    result = fail_until.enqueue(str(log), 2)
    assert task_state(str(result.id)).label == "I kö"  # type: ignore[union-attr]

    assert run_queued() == 1
    state = task_state(str(result.id))
    assert state is not None and state.status == TaskResultStatus.READY
    assert state.is_retrying and state.attempts == 1
    assert state.label.startswith("Misslyckades, nytt försök kl. ")
    # Not before its time: the queue holds nothing ready.
    assert run_queued() == 0 and _tries(log) == 1

    _due_now(str(result.id))
    assert run_queued() == 1
    state = task_state(str(result.id))
    assert state is not None and state.status == TaskResultStatus.SUCCESSFUL
    assert state.attempts == 2 and _tries(log) == 2
    assert DBTaskResult.objects.get(pk=result.id).return_value == 2


def test_a_task_that_keeps_failing_stops_after_its_tries(tmp_path: Path) -> None:
    log = tmp_path / "tries"
    result = fail_until.enqueue(str(log), 99)
    for _ in range(3):
        _due_now(str(result.id))
        run_queued()
    state = task_state(str(result.id))
    assert state is not None and state.status == TaskResultStatus.FAILED
    assert state.label == "Misslyckades efter 3 försök"
    assert _tries(log) == 3
    _due_now(str(result.id))
    assert run_queued() == 0 and _tries(log) == 3


def test_a_failure_no_retry_can_mend_is_not_tried_again(tmp_path: Path) -> None:
    log = tmp_path / "tries"
    result = fail_for_good.enqueue(str(log))
    run_queued()
    state = task_state(str(result.id))
    assert state is not None and state.status == TaskResultStatus.FAILED
    assert state.last_error == "Permanent" and _tries(log) == 1
    assert state.label == "Misslyckades efter 1 försök"
    with translation.override("en"):
        assert state.label == "Failed after 1 attempt"  # one attempt, not "1 attempts"


def _running(result_id: str, worker_id: str, started: datetime) -> None:
    DBTaskResult.objects.filter(pk=result_id).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=[worker_id]
    )


def test_a_task_whose_worker_stopped_beating_is_put_back(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAMVERKA_WORKER_LOST_AFTER_SECONDS = 30
    now = timezone.now()
    dead = write_line.enqueue(str(tmp_path / "a"))
    alive = write_line.enqueue(str(tmp_path / "b"))
    _running(str(dead.id), "dead-1", now - timedelta(minutes=5))
    _running(str(alive.id), "alive-1", now - timedelta(minutes=5))
    WorkerBeat.objects.create(
        worker_id="dead-1",
        started_at=now - timedelta(minutes=6),
        last_seen=now - timedelta(minutes=2),
    )
    WorkerBeat.objects.create(
        worker_id="alive-1",
        started_at=now - timedelta(minutes=6),
        last_seen=now - timedelta(seconds=3),
    )

    assert recover_lost_tasks(now) == 1
    assert DBTaskResult.objects.get(pk=dead.id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=alive.id).status == TaskResultStatus.RUNNING
    assert run_queued() == 1
    state = task_state(str(dead.id))
    assert state is not None and state.status == TaskResultStatus.SUCCESSFUL
    assert state.attempts == 2  # the lost try counts


def test_a_task_lost_on_its_last_try_fails(tmp_path: Path) -> None:
    now = timezone.now()
    result = write_line.enqueue(str(tmp_path / "a"))
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=now - timedelta(hours=1),
        worker_ids=["w-1", "w-2", "w-3"],
    )
    assert recover_lost_tasks(now) == 1
    state = task_state(str(result.id))
    assert state is not None and state.status == TaskResultStatus.FAILED
    assert state.last_error == "WorkerLost"


def test_the_latest_slot_of_a_daily_and_a_quarter_hourly_entry() -> None:
    daily = Entry("d", "x.y", at=dtime(7, 0))
    quarter = Entry("q", "x.y", every=timedelta(minutes=15))
    morning = datetime(2026, 12, 4, 6, 59, tzinfo=STOCKHOLM)
    assert daily.latest_slot(morning) == datetime(2026, 12, 3, 7, 0, tzinfo=STOCKHOLM)
    assert daily.latest_slot(morning + timedelta(minutes=1)) == datetime(
        2026, 12, 4, 7, 0, tzinfo=STOCKHOLM
    )
    assert quarter.latest_slot(morning) == datetime(2026, 12, 4, 6, 45, tzinfo=STOCKHOLM)


def test_a_scheduled_task_is_queued_once_per_slot(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAMVERKA_SCHEDULE = (
        Entry(
            "line",
            "samverka.background.tests.example_tasks.write_line_every_quarter",
            every=timedelta(minutes=15),
        ),
        Entry(
            "off",
            "samverka.background.tests.example_tasks.write_line",
            every=timedelta(minutes=15),
            enabled=False,
        ),
    )
    now = timezone.now()
    assert queue_due(now) == ["line"]
    assert queue_due(now + timedelta(seconds=5)) == []  # another worker, the same slot
    assert ScheduledRun.objects.filter(name="line").count() == 1
    assert DBTaskResult.objects.count() == 1
    assert queue_due(now + timedelta(minutes=15)) == ["line"]
    assert DBTaskResult.objects.count() == 2
    assert not ScheduledRun.objects.filter(name="off").exists()


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_web_process_runs_a_task_after_commit(
    tmp_path: Path,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "samverka.background.backends.InProcessDatabaseBackend"}
    }
    log = tmp_path / "tries"
    with transaction.atomic():
        result = write_line.enqueue(str(log))
        time.sleep(0.2)
        assert _tries(log) == 0  # not before the transaction that queued it commits
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = task_state(str(result.id))
        if state is not None and state.is_finished:
            break
        time.sleep(0.1)
    assert state is not None and state.status == TaskResultStatus.SUCCESSFUL
    assert _tries(log) == 1
    for thread in threading.enumerate():
        if thread.name == f"samverka-task-{result.id}":
            thread.join(timeout=30)


def test_finished_tasks_are_pruned_after_they_are_kept(tmp_path: Path) -> None:
    from samverka.background.tasks import prune_finished

    now = timezone.now()
    old_done = write_line.enqueue(str(tmp_path / "a"))
    new_done = write_line.enqueue(str(tmp_path / "b"))
    old_failed = write_line.enqueue(str(tmp_path / "c"))
    waiting = write_line.enqueue(str(tmp_path / "d"))
    DBTaskResult.objects.filter(pk=old_done.id).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=now - timedelta(days=31)
    )
    DBTaskResult.objects.filter(pk=new_done.id).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=now - timedelta(days=29)
    )
    DBTaskResult.objects.filter(pk=old_failed.id).update(
        status=TaskResultStatus.FAILED, finished_at=now - timedelta(days=60)
    )
    DBTaskResult.objects.filter(pk=waiting.id).update(run_after=now + timedelta(days=1))

    result = prune_finished.enqueue()
    assert run_queued() == 1
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    # Kept: the recent success, the failure still within its 90 days, the waiting task and
    # the pruning task itself.
    assert {str(pk) for pk in left} == {
        str(new_done.id),
        str(old_failed.id),
        str(waiting.id),
        str(result.id),
    }


def test_a_worker_restarted_under_a_dead_ones_id_puts_its_task_back(tmp_path: Path) -> None:
    from samverka.background.recovery import recover_tasks_of

    result = write_line.enqueue(str(tmp_path / "a"))
    other = write_line.enqueue(str(tmp_path / "b"))
    _running(str(result.id), "fixed-id", timezone.now())
    _running(str(other.id), "someone-else", timezone.now())
    # The new worker would beat under "fixed-id" at once: recovery by age could never see it.
    assert recover_tasks_of("fixed-id") == 1
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=other.id).status == TaskResultStatus.RUNNING
