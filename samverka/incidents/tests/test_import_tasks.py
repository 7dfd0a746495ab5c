"""A confirmed web import is a task on the queue: run once, tried again after an unexpected
error (the page says when), given up after its last try, never retried for bad rows, and taken
up again after a worker that died mid-run."""

from __future__ import annotations

import io
import re
import threading
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.background.worker import run_queued
from samverka.core.testing import World
from samverka.incidents.imports import jobs
from samverka.incidents.imports.jobs import job_confirm
from samverka.incidents.models import ImportJob, ImportStatus, Incident

CSV = "tidpunkt;kategori;område\n2026-11-02 21:14;Klotter;Norra Testby\n"


def _job(world: World, csv: str = CSV) -> ImportJob:
    """A previewed (VALIDATED) web import of the file."""
    job = ImportJob.objects.create(
        municipality=world.testby,
        created_by=world.alice,
        format="csv",
        filename="v.csv",
        total_rows=csv.count("\n") - 1,
        summary={"rows": 1, "new": 1, "mapping": {}},
    )
    job.file.save("v.csv", ContentFile(csv.encode()), save=True)
    return job


def _task(job: ImportJob) -> DBTaskResult:
    job.refresh_from_db()
    return DBTaskResult.objects.get(pk=job.task_id)


def _page(client: Client, job: ImportJob) -> str:
    """The job's status fragment as htmx polls it."""
    url = reverse("incidents:import_job", kwargs={"municipality": "testby", "pk": job.pk})
    return client.get(url, headers={"HX-Request": "true"}).content.decode()


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _due_now(job: ImportJob) -> None:
    """The backoff has passed (instead of waiting for it)."""
    DBTaskResult.objects.filter(pk=job.task_id).update(run_after=timezone.now())


def _failing(monkeypatch: pytest.MonkeyPatch, times: int) -> list[int]:
    """The import raises an unexpected error on its first ``times`` runs."""
    calls: list[int] = []
    real = jobs.check_and_write

    def check_and_write(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) <= times:
            raise RuntimeError("the database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(jobs, "check_and_write", check_and_write)
    return calls


def test_confirming_queues_one_task_that_imports_the_file_once(
    world: World, client: Client
) -> None:
    job = _job(world)
    assert job_confirm(job=job)
    assert not job_confirm(job=job)  # confirmed once: one task
    assert DBTaskResult.objects.count() == 1
    client.force_login(world.alice)
    assert "Väntar på att starta – I kö" in _text(_page(client, job))

    assert run_queued() == 1

    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 1)
    assert _task(job).status == TaskResultStatus.SUCCESSFUL
    assert Incident.objects.filter(import_job=job).count() == 1
    assert run_queued() == 0


