"""With the database storage, an import file and a governing document's attachment go into the
database through the real upload pages, nothing lands in MEDIA_ROOT, and what comes back (the
import's run, the download) is the file as uploaded — on PostgreSQL without copying the bytes
into the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from samverka.accounts.models import AuditEvent
from samverka.background.worker import run_queued
from samverka.core.testing import World
from samverka.files.models import StoredFile
from samverka.incidents.models import ImportJob, ImportStatus, Incident
from samverka.organisation.models import DocumentKind, GoverningDocument

pytestmark = pytest.mark.usefixtures("database_storage")

# A PDF-ish file with every byte value: a download must give back exactly these bytes.
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64 + b"\n%%EOF"
CSV = (
    "tidpunkt;kategori;område\n"
    "2026-11-02 21:14;Klotter;Norra Testby\n"
    "2026-11-03 22:00;Brand;Norra Testby\n"
)


def _media_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _document_url(name: str, world: World, **kwargs: Any) -> str:
    return reverse(
        f"organisation:document_{name}", kwargs={"municipality": world.testby.slug, **kwargs}
    )


def test_a_governing_document_is_stored_in_the_database_and_downloads_byte_exact(
    client: Client, world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.alice)
    response = client.post(
        _document_url("create", world),
        {
            "title": "Medborgarlöfte 2027",
            "kind": DocumentKind.CITIZEN_PROMISE,
            "file": SimpleUploadedFile("löfte.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    document = GoverningDocument.objects.get(title="Medborgarlöfte 2027")
    stored = StoredFile.objects.get(name=document.file.name)
    assert bytes(stored.content) == PDF
    assert (stored.size, stored.content_type) == (len(PDF), "application/pdf")
    assert _media_files(settings) == []

    client.force_login(world.dave)  # a reader may download
    download = client.get(_document_url("file", world, pk=document.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert content == PDF
    client.force_login(world.olle)  # the other municipality's coordinator may not
    assert client.get(_document_url("file", world, pk=document.pk)).status_code == 404

    # The edit page shows the current file (Django's file widget asks for its url).
    client.force_login(world.alice)
    assert client.get(_document_url("edit", world, pk=document.pk)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_document_url("delete", world, pk=document.pk))
    assert not GoverningDocument.objects.filter(pk=document.pk).exists()
    assert not StoredFile.objects.filter(name=document.file.name).exists()


def test_a_document_whose_stored_file_is_gone_is_404_not_an_error(
    client: Client, world: World
) -> None:
    client.force_login(world.alice)
    client.post(
        _document_url("create", world),
        {"title": "Plan", "kind": DocumentKind.POLICY, "file": SimpleUploadedFile("p.txt", b"p")},
    )
    document = GoverningDocument.objects.get(title="Plan")
    StoredFile.objects.all().delete()
    assert client.get(_document_url("file", world, pk=document.pk)).status_code == 404


def test_an_incident_import_keeps_its_file_in_the_database_and_runs_from_it(
    client: Client, world: World, settings: Any
) -> None:
    client.force_login(world.carol)
    upload = SimpleUploadedFile("vecka45.csv", CSV.encode())
    url = reverse("incidents:import", kwargs={"municipality": "testby"})
    client.post(url, {"file": upload, "organisation": world.administration.pk})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.VALIDATED
    assert str(job.file.name).startswith("incident-imports/")
    assert bytes(StoredFile.objects.get(name=job.file.name).content) == CSV.encode()
    assert _media_files(settings) == []

    confirm = reverse("incidents:import_confirm", kwargs={"municipality": "testby", "pk": job.pk})
    client.post(confirm)
    assert run_queued() == 1  # the worker reads the file from the database, not from its disk
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 2)
    assert Incident.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the capture trigger is PostgreSQL's")
def test_the_bytes_of_a_file_stay_out_of_the_audit_trail(client: Client, world: World) -> None:
    client.force_login(world.alice)
    client.post(
        _document_url("create", world),
        {
            "title": "Hemlig bilaga",
            "kind": DocumentKind.POLICY,
            "file": SimpleUploadedFile("bilaga.txt", b"personnummer 19121212-1212"),
        },
    )
    document = GoverningDocument.objects.get(title="Hemlig bilaga")
    assert StoredFile.objects.filter(name=document.file.name).exists()
    # The document's row, with the file's name, is captured; the file's row is not.
    assert AuditEvent.objects.filter(
        object_type="organisation_governingdocument", action="row_insert"
    ).exists()
    assert not AuditEvent.objects.filter(object_type="files_storedfile").exists()
    assert not AuditEvent.objects.filter(changes__icontains=b"personnummer".hex()).exists()
