"""The background work's page in the browser: a platform administrator finds it from the start
page, reads a failure's traceback, and puts the task back in the queue. axe finds nothing on the
page, with the traceback closed and open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import Page, expect

from samverka.background.models import WorkerBeat
from samverka.core.testing import World

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]


def test_a_platform_admin_retries_a_failed_task(
    page: Page,
    world: World,
    login: Callable[[Page, str], None],
    assert_no_axe_violations: AxeCheck,
) -> None:
    now = timezone.now()
    failed = DBTaskResult.objects.create(
        status=TaskResultStatus.FAILED,
        task_path="samverka.meetings.tasks.send_meeting_notices",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=now,
        finished_at=now - timedelta(minutes=3),
        worker_ids=["app1-4242-1"],
        exception_class_path="samverka.meetings.tasks.NoticesFailed",
        traceback=(
            "Traceback (most recent call last):\nNoticesFailed: 1 kallelser kunde inte skickas"
        ),
    )
    WorkerBeat.objects.create(
        worker_id="app1-4242-1",
        hostname="app1.kommun.se",
        pid=4242,
        started_at=now - timedelta(hours=5),
        last_seen=now,
    )

    login(page, "root")
    page.goto(reverse("core:home"))
    with page.expect_navigation():
        page.get_by_role("link", name="Bakgrundsarbete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakgrundsarbete")
    main = page.locator("main")
    expect(main).to_contain_text("app1.kommun.se")
    expect(main).to_contain_text("Kallelser till möten den kommande veckan skickas")
    expect(main).to_contain_text("NoticesFailed")
    trace = page.get_by_text("1 kallelser kunde inte skickas")
    expect(trace).to_be_hidden()
    assert_no_axe_violations(page)

    page.get_by_text("Felspår").click()
    expect(trace).to_be_visible()
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Försök igen").click()
    expect(main).to_contain_text("send_meeting_notices är lagd i kön igen.")
    expect(main).to_contain_text("Inga uppgifter har misslyckats.")
    assert_no_axe_violations(page)
    failed.refresh_from_db()
    assert failed.status == TaskResultStatus.READY
