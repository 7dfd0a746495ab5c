"""``samverka move_files_to_database``: the upgrade from one server's media folder to files in
the database. Every file a row refers to is copied under its name, a second run copies nothing,
a failed run copies nothing, and the files on disk stay."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from samverka.files.models import StoredFile
from samverka.files.storage import DatabaseStorage
from samverka.files.tests.conftest import DATABASE_STORAGES
from samverka.incidents.models import ImportJob
from samverka.organisation.models import GoverningDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + bytes(range(256)) + b"\n%%EOF"


def _move(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("move_files_to_database", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _files_on_disk(world: World) -> tuple[GoverningDocument, ImportJob]:
    """A document and an import job whose files are in MEDIA_ROOT, as before the upgrade."""
    assert storages["default"].__class__.__name__ == "FileSystemStorage"
    world.document.file.save("avtal.pdf", ContentFile(PDF), save=True)
    job = ImportJob.objects.create(municipality=world.testby, format="csv", filename="v.csv")
    job.file.save("v.csv", ContentFile(b"tidpunkt;kategori\n"), save=True)
    return world.document, job


def test_it_copies_every_referred_file_under_its_name_and_a_second_run_copies_nothing(
    world: World, settings: Any
) -> None:
    document, job = _files_on_disk(world)
    default_storage.save("documents/2020/left-over.pdf", ContentFile(b"old"))  # no row

    out, err = _move()
    assert "Copied 2 of 2 files" in out
    assert "0 were there already, 0 missing on disk, 1 on disk that no row refers to" in out
    assert "left in place" in out
    assert "filer" in err and "2/2" in err  # the progress line
    assert bytes(StoredFile.objects.get(name=document.file.name).content) == PDF
    assert StoredFile.objects.filter(name=job.file.name).exists()
    assert not StoredFile.objects.filter(name="documents/2020/left-over.pdf").exists()
    assert Path(settings.MEDIA_ROOT, str(document.file.name)).read_bytes() == PDF  # still on disk

    out, _ = _move()
    assert "Copied 0 of 2 files" in out and "2 were there already" in out
    assert "left in place" not in out
    assert StoredFile.objects.count() == 2


def test_after_the_move_the_database_storage_serves_the_same_bytes(
    client: Client, world: World, settings: Any
) -> None:
    document, _ = _files_on_disk(world)
    _move()
    settings.STORAGES = DATABASE_STORAGES
    Path(settings.MEDIA_ROOT, str(document.file.name)).unlink()  # another server: not on its disk
    client.force_login(world.dave)
    response = client.get(
        reverse(
            "organisation:document_file",
            kwargs={"municipality": world.testby.slug, "pk": document.pk},
        )
    )
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert content == PDF


def test_a_dry_run_copies_nothing_and_a_missing_file_is_named(world: World, settings: Any) -> None:
    document, job = _files_on_disk(world)
    Path(settings.MEDIA_ROOT, str(job.file.name)).unlink()
    out, err = _move("--dry-run")
    assert "Would copy 1 of 2 files" in out and "1 missing on disk" in out
    assert f"Missing from {settings.MEDIA_ROOT}: {job.file.name}" in err
    assert not StoredFile.objects.exists()
    _move()
    assert list(StoredFile.objects.values_list("name", flat=True)) == [document.file.name]


def test_another_file_under_the_same_name_in_the_database_is_kept_and_the_row_follows_its_file(
    world: World,
) -> None:
    document, _ = _files_on_disk(world)
    name = document.file.name
    DatabaseStorage().save(name, ContentFile(b"uploaded after the switch"))
    out, _ = _move()
    document.refresh_from_db()
    assert document.file.name != name
    assert f"{name}: the database held another file under this name" in out
    assert bytes(StoredFile.objects.get(name=document.file.name).content) == PDF
    assert bytes(StoredFile.objects.get(name=name).content) == b"uploaded after the switch"


def test_a_run_that_fails_half_way_copies_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _files_on_disk(world)
    saved: list[str] = []
    real_save = DatabaseStorage._save

    def fail_on_second(self: DatabaseStorage, name: str, content: Any) -> str:
        if saved:
            raise OSError("disk full")
        saved.append(real_save(self, name, content))
        return saved[-1]

    monkeypatch.setattr(DatabaseStorage, "_save", fail_on_second)
    with pytest.raises(OSError, match="disk full"):
        _move()
    assert saved and not StoredFile.objects.exists()
