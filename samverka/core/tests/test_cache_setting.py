"""SAMVERKA_CACHE=database gives every web worker one cache (the fact sheet's PDF jobs and their
progress live there): a server started with it stores and reads through the database table that
``createcachetable`` makes, and one started without keeps the per-process default."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# Two processes, as two gunicorn workers: the first stores a job's state, the second reads it.
CODE = """
import sys, django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
print(settings.CACHES["default"]["BACKEND"])
if sys.argv[1] == "write":
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    cache.set("factsheet-job", "printing", 60)
print(cache.get("factsheet-job"))
"""


def _run(tmp_path: Path, step: str, **env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SAMVERKA_CACHE", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-c", CODE, step],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SAMVERKA_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return result.stdout.split()


def test_the_database_cache_is_shared_between_processes(tmp_path: Path) -> None:
    backend, value = _run(tmp_path, "write", SAMVERKA_CACHE="database")
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert value == "printing"
    assert _run(tmp_path, "read", SAMVERKA_CACHE="database") == [backend, "printing"]


def test_without_the_setting_each_process_has_its_own_cache(tmp_path: Path) -> None:
    backend, value = _run(tmp_path, "read")
    assert backend == "django.core.cache.backends.locmem.LocMemCache"
    assert value == "None"
