"""Importing from the web: upload and check, see every error, confirm, follow the progress."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from samverka.background.worker import run_queued
from samverka.core.testing import World
from samverka.incidents.models import ColumnMapping, ImportJob, ImportStatus, Incident

CSV = (
    "tidpunkt;kategori;område\n"
    "2026-11-02 21:14;Klotter;Norra Testby\n"
    "2026-11-03 22:00;Brand;Norra Testby\n"
)


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"incidents:{name}", kwargs={"municipality": "testby", **kwargs})


def test_upload_check_confirm_and_progress(world: World, client: Client) -> None:
    client.force_login(world.carol)
    upload = SimpleUploadedFile("vecka45.csv", CSV.encode())
    response = client.post(
        _url("import"), {"file": upload, "organisation": world.administration.pk}
    )
    job = ImportJob.objects.get()
    assert response["Location"] == _url("import_job", pk=job.pk)
    assert job.status == ImportStatus.VALIDATED
    page = client.get(_url("import_job", pk=job.pk)).content.decode()
    assert "Importera 2 händelser" in page
    assert Incident.objects.count() == 0  # checked, nothing written yet

    client.post(_url("import_confirm", pk=job.pk))
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED
    # htmx polls the status fragment while the job runs.
    fragment = client.get(_url("import_job", pk=job.pk), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()

    assert run_queued() == 1  # the worker's part (the test's settings keep tasks queued)
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 2)
    assert (job.processed_rows, job.total_rows, job.percent) == (2, 2, 100)
    assert set(Incident.objects.values_list("organisation", flat=True)) == {world.administration.pk}
    fragment = client.get(_url("import_job", pk=job.pk), headers={"HX-Request": "true"})
    assert "every 1s" not in fragment.content.decode()
    # Confirming again does nothing.
    client.post(_url("import_confirm", pk=job.pk))
    assert Incident.objects.count() == 2


def test_a_file_with_errors_lists_them_and_cannot_be_confirmed(
    world: World, client: Client
) -> None:
    client.force_login(world.alice)
    bad = CSV + "igår;Klotter;Södra Testby\n"
    client.post(_url("import"), {"file": SimpleUploadedFile("fel.csv", bad.encode())})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID
    page = client.get(_url("import_job", pk=job.pk)).content.decode()
    assert "Filen har 2 fel" in page
    assert "<td>4</td><td>tidpunkt</td>" in page.replace("\n", "")
    client.post(_url("import_confirm", pk=job.pk))
    assert run_queued() == 0  # nothing was queued
    assert Incident.objects.count() == 0


def test_a_member_cannot_import_police_events_and_sees_only_own_jobs(
    world: World, client: Client
) -> None:
    client.force_login(world.carol)
    response = client.post(
        _url("import"), {"file": SimpleUploadedFile("h.json", b"[]"), "format": "polisen"}
    )
    assert response.status_code == 400
    client.force_login(world.alice)
    client.post(_url("import"), {"file": SimpleUploadedFile("v.csv", CSV.encode())})
    job = ImportJob.objects.get()
    client.force_login(world.carol)
    assert client.get(_url("import_job", pk=job.pk)).status_code == 404


def test_the_column_mapping_is_saved_per_organisation(world: World, client: Client) -> None:
    client.force_login(world.carol)
    response = client.post(
        _url("column_mapping"),
        {"organisation": world.administration.pk, "occurred_at": "Datum", "category": "Typ"},
    )
    assert response.status_code == 302
    mapping = ColumnMapping.objects.get(organisation=world.administration).mapping
    assert mapping == {"occurred_at": "Datum", "category": "Typ"}
    # The same heading for two fields is refused.
    response = client.post(
        _url("column_mapping"),
        {"organisation": world.administration.pk, "occurred_at": "Datum", "category": "datum"},
    )
    assert response.status_code == 400


def test_the_template_downloads_with_the_recognised_headings(world: World, client: Client) -> None:
    client.force_login(world.dave)
    text = client.get(_url("import_template", fmt="csv")).content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id;tidpunkt;till;kategori;underkategori;område")
