"""A confirmed web import runs in a background thread of the web process and commits in one go."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from samverka.core.testing import World
from samverka.incidents.imports.jobs import job_confirm
from samverka.incidents.models import ImportJob, ImportStatus, Incident

CSV = "tidpunkt;kategori;område\n2026-11-02 21:14;Klotter;Norra Testby\n"


@pytest.mark.django_db(transaction=True)
def test_a_confirmed_job_runs_in_a_thread_after_commit(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAMVERKA_IMPORT_THREADS = True
    job = ImportJob.objects.create(
        municipality=world.testby,
        created_by=world.alice,
        format="csv",
        filename="v.csv",
        total_rows=1,
        summary={"rows": 1, "new": 1, "mapping": {}},
    )
    job.file.save("v.csv", ContentFile(CSV.encode()), save=True)
    with transaction.atomic():
        assert job_confirm(job=job)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    assert job.status == ImportStatus.DONE, job.errors
    assert Incident.objects.filter(import_job=job).count() == 1
    # The thread closes its database connection as it ends; let it, before the test database
    # is torn down.
    for thread in threading.enumerate():
        if thread.name == f"samverka-import-{job.pk}":
            thread.join(timeout=30)
