"""The "Ladda ner som PDF" page as a reader relies on it: the printing is queued once however
often the page is reloaded, the page says where it stands in the queue and how far the printing
has come, a printing that fails is tried again and the file is then offered, a printing that
keeps failing says so and offers a way to try again, and a change of the data while the task
waits gives the PDF of the data as they are."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.background.worker import run_queued
from samverka.core.testing import World
from samverka.organisation.models import Group
from samverka.reports import jobs, pdf, rendering
from samverka.reports.factsheet import build_fact_sheet
from samverka.reports.rendering import fact_sheet_fingerprint
from samverka.reports.tests.test_factsheet_layout import _count_prints, _plain, pdf_text

pytestmark = pytest.mark.django_db
TASK = "samverka.reports.tasks.print_fact_sheet"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()  # no PDF or job of an earlier test


def _urls(world: World) -> tuple[str, str, str]:
    kwargs = {"municipality": "testby", "pk": world.area.pk}
    return (
        reverse("reports:factsheet", kwargs=kwargs),
        reverse("reports:factsheet_pdf_job", kwargs=kwargs),
        reverse("reports:factsheet_pdf", kwargs=kwargs),
    )


def _tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at"))


def _due_now() -> None:
    DBTaskResult.objects.filter(task_path=TASK, status=TaskResultStatus.READY).update(
        run_after=timezone.now()
    )


def _status(client: Client, job_url: str) -> str:
    """The part of the page htmx polls."""
    return _plain(client.get(job_url, HTTP_HX_REQUEST="true").content.decode())


def _text(html: str) -> str:
    """What a reader reads: the markup without its tags."""
    return _plain(re.sub(r"<[^>]+>", "", html))


def _fail_first(monkeypatch: pytest.MonkeyPatch, times: int) -> list[int]:
    """The printer raises the first ``times`` times it is asked, then prints."""
    calls: list[int] = []
    original = jobs.print_pdf

    def flaky(htmls: Any, **kwargs: Any) -> bytes:
        calls.append(1)
        if len(calls) <= times:
            raise OSError("the printer ran out of memory")
        return original(htmls, **kwargs)

    monkeypatch.setattr(jobs, "print_pdf", flaky)
    return calls


def test_the_button_queues_the_printing_once_shows_the_queue_then_serves_the_file(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(world.dave)
    page_url, job_url, pdf_url = _urls(world)
    assert job_url in client.get(page_url).content.decode()

    response = client.get(job_url)
    assert response.status_code == 200
    body = _plain(response.content.decode())
    assert "PDF:en skapas – I kö" in _text(body) and "<progress" in body
    assert 'hx-trigger="every 1s"' in body
    assert len(_tasks()) == 1
    # Reloading and polling while it waits queue nothing more.
    assert "I kö" in _status(client, job_url)
    assert client.get(job_url).status_code == 200
    assert len(_tasks()) == 1

    assert run_queued() == 1
    (task,) = _tasks()
    assert task.status == TaskResultStatus.SUCCESSFUL
    fragment = _status(client, job_url)
    assert "PDF:en är klar." in fragment and "<html" not in fragment
    assert f'href="{pdf_url}"' in fragment and "every 1s" not in fragment
    # Done: the button leads straight to the file, which comes from the cache.
    response = client.get(job_url)
    assert response.status_code == 302 and response["Location"] == pdf_url
    prints = _count_prints(monkeypatch)
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf" and prints == []
    assert "Primärområde Norra Testby" in _plain(pdf_text(response.content))
    assert len(_tasks()) == 1


def test_the_page_shows_the_printings_progress_while_the_worker_prints(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(world.dave)
    _, job_url, _ = _urls(world)
    client.get(job_url)
    seen: list[str] = []
    original = rendering.document_to_pdf

    def writing(document: Any) -> bytes:
        # The worker is at "Skriver PDF-filen": what the polling page shows at that moment.
        seen.append(_status(client, job_url))
        return original(document)

    monkeypatch.setattr(rendering, "document_to_pdf", writing)
    run_queued()
    (fragment,) = seen
    assert "PDF:en skapas – Körs: Skriver PDF-filen" in _text(fragment)
    assert 'value="2"' in fragment and "Steg 2 av 3" in fragment


def test_a_printing_that_fails_once_is_tried_again_and_the_page_then_offers_the_file(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _fail_first(monkeypatch, times=1)
    client.force_login(world.dave)
    _, job_url, pdf_url = _urls(world)
    client.get(job_url)

    assert run_queued() == 1
    assert len(calls) == 1
    fragment = _status(client, job_url)
    # Still on its way, and the page says a new try is coming and when.
    assert "PDF:en skapas – Misslyckades, nytt försök kl. " in _text(fragment)
    assert "every 1s" in fragment and "Försök igen" not in fragment
    assert len(_tasks()) == 1

    _due_now()  # the backoff has passed
    assert run_queued() == 1
    assert len(calls) == 2
    (task,) = _tasks()
    assert task.status == TaskResultStatus.SUCCESSFUL and len(task.worker_ids) == 2
    fragment = _status(client, job_url)
    assert "PDF:en är klar." in fragment and f'href="{pdf_url}"' in fragment
    response = client.get(pdf_url)
    assert response.content.startswith(b"%PDF-")


def test_a_printing_that_keeps_failing_says_so_and_can_be_tried_again(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _fail_first(monkeypatch, times=3)
    client.force_login(world.dave)
    _, job_url, pdf_url = _urls(world)
    client.get(job_url)
    for _ in range(3):
        _due_now()
        run_queued()
    assert len(calls) == 3
    (task,) = _tasks()
    assert task.status == TaskResultStatus.FAILED

    response = client.get(job_url)
    page = _plain(response.content.decode())
    assert response.status_code == 200
    assert "PDF:en kunde inte skapas. Misslyckades efter 3 försök." in _text(page)
    assert "Försök igen</button>" in page and 'method="post"' in page
    assert "every 1s" not in page and 'http-equiv="refresh"' not in page
    # Looking again does not queue it again by itself: the reader decides.
    client.get(job_url, HTTP_HX_REQUEST="true")
    assert len(_tasks()) == 1

    response = client.post(job_url)
    assert response.status_code == 302 and response["Location"] == job_url
    assert len(_tasks()) == 2
    assert "PDF:en skapas – I kö" in _text(_status(client, job_url))
    # Pressing twice (or reloading the POST) while it waits queues nothing more.
    client.post(job_url)
    assert len(_tasks()) == 2
    assert run_queued() == 1
    assert "PDF:en är klar." in _status(client, job_url)
    assert client.get(pdf_url).content.startswith(b"%PDF-")


def test_data_changed_while_queued_are_printed_as_they_are_now(
    world: World, client: Client
) -> None:
    """The worker prints what it sees and keeps it under the new data's fingerprint, which is
    what the page asks for next: no second task, and the PDF shows the new name."""
    client.force_login(world.dave)
    _, job_url, pdf_url = _urls(world)
    before = fact_sheet_fingerprint(build_fact_sheet(world.area))
    client.get(job_url)
    Group.objects.filter(pk=world.safety_group.pk).update(name="Trygghetsgruppen Nordväst")
    after = fact_sheet_fingerprint(build_fact_sheet(world.area))
    assert after != before

    assert run_queued() == 1
    (task,) = _tasks()
    assert task.return_value == {"fingerprint": after, "requested": before, "printed": True}
    assert pdf.get(before) is None and pdf.get(after) is not None
    assert "PDF:en är klar." in _status(client, job_url)
    assert len(_tasks()) == 1
    assert "Trygghetsgruppen Nordväst" in _plain(pdf_text(client.get(pdf_url).content))


def test_the_worker_prints_in_the_readers_language(world: World, client: Client) -> None:
    """The fingerprint is of the printed HTML: a worker printing in another language than the
    page would key the PDF where the page never looks."""
    client.force_login(world.dave)
    _, job_url, _ = _urls(world)
    client.cookies["django_language"] = "en"
    client.get(job_url)
    with translation.override("sv"):  # a worker speaks the site's language of its own
        run_queued()
    (task,) = _tasks()
    assert task.task_result.args[-1] == "en"
    with translation.override("en"):
        english = fact_sheet_fingerprint(build_fact_sheet(world.area))
    with translation.override("sv"):
        assert english != fact_sheet_fingerprint(build_fact_sheet(world.area))
    assert task.return_value["fingerprint"] == task.return_value["requested"] == english
    assert pdf.get(english) is not None
    assert client.get(job_url).status_code == 302  # done: straight to the file
    assert len(_tasks()) == 1


def test_a_pdf_printed_but_not_seen_by_the_web_is_a_failure_not_a_loop(
    world: World, client: Client
) -> None:
    """A worker whose cache the web process does not share (SAMVERKA_CACHE unset with workers)
    prints into its own: the page says the printing failed instead of queueing it for ever."""
    client.force_login(world.dave)
    _, job_url, _ = _urls(world)
    client.get(job_url)
    run_queued()
    fingerprint = fact_sheet_fingerprint(build_fact_sheet(world.area))
    cache.delete(pdf.PREFIX + fingerprint)  # as if printed in another process's cache

    page = _plain(client.get(job_url).content.decode())
    assert "PDF:en kunde inte skapas." in page and "Försök igen</button>" in page
    assert len(_tasks()) == 1
    client.post(job_url)
    assert len(_tasks()) == 2
    run_queued()
    assert "PDF:en är klar." in _status(client, job_url)


def test_a_task_for_an_area_not_found_prints_nothing(world: World) -> None:
    from samverka.reports.tasks import print_fact_sheet

    result = print_fact_sheet.enqueue(world.testby.pk, world.other_area.pk, "x" * 64, "sv")
    run_queued()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == {"fingerprint": None, "requested": "x" * 64}


def test_workers_without_a_shared_cache_are_warned_of(settings: Any) -> None:
    from samverka.reports.checks import pdf_cache_shared_with_workers

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    (warning,) = pdf_cache_shared_with_workers()
    assert warning.id == "reports.W001" and "SAMVERKA_CACHE=database" in str(warning.hint)
    settings.TASKS = {
        "default": {"BACKEND": "samverka.background.backends.InProcessDatabaseBackend"}
    }
    assert pdf_cache_shared_with_workers() == []
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "c"}
    }
    assert pdf_cache_shared_with_workers() == []
