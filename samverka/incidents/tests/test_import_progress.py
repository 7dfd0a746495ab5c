"""A web import's progress reaches the page while the import's own transaction is still open
(PostgreSQL, where rows are checked while they are written); SQLite waits for the end."""

from __future__ import annotations

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from samverka.core.testing import World
from samverka.incidents.imports.jobs import _JobProgress
from samverka.incidents.imports.run import CHECKING_AND_SAVING, SAVING
from samverka.incidents.models import ImportJob, ImportStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _seen_from_outside(job: ImportJob) -> tuple[str, int]:
    """The job's row as the polling page sees it: through a connection of its own."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT status, processed_rows FROM incidents_importjob WHERE id = %s", [job.pk]
            )
            status, processed = cursor.fetchone()
    finally:
        other.close()
    return status, processed


def test_progress_inside_the_import_transaction(world: World) -> None:
    job = ImportJob.objects.create(
        municipality=world.testby,
        format="csv",
        filename="rapport.csv",
        status=ImportStatus.RUNNING,
        total_rows=1000,
    )
    progress = _JobProgress(job)
    try:
        with transaction.atomic():
            progress(CHECKING_AND_SAVING, 400, 1000)
            during = _seen_from_outside(job) if connection.vendor == "postgresql" else None
            progress(SAVING, 0, 1000)
            saving = _seen_from_outside(job) if connection.vendor == "postgresql" else None
    finally:
        progress.close()
    if connection.vendor == "postgresql":
        assert during == (ImportStatus.RUNNING, 400)
        assert saving == (ImportStatus.SAVING, 1000)
    # Outside a transaction the figures go straight onto the row, on any database.
    _JobProgress(job)(CHECKING_AND_SAVING, 700, 1000)
    job.refresh_from_db()
    assert job.processed_rows == 700
