"""`samverka process_imports`: runs the web's queued imports, and those a dead process left."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from samverka.core.testing import World
from samverka.incidents.models import ImportJob, ImportStatus, Incident

CSV = "tidpunkt;kategori;område\n2026-11-02 {time};Klotter;Norra Testby\n"


def _job(world: World, status: str, name: str, time: str) -> ImportJob:
    """A confirmed web import of one report (at ``time``, so that each job's row is new)."""
    job = ImportJob.objects.create(
        municipality=world.testby,
        created_by=world.alice,
        format="csv",
        filename=name,
        status=status,
        total_rows=1,
        summary={"rows": 1, "new": 1, "mapping": {}},
    )
    job.file.save(name, ContentFile(CSV.format(time=time).encode()), save=True)
    return job


def test_queued_and_stalled_imports_are_run_once(world: World) -> None:
    queued = _job(world, ImportStatus.QUEUED, "morgon.csv", "08:00")
    stalled = _job(world, ImportStatus.RUNNING, "formiddag.csv", "09:00")
    ImportJob.objects.filter(pk=stalled.pk).update(
        updated_at=timezone.now() - timedelta(minutes=20)
    )
    busy = _job(
        world, ImportStatus.RUNNING, "lunch.csv", "12:00"
    )  # another process is at it right now
    out = io.StringIO()

    call_command("process_imports", stdout=out)

    statuses = dict(ImportJob.objects.values_list("pk", "status"))
    assert statuses == {
        queued.pk: ImportStatus.DONE,
        stalled.pk: ImportStatus.DONE,
        busy.pk: ImportStatus.RUNNING,
    }
    assert Incident.objects.filter(import_job__in=[queued, stalled]).count() == 2
    assert "1 avbrutna importer köades om." in out.getvalue()
    assert f"Import {queued.pk} (morgon.csv): Klar, 1 nya händelser." in out.getvalue()

    call_command("process_imports", stdout=io.StringIO())  # nothing left to do
    assert Incident.objects.count() == 2
