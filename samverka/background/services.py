"""What a platform administrator does with the queue: put a failed task back in it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import InvalidTaskBackendError
from django_tasks_db.models import DBTaskResult

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.background.backends import InProcessDatabaseBackend, start_thread


class NotFailed(ValidationError):
    """The task is not (or no longer) failed: in the queue, running or done."""


def retry_failed_task(*, result: DBTaskResult, user: AnyUser | None) -> None:
    """Put a failed task back in the queue, to run as soon as a worker is free, with its
    policy's tries anew (after a fix: the mail server is back, the bug is mended).

    The row stays the same, so every page that follows the task (an import's page) sees it
    queued again; its last traceback stays until the next try ends. A task that is not failed
    any more (retried by someone else a moment ago) is refused with ``NotFailed``."""
    before = len(result.worker_ids)
    with transaction.atomic():
        # Conditional: of two administrators pressing at once, one puts it back.
        updated = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY,
            run_after=timezone.now(),
            started_at=None,
            finished_at=None,
            worker_ids=[],
        )
        if not updated:
            raise NotFailed(
                _("Uppgiften har inte misslyckats: den är redan i kön, körs eller är klar.")
            )
        audit(
            municipality=None,
            user=user,
            action="task_retry",
            obj=result,
            summary=ngettext(
                "%(task)s lagd i kön igen efter %(n)d misslyckat försök (%(error)s)",
                "%(task)s lagd i kön igen efter %(n)d misslyckade försök (%(error)s)",
                before,
            )
            % {
                "task": result.task_path.rsplit(".", 1)[-1],
                "n": before,
                "error": result.exception_class_path.rsplit(".", 1)[-1] or "?",
            },
            changes={"status": (TaskResultStatus.FAILED, TaskResultStatus.READY)},
        )
    # Without a worker (the single-process default) the web process runs what it queues: the
    # task was not enqueued anew, so start its thread here, once the retry is committed.
    try:
        backend = task_backends[result.backend_name]
    except InvalidTaskBackendError:  # a backend no longer configured: a worker's setting decides
        return
    if isinstance(backend, InProcessDatabaseBackend):
        result_id = str(result.pk)
        transaction.on_commit(lambda: start_thread(result_id))
