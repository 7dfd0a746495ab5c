"""SAMVERKA_FILE_STORAGE chooses where uploads go, with or without the static manifest: with
``database`` two app servers with media folders of their own share every file through the
database, as behind a load balancer."""

from __future__ import annotations

import subprocess
from pathlib import Path

from samverka.core.testing import run_settings_process

# One app server: it prints its storages, then saves a file (write) or reads it (read).
CODE = """
import sys, django
django.setup()
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
print(settings.STORAGES["default"]["BACKEND"], settings.STORAGES["staticfiles"]["BACKEND"])
if sys.argv[1] == "write":
    call_command("migrate", verbosity=0)
    print(default_storage.save("documents/2026/avtal.pdf", ContentFile(b"%PDF shared")))
elif sys.argv[1] == "read":
    print(default_storage.open("documents/2026/avtal.pdf").read().decode())
"""
ENV_NAMES = ("SAMVERKA_FILE_STORAGE", "SAMVERKA_STATIC_MANIFEST", "DATABASE_URL", "DEBUG")


def _run(tmp_path: Path, step: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_settings_process(CODE, step, data_dir=tmp_path, drop=ENV_NAMES, **env)


def test_two_servers_with_the_database_storage_share_their_files(tmp_path: Path) -> None:
    first = _run(
        tmp_path, "write", SAMVERKA_FILE_STORAGE="database", SAMVERKA_MEDIA_ROOT=str(tmp_path / "a")
    )
    assert first.returncode == 0, first.stderr
    storage, static, name = first.stdout.split()
    assert storage == "samverka.files.storage.DatabaseStorage"
    assert static == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert name == "documents/2026/avtal.pdf"
    second = _run(
        tmp_path, "read", SAMVERKA_FILE_STORAGE="database", SAMVERKA_MEDIA_ROOT=str(tmp_path / "b")
    )
    assert second.returncode == 0, second.stderr
    assert second.stdout.split()[2:] == ["%PDF", "shared"]
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_the_static_manifest_keeps_its_storage_beside_either_file_storage(tmp_path: Path) -> None:
    for choice, backend in (
        ("database", "samverka.files.storage.DatabaseStorage"),
        ("filesystem", "django.core.files.storage.FileSystemStorage"),
    ):
        result = _run(tmp_path, "show", SAMVERKA_FILE_STORAGE=choice, SAMVERKA_STATIC_MANIFEST="1")
        assert result.stdout.split() == [
            backend,
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ], result.stderr


def test_the_files_stay_on_disk_by_default_and_a_wrong_value_is_refused(tmp_path: Path) -> None:
    default = _run(tmp_path, "show", SAMVERKA_STATIC_MANIFEST="0")
    assert default.stdout.split()[0] == "django.core.files.storage.FileSystemStorage"
    wrong = _run(tmp_path, "show", SAMVERKA_FILE_STORAGE="s3")
    assert wrong.returncode != 0
    assert "SAMVERKA_FILE_STORAGE must be 'filesystem' or 'database', not 's3'" in wrong.stderr
