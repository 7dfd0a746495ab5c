"""SAMVERKA_CACHE=database gives every web worker one cache (the fact sheet's PDF jobs and their
progress live there): a server started with it stores and reads through the database table that
``createcachetable`` makes, and one started without keeps the per-process default."""

from __future__ import annotations

from pathlib import Path

from samverka.core.testing import run_settings_process

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
    result = run_settings_process(CODE, step, data_dir=tmp_path, drop=("SAMVERKA_CACHE",), **env)
    result.check_returncode()
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
