"""Imports from the web: upload → checked preview → confirm → run in the background.

The upload is checked in the request (the page shows every error, or what would be added);
the file is kept on the job row. Confirming queues the job and a task (``tasks.run_import``) on
the task queue (``samverka.background``); a worker — or, in a single-process installation, a
thread of the web process — runs it: it checks the rows again (the database may have changed
since the preview), storing how far it has come on the job row every quarter second for the
page to poll with htmx, then writes everything in one transaction that also marks the job done.

Because the write is one transaction, a worker killed half-way wrote nothing: the job is left
"running", the queue puts the task back once the worker's heartbeat has stopped, and the next
try claims the job again (``_claim`` takes a running job too) and runs it from the start.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.models import Municipality
from samverka.incidents.imports.errors import ImportRefused, RowError
from samverka.incidents.imports.run import SAVING, CheckedFile, check_and_write, check_file
from samverka.incidents.models import ColumnMapping, ImportJob, ImportStatus
from samverka.organisation.models import Organisation

logger = logging.getLogger(__name__)
# Statuses a try may take a job from: queued, or left running by a worker that died.
CLAIMABLE = (ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.SAVING)


def mapping_for(organisation: Organisation | None) -> dict[str, str]:
    if organisation is None:
        return {}
    saved = ColumnMapping.objects.filter(organisation=organisation).first()
    return dict(saved.mapping) if saved is not None else {}


def job_preview(
    *,
    municipality: Municipality,
    organisation: Organisation | None,
    user: AnyUser | None,
    fmt: str,
    filename: str,
    data: bytes,
) -> tuple[ImportJob, CheckedFile]:
    """Check an uploaded file and keep it on a new job: VALIDATED, or INVALID with its errors."""
    mapping = mapping_for(organisation) if fmt != "polisen" else {}
    checked = check_file(
        data, fmt=fmt, municipality=municipality, organisation=organisation, mapping=mapping
    )
    job = ImportJob(
        municipality=municipality,
        organisation=organisation,
        created_by=user if user is not None and user.is_authenticated else None,
        format=fmt,
        filename=filename[:255],
        status=ImportStatus.VALIDATED if checked.ok else ImportStatus.INVALID,
        total_rows=checked.rows,
        errors=[e.as_dict() for e in checked.errors],
        summary={**checked.summary(), "mapping": mapping},
    )
    if checked.ok:
        job.file.save(_safe_name(filename), ContentFile(data), save=False)
    job.save()
    return job, checked


def _safe_name(filename: str) -> str:
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in filename.rsplit("/", 1)[-1])
    return (stem.lstrip(".") or "import")[-100:]


def job_confirm(*, job: ImportJob) -> bool:
    """Queue a previewed job and its task; False when it was not waiting for confirmation.
    The task row is written in the same transaction: both are queued, or neither."""
    from samverka.incidents.tasks import run_import

    with transaction.atomic():
        queued = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATED).update(
            status=ImportStatus.QUEUED, processed_rows=0, updated_at=timezone.now()
        )
        if not queued:
            return False
        result = run_import.enqueue(job.pk)
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db(fields=["status", "processed_rows", "task_id", "updated_at"])
    return True


def _claim(job_id: int) -> ImportJob | None:
    # The queue runs a task once at a time; a running job is one whose worker died mid-run
    # (its write rolled back) and whose task the queue has put back.
    claimed = ImportJob.objects.filter(pk=job_id, status__in=CLAIMABLE).update(
        status=ImportStatus.RUNNING, processed_rows=0, updated_at=timezone.now()
    )
    if not claimed:
        return None
    return ImportJob.objects.select_related("municipality", "organisation", "created_by").get(
        pk=job_id
    )


def process_job(job_id: int, *, may_retry: bool = False) -> ImportJob | None:
    """Run a queued job to the end (DONE, INVALID or FAILED); None if it is not to be run
    (finished already, or never confirmed).

    Bad rows (INVALID) and a lost file (FAILED) are results. An unexpected error is raised
    after the job is put back in the queue (``may_retry``: the task will try again) or marked
    FAILED (the last try)."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return _finish(
            job,
            ImportStatus.FAILED,
            [RowError(None, "", _("Filen finns inte kvar. Ladda upp den igen."))],
        )

    progress = _JobProgress(job)
    try:
        checked, done = check_and_write(
            data,
            fmt=job.format,
            municipality=job.municipality,
            organisation=job.organisation,
            user=job.created_by,
            filename=job.filename,
            mapping=job.summary.get("mapping") or {},
            job=job,
            progress=progress,
            total_hint=job.total_rows,
        )
        if done is None:
            return _finish(job, ImportStatus.INVALID, checked.errors, checked.summary())
        return done
    except ImportRefused as exc:
        return _finish(job, ImportStatus.INVALID, exc.errors)
    except Exception:  # a bug or a lost database must not leave the job "running" forever
        logger.exception("Import job %s failed", job.pk)
        if may_retry:
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportStatus.QUEUED, processed_rows=0, updated_at=timezone.now()
            )
        else:
            _finish(
                job,
                ImportStatus.FAILED,
                [RowError(None, "", _("Importen avbröts av ett oväntat fel. Inget har sparats."))],
            )
        raise
    finally:
        progress.close()


class _JobProgress:
    """Stores how far a job has come on its row, at most four times a second, for the page to
    poll. While rows are checked and written in the import's own transaction (PostgreSQL), the
    figures go through a second connection of their own: inside the transaction nobody else would
    see them until the end."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.last = 0.0
        self.saving = False
        self.side: BaseDatabaseWrapper | None = None

    def __call__(self, label: str, done: int, total: int) -> None:
        if label == SAVING:  # the rows are checked; now they are written
            if not self.saving:
                self.saving = True
                self._store(
                    status=ImportStatus.SAVING.value,
                    processed_rows=self.job.total_rows or done,
                )
            return
        now = time.monotonic()
        if now - self.last > 0.25:
            self.last = now
            self._store(processed_rows=min(done, self.job.total_rows or done))

    def _store(self, **fields: Any) -> None:
        fields["updated_at"] = timezone.now()
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job.pk).update(**fields)
            return
        if connection.vendor != "postgresql":
            return  # SQLite has one writer at a time: the figures wait for the end
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        quote = self.side.ops.quote_name
        table = quote(ImportJob._meta.db_table)
        columns = ", ".join(f"{quote(_column(name))} = %s" for name in fields)
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {columns} WHERE id = %s",  # noqa: S608 (our column names)
                [*fields.values(), self.job.pk],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _column(name: str) -> str:
    """The column of one of ImportJob's fields (a renamed field may keep its old column)."""
    field = ImportJob._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def _finish(
    job: ImportJob,
    status: str,
    errors: list[RowError],
    summary: dict[str, Any] | None = None,
) -> ImportJob:
    job.status = status
    job.errors = [e.as_dict() for e in errors]
    if summary:
        job.summary = {**job.summary, **summary}
    job.finished_at = timezone.now()
    job.save()
    return job
