"""The task queue as operations see it (docs/operations.md): /health/ready fails only when the
queue's table does not answer, and says "degraded" — still 200 — when production has no live
worker; /metrics gives the tasks by state, the live workers and the queue's lag to alert on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import ProgrammingError
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.background.models import WorkerBeat
from samverka.background.tests.example_tasks import fail_for_good, fail_until, write_line
from samverka.background.worker import run_queued

pytestmark = pytest.mark.django_db
TOKEN = {"Authorization": "Bearer s3cret-token"}


def _beat(worker_id: str, *, seconds_ago: float, stopped: bool = False) -> None:
    seen = timezone.now() - timedelta(seconds=seconds_ago)
    WorkerBeat.objects.create(
        worker_id=worker_id,
        hostname="worker-1",
        pid=4242,
        started_at=seen - timedelta(hours=1),
        last_seen=seen,
        stopped_at=seen if stopped else None,
    )


def _ready(path: Path) -> str:
    return str(write_line.enqueue(str(path)).id)


@pytest.fixture
def production() -> Iterator[None]:
    """As production runs: no task in a web thread, `samverka worker` processes instead."""
    with override_settings(SAMVERKA_TASKS_IN_PROCESS=False, SAMVERKA_WORKER_LOST_AFTER_SECONDS=60):
        yield


def test_ready_reports_the_queue_and_expects_no_worker_when_tasks_run_in_process(
    tmp_path: Path,
) -> None:
    _ready(tmp_path / "a")
    with override_settings(SAMVERKA_TASKS_IN_PROCESS=True):
        response = Client().get("/health/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["queue"]["ready"] == 1
    assert body["queue"]["running"] == 0
    assert body["queue"]["worker"] == "in process"
    assert "detail" not in body


def test_ready_is_degraded_but_200_when_production_has_no_live_worker(
    production: None, tmp_path: Path
) -> None:
    # One worker beat two minutes ago (killed), one stopped cleanly: neither is alive.
    _beat("gone-1", seconds_ago=120)
    _beat("stopped-2", seconds_ago=1, stopped=True)
    _ready(tmp_path / "a")
    response = Client().get("/health/ready")
    # The web node still serves pages: the load balancer keeps it; the body says why to worry.
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["queue"]["worker"] == "none alive"
    assert body["queue"]["workers_alive"] == 0
    assert body["queue"]["ready"] == 1
    assert body["detail"] == "Ingen arbetare för bakgrundsarbete svarar."


def test_ready_is_ok_when_a_worker_beat_recently(production: None) -> None:
    _beat("alive-1", seconds_ago=3)
    _beat("gone-2", seconds_ago=300)
    response = Client().get("/health/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["queue"]["worker"] == "ok"
    assert body["queue"]["workers_alive"] == 1
    assert body["queue"]["lag_seconds"] == 0


def test_ready_answers_503_when_the_queue_table_does_not_answer(production: None) -> None:
    missing = ProgrammingError('relation "django_tasks_database_dbtaskresult" does not exist')
    with mock.patch("samverka.core.health_views.queue_figures", side_effect=missing):
        response = Client(raise_request_exception=False).get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["queue"] == "unreachable"
    assert body["detail"] == "Kön för bakgrundsarbete går inte att nå."


def _metrics() -> dict[str, float]:
    from prometheus_client.parser import text_string_to_metric_families

    with override_settings(SAMVERKA_METRICS_TOKEN="s3cret-token"):
        response = Client().get("/metrics", headers=TOKEN)
    assert response.status_code == 200
    samples: dict[str, float] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return samples


def test_metrics_of_an_empty_queue_say_every_state_is_zero_and_nothing_waits() -> None:
    samples = _metrics()
    for status in TaskResultStatus.values:
        assert samples[f'samverka_tasks{{status="{status}"}}'] == 0
    assert samples["samverka_workers_alive"] == 0
    assert samples["samverka_task_queue_lag_seconds"] == 0


def test_metrics_count_tasks_by_state_live_workers_and_the_queue_lag(
    production: None, tmp_path: Path
) -> None:
    # Two tasks done, one failed for good, one failed once and waiting for its retry.
    _ready(tmp_path / "done-1")
    _ready(tmp_path / "done-2")
    fail_for_good.enqueue(str(tmp_path / "bad"))
    retry = str(fail_until.enqueue(str(tmp_path / "retry"), 2).id)
    assert run_queued() == 4
    # One running on a live worker; two more alive or not.
    running = DBTaskResult.objects.get(pk=_ready(tmp_path / "running"))
    running.claim("alive-1")
    _beat("alive-1", seconds_ago=2)
    _beat("alive-2", seconds_ago=30)
    _beat("gone-3", seconds_ago=90)

    samples = _metrics()
    assert samples['samverka_tasks{status="SUCCESSFUL"}'] == 2
    assert samples['samverka_tasks{status="FAILED"}'] == 1
    assert samples['samverka_tasks{status="READY"}'] == 1  # the retry
    assert samples['samverka_tasks{status="RUNNING"}'] == 1
    assert samples["samverka_workers_alive"] == 2
    # The retry's time has not come: it is in the queue, but nothing is late.
    assert samples["samverka_task_queue_lag_seconds"] == 0

    # A task queued two minutes ago that nobody has taken: the lag is its age.
    waiting = _ready(tmp_path / "waiting")
    DBTaskResult.objects.filter(pk=waiting).update(
        enqueued_at=timezone.now() - timedelta(seconds=120)
    )
    lag = _metrics()["samverka_task_queue_lag_seconds"]
    assert 120 <= lag < 180

    # The retry fell due five minutes ago: it waits longest, counted from when it became due.
    DBTaskResult.objects.filter(pk=retry).update(run_after=timezone.now() - timedelta(minutes=5))
    samples = _metrics()
    assert 300 <= samples["samverka_task_queue_lag_seconds"] < 360
    assert samples['samverka_tasks{status="READY"}'] == 2
