"""The queue's own housekeeping task: finished tasks do not pile up for ever."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.background.models import ScheduledRun, WorkerBeat
from samverka.background.policy import background_task


def keep_days() -> tuple[int, int]:
    """Days a finished task is kept: successful ones, failed ones (longer: someone may still
    look into them on the status page)."""
    return (
        int(getattr(settings, "SAMVERKA_TASKS_KEEP_DAYS", 30)),
        int(getattr(settings, "SAMVERKA_TASKS_KEEP_FAILED_DAYS", 90)),
    )


@background_task(max_attempts=1)
def prune_finished() -> dict[str, int]:
    """Delete finished tasks, schedule records and stopped workers older than they are kept."""
    now = timezone.now()
    successful, failed = keep_days()
    done, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - timedelta(days=successful)
    ).delete()
    given_up, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__lt=now - timedelta(days=failed)
    ).delete()
    runs, _ = ScheduledRun.objects.filter(slot__lt=now - timedelta(days=failed)).delete()
    workers, _ = WorkerBeat.objects.filter(last_seen__lt=now - timedelta(days=successful)).delete()
    return {"successful": done, "failed": given_up, "scheduled_runs": runs, "workers": workers}
