"""The scheduled tasks of the meetings and the lägesbild, queued as a worker's clock queues them
and run from the queue: the notice of next week's meeting reaches its members, and counts that
had gone wrong are right again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.background.schedule import DEFAULT_SCHEDULE, queue_due
from samverka.background.selectors import task_state
from samverka.background.worker import run_queued
from samverka.core.testing import World
from samverka.meetings import services
from samverka.meetings.models import Meeting
from samverka.meetings.tasks import send_meeting_notices
from samverka.situation.figures.base import Scope
from samverka.situation.models import CellCount, MonthlyCount, WeeklyCount
from samverka.situation.tasks import rebuild_counts
from samverka.situation.testing import at, make_category, make_incident

pytestmark = pytest.mark.django_db

OURS = ("meeting-notices", "situation-counts")


@pytest.fixture(autouse=True)
def _locmem_mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _meeting(world: World, days: int, **extra: Any) -> Meeting:
    starts = timezone.now() + timedelta(days=days)
    extra.setdefault("location", "Stadshuset")
    return services.meeting_create(
        group=world.steering,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        user=None,
        **extra,
    )


def _result(result_id: UUID | str) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=result_id)


def test_the_schedule_names_these_tasks() -> None:
    entries = {e.name: e for e in DEFAULT_SCHEDULE}
    for name in OURS:
        assert isinstance(import_string(entries[name].task_path), Task), name


def test_next_weeks_meeting_gets_its_notice_from_the_queue(world: World) -> None:
    soon = _meeting(world, 3)
    later = _meeting(world, 20)  # its notice goes out a week before, not now
    unplaced = _meeting(world, 2, location="")  # a notice says where: skipped, and named
    mail.outbox.clear()

    result = send_meeting_notices.enqueue()
    assert mail.outbox == []  # queued, not sent: nothing before a worker runs it
    assert run_queued() == 1

    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    assert soon.display_title in str(mail.outbox[0].subject)
    assert mail.outbox[0].attachments[0][0] == "mote.ics"
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.notice_sent_at is not None and later.notice_sent_at is None
    row = _result(result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == {"sent": 1, "without_recipients": 0, "skipped": [unplaced.pk]}

    # The next quarter-hour sends nothing twice.
    send_meeting_notices.enqueue()
    run_queued()
    assert len(mail.outbox) == 1


def test_the_workers_clock_queues_the_notices_once_per_quarter(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAMVERKA_SCHEDULE = [e for e in DEFAULT_SCHEDULE if e.name == "meeting-notices"]
    _meeting(world, 3)
    mail.outbox.clear()
    now = timezone.now()
    assert queue_due(now) == ["meeting-notices"]
    assert queue_due(now) == []  # a second worker looking at the same clock queues nothing
    run_queued()
    assert len(mail.outbox) == 1


def test_a_meeting_that_breaks_fails_the_task_after_the_others_are_sent(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = _meeting(world, 2)
    fine = _meeting(world, 4)
    mail.outbox.clear()
    from samverka.meetings import tasks

    real = tasks.send_notice

    def send(meeting: Meeting, *, reason: str) -> int:
        if meeting.pk == broken.pk:
            raise RuntimeError("a bug")
        return real(meeting, reason=reason)

    monkeypatch.setattr(tasks, "send_notice", send)
    result = send_meeting_notices.enqueue()
    run_queued()

    fine.refresh_from_db()
    assert fine.notice_sent_at is not None and len(mail.outbox) == 1
    state = task_state(str(result.id))
    assert state is not None and state.status == TaskResultStatus.FAILED
    assert state.last_error == "NoticesFailed"  # shown on the status page
    assert f"möte {broken.pk}" in _result(result.id).traceback


def _figures(world: World) -> tuple[set, set]:
    from samverka.situation.tests.test_aggregates import PERIOD, _both

    return _both(Scope.of(world.root_area), PERIOD)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the counts exist on PostgreSQL")
def test_counts_that_went_wrong_are_right_after_the_nightly_task(world: World) -> None:
    from samverka.situation.tests.test_aggregates import PERIOD

    vandalism = make_category(world.testby, "skadegorelse", "Skadegörelse")
    for hour in range(0, 24, 3):
        make_incident(world.area, vandalism, at(PERIOD.start, hour), latitude=57.7, longitude=12.0)
    raw, counted = _figures(world)
    assert raw == counted and raw
    # As after restoring the reports alone: the counts no longer match them.
    WeeklyCount.objects.all().delete()
    MonthlyCount.objects.update(events=0)
    CellCount.objects.all().delete()
    assert _figures(world)[1] != raw

    result = rebuild_counts.enqueue()
    assert _figures(world)[1] != raw  # queued, not run
    run_queued()

    assert _figures(world) == (raw, raw)
    assert CellCount.objects.exists()
    row = _result(result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value["drifted"] == ["cells", "monthly", "weekly"]
    assert row.return_value["counts"]["weekly"]["events"] == 8

    # Counts that were right are left as they were, and the run says so.
    again = rebuild_counts.enqueue()
    run_queued()
    assert _result(again.id).return_value["drifted"] == []
    assert _figures(world) == (raw, raw)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no counts to rebuild")
def test_without_counts_the_nightly_task_does_nothing() -> None:
    result = rebuild_counts.enqueue()
    run_queued()
    row = _result(result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value == {"rebuilt": False}