def test_an_unexpected_error_is_tried_again_later_and_the_page_says_when(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing(monkeypatch, times=1)
    job = _job(world)
    job_confirm(job=job)

    assert run_queued() == 1

    job.refresh_from_db()
    task = _task(job)
    assert job.status == ImportStatus.QUEUED  # back in the queue, nothing written
    assert Incident.objects.count() == 0
    assert task.status == TaskResultStatus.READY
    assert task.run_after > timezone.now()
    client.force_login(world.alice)
    fragment = _page(client, job)
    at = timezone.localtime(task.run_after)
    assert f"Väntar på att starta – Misslyckades, nytt försök kl. {at:%H:%M}" in _text(fragment)
    assert 'hx-trigger="every 1s"' in fragment  # the page keeps polling
    assert run_queued() == 0  # not before the backoff

    _due_now(job)
    assert run_queued() == 1

    job.refresh_from_db()
    task = _task(job)
    assert (job.status, job.created_count) == (ImportStatus.DONE, 1)
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 2
    assert Incident.objects.filter(import_job=job).count() == 1


def test_after_the_last_try_the_job_fails_with_a_message(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _failing(monkeypatch, times=99)
    job = _job(world)
    job_confirm(job=job)

    for _try in range(3):
        _due_now(job)
        assert run_queued() == 1

    job.refresh_from_db()
    assert len(calls) == 3
    assert job.status == ImportStatus.FAILED
    assert "oväntat fel" in job.errors[0]["message"]
    assert _task(job).status == TaskResultStatus.FAILED
    _due_now(job)
    assert run_queued() == 0
    assert Incident.objects.count() == 0


def test_rows_that_became_wrong_are_a_result_not_a_failure(world: World) -> None:
    # The run checks the rows again and finds one wrong (the database changed since the
    # preview: here, an area that is not there).
    job = _job(world, CSV + "2026-11-03 10:00;Klotter;Södra Testby\n")
    job_confirm(job=job)

    assert run_queued() == 1

    job.refresh_from_db()
    task = _task(job)
    assert job.status == ImportStatus.INVALID
    assert job.errors
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 1  # no second try
    assert Incident.objects.count() == 0


@pytest.mark.parametrize("left", [ImportStatus.RUNNING, ImportStatus.SAVING])
def test_a_job_left_running_by_a_dead_worker_is_run_by_the_next_try(
    world: World, left: str
) -> None:
    job = _job(world)
    job_confirm(job=job)
    # A worker claimed the task, got this far and was killed; recovery put the task back.
    ImportJob.objects.filter(pk=job.pk).update(status=left, processed_rows=1)
    DBTaskResult.objects.filter(pk=job.task_id).update(worker_ids=["dead-worker"])

    assert run_queued() == 1

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Incident.objects.filter(import_job=job).count() == 1
    assert _task(job).status == TaskResultStatus.SUCCESSFUL


def test_a_task_that_gave_up_ends_the_polling(world: World, client: Client) -> None:
    job = _job(world)
    job_confirm(job=job)
    # Killed on its last try: recovery failed the task, the job was left saving.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.SAVING)
    DBTaskResult.objects.filter(pk=job.task_id).update(
        status=TaskResultStatus.FAILED, worker_ids=["a", "b", "c"], finished_at=timezone.now()
    )
    client.force_login(world.alice)

    fragment = _page(client, job)

    assert "Sparar – Misslyckades efter 3 försök" in _text(fragment)
    assert "every 1s" not in fragment


def test_a_task_finished_by_a_try_killed_after_its_commit_does_nothing_more(
    world: World,
) -> None:
    job = _job(world)
    job_confirm(job=job)
    assert run_queued() == 1
    # The worker died between the import's commit and recording the task as done.
    DBTaskResult.objects.filter(pk=job.task_id).update(
        status=TaskResultStatus.READY, run_after=timezone.now() - timedelta(seconds=1)
    )

    assert run_queued() == 1

    assert Incident.objects.filter(import_job=job).count() == 1
    assert _task(job).return_value == {"job": job.pk, "status": ImportStatus.DONE}


def test_process_imports_runs_the_queued_tasks(world: World) -> None:
    job = _job(world)
    job_confirm(job=job)
    out = io.StringIO()

    call_command("process_imports", stdout=out)

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert "1 uppgifter i kön kördes." in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_in_a_single_process_the_web_runs_the_task_after_commit(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {
        "default": {
            "BACKEND": "samverka.background.backends.InProcessDatabaseBackend",
            "QUEUES": [],
        }
    }
    job = _job(world)
    with transaction.atomic():
        assert job_confirm(job=job)
        job.refresh_from_db()
        thread_name = f"samverka-task-{job.task_id}"
        # Nothing runs before the confirmation is committed.
        assert not any(t.name == thread_name for t in threading.enumerate())
    for thread in threading.enumerate():
        if thread.name == thread_name:
            thread.join(timeout=60)

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors
    assert Incident.objects.filter(import_job=job).count() == 1
    assert _task(job).status == TaskResultStatus.SUCCESSFUL


def test_a_worker_dead_on_the_last_try_leaves_the_job_failed_not_running(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from samverka.background.recovery import recover_lost_tasks

    job = _job(world)
    job_confirm(job=job)
    # The third try's worker was killed mid-import: the job says running, the task too.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.SAVING, processed_rows=1)
    DBTaskResult.objects.filter(pk=job.task_id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
        worker_ids=["w-1", "w-2", "w-3"],
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert recover_lost_tasks() == 1

    job.refresh_from_db()
    assert _task(job).status == TaskResultStatus.FAILED
    assert job.status == ImportStatus.FAILED
    assert "Inget har sparats" in job.errors[0]["message"]
    assert Incident.objects.count() == 0


def test_a_platform_administrators_retry_runs_a_failed_import_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from samverka.background.services import retry_failed_task

    _failing(monkeypatch, times=3)
    job = _job(world)
    job_confirm(job=job)
    for _try in range(3):
        _due_now(job)
        run_queued()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED  # given up

    # The cause is mended; the administrator presses "Försök igen".
    retry_failed_task(result=_task(job), user=None)
    assert run_queued() == 1

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.errors == []
    assert Incident.objects.filter(import_job=job).count() == 1
    assert _task(job).status == TaskResultStatus.SUCCESSFUL
