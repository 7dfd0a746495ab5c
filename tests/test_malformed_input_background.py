"""Malformed input never crashes the background work's page: garbage in the retry's URL and body,
in the export's format and in the page's query, sent by a platform administrator (the only one
let in: the generic sweep of test_malformed_input.py writes as alice, who gets a 403 here) —
a 4xx or the page again, never a 500, and a refused retry changes no task."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import quote

from django.test import Client
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.core.testing import World
from tests.authz.rows_background import FAILED_TASK_PATH
from tests.test_malformed_input import BAD_VALUES, HUGE, NUL, _Crashes

PAGE = "/plattform/bakgrundsarbete/"
NOT_UUIDS = ["abc", "0", "-1", "99999999999999999999", "1" * 33, HUGE[:2000], NUL, "..", "%2F"]


def _root(world: World) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.root)
    return client


def _tasks() -> list[dict[str, Any]]:
    return [dict(row) for row in DBTaskResult.objects.order_by("pk").values()]


def _send(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return client.get(url, data) if method == "GET" else client.post(url, data)


def test_the_retry_and_the_export_never_crash(
    prepared_foreign: tuple[World, dict[str, int]], db: None
) -> None:
    world, _foreign = prepared_foreign
    client = _root(world)
    crashes = _Crashes()
    queued = DBTaskResult.objects.create(
        status=TaskResultStatus.READY,
        task_path=FAILED_TASK_PATH,
        args_kwargs={"args": ["/dev/null"], "kwargs": {}},
        backend_name="default",
        run_after=DBTaskResult._meta.get_field("run_after").to_python("2026-12-04T04:00:00Z"),
    )
    missing = "00000000-0000-4000-8000-000000000000"
    before = _tasks()

    refused: list[tuple[str, str, dict[str, Any]]] = []
    for value in NOT_UUIDS:
        refused.append(("POST", f"{PAGE}{quote(value, safe='')}/forsok-igen/", {}))
    refused.append(("POST", reverse("background:retry", kwargs={"pk": missing}), {}))
    for fmt in ["xls", "pdf", "", "csv.csv", HUGE[:500], NUL, "CSV"]:
        refused.append(("GET", f"{PAGE}misslyckade.{quote(fmt, safe='')}", {}))
    for method, url, data in refused:
        response = crashes.check(method, url, data, partial(_send, client, method, url, data))
        assert response.status_code in (400, 404, 405), (method, url, response.status_code)
    assert _tasks() == before

    # A queued task is not failed: the page says so and the task stays as it was.
    not_failed = reverse("background:retry", kwargs={"pk": queued.pk})
    for value in BAD_VALUES:
        data = {"pk": value, "status": value, "task": value, "csrfmiddlewaretoken": value}
        response = crashes.check(
            "POST", not_failed, data, partial(_send, client, "POST", not_failed, data)
        )
        # 400: a NUL byte in a query string is refused before any view (core middleware).
        assert response.status_code in (302, 400), response.status_code
        response = crashes.check("GET", PAGE, data, partial(_send, client, "GET", PAGE, data))
        assert response.status_code in (200, 400), response.status_code
    assert _tasks() == before

    # Garbage beside the button's own (empty) form does not stop a real retry.
    failed = DBTaskResult.objects.get(task_path=FAILED_TASK_PATH, status=TaskResultStatus.FAILED)
    url = reverse("background:retry", kwargs={"pk": failed.pk})
    data = dict.fromkeys(("pk", "status", "worker_ids"), HUGE)
    response = crashes.check("POST", url, data, partial(_send, client, "POST", url, data))
    assert response.status_code == 302
    assert DBTaskResult.objects.get(pk=failed.pk).status == TaskResultStatus.READY
    crashes.assert_none()
