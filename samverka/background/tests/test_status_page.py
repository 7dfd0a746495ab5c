"""The platform administrator's page of the background work: what is queued, running, done and
failed, which workers are alive, when each scheduled task last ran, and a failed task put back
in the queue with one button (audited)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.accounts.models import AuditEvent
from samverka.background.models import ScheduledRun, WorkerBeat
from samverka.background.schedule import Entry
from samverka.background.selectors import task_state
from samverka.background.tests.example_tasks import fail_until, write_line
from samverka.background.worker import run_queued
from samverka.core.testing import World

pytestmark = pytest.mark.django_db
PAGE = reverse("background:overview")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _failed(tmp_path: Path) -> DBTaskResult:
    """A task that failed all its three tries, as the worker leaves it."""
    result = fail_until.enqueue(str(tmp_path / "tries"), 99)
    for _ in range(3):
        DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())
        run_queued()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    return row


def _root(world: World) -> Client:
    client = Client()
    client.force_login(world.root)
    return client


def test_the_page_shows_the_queue_the_workers_the_schedule_and_the_failures(
    world: World, tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    failed = _failed(tmp_path)
    done = write_line.enqueue(str(tmp_path / "a"))
    run_queued()
    write_line.enqueue(str(tmp_path / "b"))
    write_line.enqueue(str(tmp_path / "c"))
    now = timezone.now()
    WorkerBeat.objects.create(
        worker_id="app1-4242-1",
        hostname="app1.kommun.se",
        pid=4242,
        started_at=datetime(2026, 12, 3, 22, 0, tzinfo=STOCKHOLM),
        last_seen=now,
    )
    WorkerBeat.objects.create(
        worker_id="app2-77-1",
        hostname="app2.kommun.se",
        pid=77,
        started_at=now - timedelta(days=1),
        last_seen=now - timedelta(hours=1),
    )
    settings.SAMVERKA_SCHEDULE = [
        Entry(
            "lines",
            "samverka.background.tests.example_tasks.write_line_every_quarter",
            every=timedelta(minutes=15),
            label="Rader skrivs",
        ),
        Entry("morning", "x.y", at=datetime(2026, 1, 1, 7, 0).time(), label="Morgonjobb"),
    ]
    slot = datetime(2026, 12, 4, 4, 15, tzinfo=STOCKHOLM)
    ScheduledRun.objects.create(name="lines", slot=slot, task_result_id=str(done.id))

    response = _root(world).get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    # Counts per state, in Swedish.
    assert "<dt>I kö</dt><dd>2</dd>" in page
    assert "<dt>Körs</dt><dd>0</dd>" in page
    assert "<dt>Klar</dt><dd>1</dd>" in page
    assert "<dt>Misslyckade</dt><dd>1</dd>" in page
    # Workers: alive or not, host, pid, in Swedish dates.
    assert "app1.kommun.se" in page and "4242" in page and "Igång" in page
    assert "app2.kommun.se" in page and "Inte igång" in page
    assert "3 december 2026 kl. 22.00" in page
    # The schedule: each entry, how often, its last run and how that went.
    assert "Rader skrivs" in page and "var 15:e minut" in page
    assert "4 december 2026 kl. 04.15</td>\n    <td>Klar</td>" in page
    assert "Morgonjobb" in page and "varje dag kl. 07.00" in page and "aldrig" in page
    # The failure: task, tries, exception class; the traceback only inside <details>.
    assert "<code>fail_until</code>" in page and "<code>RuntimeError</code>" in page
    assert "<details>" in page and "try 3 fails" in page
    assert page.index("try 3 fails") > page.index("<summary>Felspår</summary>")
    assert reverse("background:retry", kwargs={"pk": failed.pk}) in page
    assert "Ingen arbetare är igång" not in page  # app1 is alive


def test_tasks_waiting_without_any_worker_are_pointed_out(world: World, tmp_path: Path) -> None:
    write_line.enqueue(str(tmp_path / "a"))
    page = _root(world).get(PAGE).content.decode()
    assert "Ingen arbetare är igång" in page
    assert "Inga uppgifter har misslyckats." in page


def test_try_again_puts_the_failed_task_back_and_it_runs(world: World, tmp_path: Path) -> None:
    failed = _failed(tmp_path)
    url = reverse("background:retry", kwargs={"pk": failed.pk})

    response = _root(world).post(url, follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    assert "fail_until är lagd i kön igen." in response.content.decode()
    state = task_state(str(failed.pk))
    assert state is not None and state.label == "I kö"
    assert state.attempts == 0 and state.max_attempts == 3  # its tries anew
    event = AuditEvent.objects.get(action="task_retry")
    assert event.municipality is None and event.user == world.root
    assert event.object_id == str(failed.pk)
    assert "3 misslyckade försök (RuntimeError)" in event.summary
    # The worker takes it as any queued task, and the failure list is empty meanwhile.
    assert "Inga uppgifter har misslyckats." in response.content.decode()
    assert run_queued() == 1
    assert len((tmp_path / "tries").read_text().splitlines()) == 4


def test_try_again_on_a_task_that_is_not_failed_changes_nothing(
    world: World, tmp_path: Path
) -> None:
    queued = write_line.enqueue(str(tmp_path / "a"))
    url = reverse("background:retry", kwargs={"pk": queued.id})
    before = DBTaskResult.objects.values().get(pk=queued.id)

    response = _root(world).post(url, follow=True)

    assert "Uppgiften har inte misslyckats" in response.content.decode()
    assert DBTaskResult.objects.values().get(pk=queued.id) == before
    assert not AuditEvent.objects.filter(action="task_retry").exists()


def test_try_again_needs_the_csrf_token(world: World, tmp_path: Path) -> None:
    failed = _failed(tmp_path)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.root)
    url = reverse("background:retry", kwargs={"pk": failed.pk})
    assert client.post(url).status_code == 403
    assert DBTaskResult.objects.get(pk=failed.pk).status == TaskResultStatus.FAILED
    # With the page's token it goes through.
    page = client.get(PAGE)
    token = page.cookies["csrftoken"].value
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
    assert DBTaskResult.objects.get(pk=failed.pk).status == TaskResultStatus.READY


def test_without_a_worker_the_web_process_runs_the_retried_task(
    world: World, tmp_path: Path, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    failed = _failed(tmp_path)
    settings.TASKS = {
        "default": {"BACKEND": "samverka.background.backends.InProcessDatabaseBackend"}
    }
    url = reverse("background:retry", kwargs={"pk": failed.pk})
    with (
        mock.patch("samverka.background.services.start_thread") as start,
        django_capture_on_commit_callbacks(execute=True),
    ):
        _root(world).post(url)
    start.assert_called_once_with(str(failed.pk))


def test_with_workers_the_retried_task_waits_for_them(world: World, tmp_path: Path) -> None:
    failed = _failed(tmp_path)
    url = reverse("background:retry", kwargs={"pk": failed.pk})
    with mock.patch("samverka.background.services.start_thread") as start:
        _root(world).post(url)
    start.assert_not_called()


def test_the_failures_download_as_csv_without_the_traceback(world: World, tmp_path: Path) -> None:
    failed = _failed(tmp_path)
    response = _root(world).get(reverse("background:failures_export", kwargs={"fmt": "csv"}))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Uppgift;Försök;Misslyckades;Fel;Id"
    assert lines[1].startswith("samverka.background.tests.example_tasks.fail_until;3;")
    assert lines[1].endswith(f";RuntimeError;{failed.pk}")
    assert "try 3 fails" not in text
    xlsx = _root(world).get(reverse("background:failures_export", kwargs={"fmt": "xlsx"}))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.mark.parametrize("username", ["alice", "bob", "dave"])
def test_nobody_else_sees_the_page_or_retries(world: World, tmp_path: Path, username: str) -> None:
    failed = _failed(tmp_path)
    user = world.user(username)
    assert user is not None
    client = Client()
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    assert client.post(reverse("background:retry", kwargs={"pk": failed.pk})).status_code == 403
    assert DBTaskResult.objects.get(pk=failed.pk).status == TaskResultStatus.FAILED


def test_the_platform_admins_start_page_links_here(world: World) -> None:
    assert PAGE in _root(world).get(reverse("core:home")).content.decode()
