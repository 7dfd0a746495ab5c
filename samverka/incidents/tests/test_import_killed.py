"""An import killed half-way through its write leaves nothing behind.

A real process on a real database file: it checks a file of 6 000 rows, starts writing, reports
after the first batch is in — and is killed with SIGKILL, the way an out-of-memory killer or a
pulled plug ends it. Afterwards the database holds no row of the file and no import record, and
the same import run again to the end imports every row exactly once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from django.conf import settings

ROWS = 6000
SETUP = """
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
m = Municipality.objects.create(name="Testby kommun", slug="testby")
Area.objects.create(municipality=m, name="Norra Testby", kind="primaromrade")
"""
IMPORT = """
import sys, time
from samverka.accounts.models import Municipality
from samverka.incidents.imports import import_file

def progress(label, done, total):
    if label == "sparar" and 0 < done < total:
        print("WRITING", done, flush=True)
        time.sleep(120)  # killed here, in the middle of the transaction

import_file(open(sys.argv[1], "rb").read(), fmt="csv",
            municipality=Municipality.objects.get(slug="testby"), organisation=None,
            user=None, filename="stor.csv", progress=progress)
print("FINISHED", flush=True)
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SAMVERKA_DATA_DIR": str(tmp_path),
        "DEBUG": "1",
        "PYTHONPATH": str(settings.BASE_DIR),
    }


def _django(code: str) -> str:
    return "import django\ndjango.setup()\n" + textwrap.dedent(code)


def _count(tmp_path: Path, table: str) -> int:
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608


def test_a_killed_import_leaves_no_row_behind(tmp_path: Path) -> None:
    env = _env(tmp_path)
    python = sys.executable
    run = {"env": env, "cwd": settings.BASE_DIR, "check": True, "capture_output": True}
    subprocess.run([python, "-m", "samverka", "migrate", "-v", "0"], **run, timeout=300)  # type: ignore[call-overload]
    subprocess.run([python, "-c", _django(SETUP)], **run, timeout=120)  # type: ignore[call-overload]
    csv = tmp_path / "stor.csv"
    csv.write_text(
        "id;tidpunkt;kategori;område\n"
        + "".join(
            f"{n};2026-11-{1 + n % 20:02d} 12:00;Klotter;Norra Testby\n" for n in range(ROWS)
        ),
        encoding="utf-8",
    )

    process = subprocess.Popen(
        [python, "-c", _django(IMPORT), str(csv)],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("WRITING"), line + (process.stderr.read() if process.stderr else "")
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL

    assert _count(tmp_path, "incidents_incident") == 0
    assert _count(tmp_path, "incidents_importjob") == 0

    # The database is intact: the same import, run to the end, adds every row once.
    command = [python, "-m", "samverka", "import_incidents", str(csv), "--municipality", "testby"]
    for _ in range(2):
        subprocess.run(command, **run, timeout=300)  # type: ignore[call-overload]
    assert _count(tmp_path, "incidents_incident") == ROWS
