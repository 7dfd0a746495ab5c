"""DatabaseStorage keeps files whole and byte-exact under their names, as the storage API
promises: what a FileField saves it opens again, on any app server that shares the database."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from samverka.files.models import StoredFile
from samverka.files.storage import DatabaseStorage, FileTooLarge

pytestmark = pytest.mark.django_db

# Every byte value, NULs and invalid UTF-8 included, and something larger than one chunk.
BINARY = bytes(range(256)) * 4 + os.urandom(200_000)


def test_a_saved_file_opens_again_byte_exact() -> None:
    storage = DatabaseStorage()
    name = storage.save("documents/2026/avtal.pdf", ContentFile(BINARY))
    assert name == "documents/2026/avtal.pdf"
    with storage.open(name) as handle:
        assert handle.read() == BINARY
    assert storage.exists(name)
    assert storage.size(name) == len(BINARY)
    assert StoredFile.objects.get(name=name).content_type == "application/pdf"
    assert isinstance(storage.get_modified_time(name), datetime)
    assert storage.get_created_time(name) <= storage.get_modified_time(name)


def test_a_second_file_of_the_same_name_gets_another_name_and_both_survive() -> None:
    storage = DatabaseStorage()
    first = storage.save("incident-imports/2026/vecka45.csv", ContentFile(b"first"))
    second = storage.save("incident-imports/2026/vecka45.csv", ContentFile(b"second"))
    assert first != second
    assert second.startswith("incident-imports/2026/vecka45_") and second.endswith(".csv")
    assert storage.open(first).read() == b"first"
    assert storage.open(second).read() == b"second"


def test_delete_removes_the_file_and_a_missing_file_is_file_not_found() -> None:
    storage = DatabaseStorage()
    name = storage.save("documents/2026/plan.txt", ContentFile(b"Plan"))
    storage.delete(name)
    assert not storage.exists(name)
    storage.delete(name)  # deleting what is gone is no error, as on disk
    with pytest.raises(FileNotFoundError):
        storage.open(name)
    with pytest.raises(FileNotFoundError):
        storage.size(name)


def test_listdir_gives_the_folders_and_files_of_one_level() -> None:
    storage = DatabaseStorage()
    for name in ("documents/2025/a.pdf", "documents/2026/b.pdf", "documents/c.txt", "x.txt"):
        storage.save(name, ContentFile(b"."))
    storage.save("documentsextra/d.txt", ContentFile(b"."))  # a prefix, not a folder
    assert storage.listdir("") == (["documents", "documentsextra"], ["x.txt"])
    assert storage.listdir("documents") == (["2025", "2026"], ["c.txt"])
    assert storage.listdir("documents/2026/") == ([], ["b.pdf"])
    assert storage.listdir("nothing") == ([], [])


def test_files_open_for_reading_only_and_larger_than_the_limit_are_refused() -> None:
    storage = DatabaseStorage(max_bytes=10)
    with pytest.raises(FileTooLarge):
        storage.save("big.bin", ContentFile(b"x" * 11))
    assert not StoredFile.objects.exists()
    name = storage.save("small.bin", ContentFile(b"x" * 10))
    with pytest.raises(ValueError, match="reading only"):
        storage.open(name, "wb")


def test_the_url_is_the_media_url_that_nothing_serves() -> None:
    # Documents are downloaded through a view with an access check; see DatabaseStorage.url.
    assert DatabaseStorage().url("documents/2026/a b.pdf") == "/media/documents/2026/a%20b.pdf"


def test_the_setting_makes_it_the_default_storage(database_storage: None, settings: Any) -> None:
    name = default_storage.save("documents/x.txt", ContentFile(b"x"))
    assert StoredFile.objects.filter(name=name).exists()
    assert not Path(settings.MEDIA_ROOT, name).exists()
