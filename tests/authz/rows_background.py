"""Rows of the background work's page: the queue, its failures and their retry are the platform
administrator's alone, as the other /plattform/ pages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.core.testing import World
from tests.authz.common import NOT_ALLOWED, Row
from tests.authz.rows_onboarding import PLATFORM_PAGE, PLATFORM_WRITE

FAILED_TASK_PATH = "samverka.background.tests.example_tasks.write_line"


def prepare(w: World) -> None:
    """A task that failed its last try, for the retry button."""
    DBTaskResult.objects.create(
        status=TaskResultStatus.FAILED,
        task_path=FAILED_TASK_PATH,
        args_kwargs={"args": ["/dev/null"], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now(),
        worker_ids=["authz-1"],
        exception_class_path="builtins.RuntimeError",
        traceback="Traceback (most recent call last):\nRuntimeError: authz",
    )


def _failed(w: World) -> dict[str, Any]:
    row = DBTaskResult.objects.filter(task_path=FAILED_TASK_PATH).order_by("enqueued_at").first()
    assert row is not None, "rows_background.prepare makes a failed task"
    return {"pk": row.pk}


ROWS: list[Row] = [
    Row("background:overview", None, {"GET": PLATFORM_PAGE}, note="platform admin only"),
    Row(
        "background:failures_export",
        lambda w: {"fmt": "csv"},
        {"GET": PLATFORM_PAGE},
        note="platform admin only",
    ),
    Row(
        "background:retry",
        _failed,
        {"GET": NOT_ALLOWED, "POST": PLATFORM_WRITE},
        note="platform admin only; POST with CSRF",
    ),
]
