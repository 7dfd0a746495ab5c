"""A worker killed in the middle of an import: nothing half-written, and the import is done
once, by another worker, after the queue has noticed the dead one.

Real processes on a real database: a web import of 6 000 rows is previewed and confirmed (a
task on the queue); `samverka worker` takes it and is killed with SIGKILL while it writes the
rows — the way an out-of-memory killer or a pulled plug ends it. The database then holds none
of the file's rows (or, had the kill come after the commit, all of them; never some). A second
worker, once the first one's heartbeat is older than SAMVERKA_WORKER_LOST_AFTER_SECONDS, puts
the task back in the queue and runs it: every row exactly once, the job done, the task tried
twice and finished once.

The kill has to land inside the write: the first worker is started by a small script of this
test that makes the import's progress callback wait (for the kill) once the first batch of
rows is in. The production code knows nothing of it. The second worker is the plain command.

SQLite always; PostgreSQL too when DATABASE_URL points at it (a database of its own, dropped
afterwards).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

ROWS = 6000
DEADLINE = 120.0  # seconds, for every wait
LOST_AFTER = 3.0  # seconds without a heartbeat before a worker counts as dead
TASK_TABLE = DBTaskResult._meta.db_table
RUN_IMPORT = "samverka.incidents.tasks.run_import"
SECOND = ("--worker-id", "second")

SETUP = """
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
m = Municipality.objects.create(name="Testby kommun", slug="testby")
Area.objects.create(municipality=m, name="Norra Testby", kind="primaromrade")
"""
CONFIRM = """
import sys
from samverka.accounts.models import Municipality
from samverka.incidents.imports.jobs import job_confirm, job_preview

job, checked = job_preview(municipality=Municipality.objects.get(slug="testby"),
                           organisation=None, user=None, fmt="csv", filename="stor.csv",
                           data=open(sys.argv[1], "rb").read())
assert checked.ok, checked.errors[:3]
assert job_confirm(job=job)
job.refresh_from_db()
print(job.pk, flush=True)
"""
# The first worker: `samverka worker`, with the import's progress callback made to wait once
# rows are being written (a test hook of this script only).
SLOW_WORKER = """
import json, pathlib, sys, time
from django.db import connection
from samverka.incidents.imports import jobs
from samverka.incidents.imports.run import CHECKING_AND_SAVING, SAVING

marker = pathlib.Path(sys.argv[1])
report = jobs._JobProgress.__call__

def report_then_wait(self, label, done, total):
    report(self, label, done, total)
    # SQLite: checked, then written in batches, each reported. PostgreSQL: checked while
    # written in one COPY, reported (four times a second at most) up to the last row, still
    # inside the transaction.
    if (label == SAVING and 0 < done < total) or (label == CHECKING_AND_SAVING and done > 0):
        state = {"label": label, "done": done, "in_transaction": connection.in_atomic_block}
        marker.write_text(json.dumps(state))
        time.sleep(300)  # killed here, in the middle of the import's transaction

jobs._JobProgress.__call__ = report_then_wait
from django.core.management import call_command
call_command("worker", "--interval", "0.2", "--no-schedule", "--worker-id", "first")
"""


@dataclass
class Database:
    url: str
    query: Callable[[str], list[tuple[Any, ...]]]

    def one(self, sql: str) -> Any:
        return self.query(sql)[0][0]


def _sqlite(tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "db.sqlite3"

    def query(sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path, timeout=30) as db:
            return list(db.execute(sql).fetchall())

    yield Database(f"sqlite:///{path}", query)


def _postgresql(tmp_path: Path) -> Iterator[Database]:
    import psycopg

    base = os.environ["DATABASE_URL"]
    name = f"samverka_killed_{uuid.uuid4().hex[:8]}"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    url = base.rsplit("/", 1)[0] + "/" + name

    def query(sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(url, autocommit=True) as db:
            return list(db.execute(sql).fetchall())  # type: ignore[arg-type]

    try:
        yield Database(url, query)
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


DATABASES = {"sqlite": _sqlite}
if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    DATABASES["postgresql"] = _postgresql


@pytest.fixture(params=sorted(DATABASES))
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    yield from DATABASES[request.param](tmp_path)


def _env(tmp_path: Path, database: Database) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database.url,
        "SAMVERKA_DATA_DIR": str(tmp_path),
        "DEBUG": "1",
        "PYTHONPATH": str(settings.BASE_DIR),
        "SAMVERKA_TASKS_IN_PROCESS": "0",  # only the workers run tasks
        "SAMVERKA_WORKER_HEARTBEAT_SECONDS": "0.5",
        "SAMVERKA_WORKER_LOST_AFTER_SECONDS": str(LOST_AFTER),
    }


def _django(code: str) -> str:
    return "import django\ndjango.setup()\n" + textwrap.dedent(code)


def _wait_for(what: str, ready: Callable[[], bool], process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not ready():
        if process.poll() is not None:
            output = process.communicate()
            raise AssertionError(f"the worker ended before {what}: {output}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {DEADLINE:.0f} s")
        time.sleep(0.2)


def _stop(process: subprocess.Popen[str], sig: int) -> None:
    if process.poll() is None:
        process.send_signal(sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def test_a_killed_worker_leaves_no_row_behind_and_another_finishes_the_import_once(
    tmp_path: Path, database: Database
) -> None:
    env = _env(tmp_path, database)
    python = sys.executable
    run: dict[str, Any] = {
        "env": env,
        "cwd": settings.BASE_DIR,
        "check": True,
        "capture_output": True,
        "text": True,
    }
    subprocess.run([python, "-m", "samverka", "migrate", "-v", "0"], **run, timeout=300)
    subprocess.run([python, "-c", _django(SETUP)], **run, timeout=120)
    csv = tmp_path / "stor.csv"
    csv.write_text(
        "id;tidpunkt;kategori;område\n"
        + "".join(
            f"{n};2026-11-{1 + n % 20:02d} 12:00;Klotter;Norra Testby\n" for n in range(ROWS)
        ),
        encoding="utf-8",
    )
    confirmed = subprocess.run([python, "-c", _django(CONFIRM), str(csv)], **run, timeout=120)
    job_id = str(int(confirmed.stdout.split()[0]))  # a number, safe in the SQL below

    def incidents() -> int:
        return int(
            database.one(f"SELECT COUNT(*) FROM incidents_incident WHERE import_job_id = {job_id}")  # noqa: S608
        )

    def job_status() -> str:
        return str(database.one(f"SELECT status FROM incidents_importjob WHERE id = {job_id}"))  # noqa: S608

    def task() -> tuple[str, list[str]]:
        """The state of the import's task (and that there is one: the import ran once)."""
        [(status, worker_ids)] = database.query(
            f"SELECT status, worker_ids FROM {TASK_TABLE} WHERE task_path = '{RUN_IMPORT}'"  # noqa: S608
        )
        if isinstance(worker_ids, str):
            worker_ids = json.loads(worker_ids)
        return str(status), list(worker_ids)

    assert task() == ("READY", [])

    # The first worker takes the task and is killed while it writes the rows.
    marker = tmp_path / "writing"
    first = subprocess.Popen(
        [python, "-c", _django(SLOW_WORKER), str(marker)],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for("write of the rows", marker.exists, first)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        _stop(first, signal.SIGKILL)
    assert first.returncode == -signal.SIGKILL
    killed_at = json.loads(marker.read_text())
    assert killed_at["in_transaction"], killed_at  # it was in the middle of the write
    assert 0 < killed_at["done"] <= ROWS

    assert incidents() in {0, ROWS}  # all or nothing
    assert incidents() == 0  # killed before its commit
    assert task() == ("RUNNING", ["first"])  # the queue does not know yet
    assert job_status() in {"running", "saving"}

    # A second worker notices the dead one (no heartbeat for LOST_AFTER), puts the task back
    # and runs it to the end.
    second = subprocess.Popen(
        [python, "-m", "samverka", "worker", "--interval", "0.2", "--no-schedule", *SECOND],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for("finished task", lambda: task()[0] in {"SUCCESSFUL", "FAILED"}, second)
    finally:
        _stop(second, signal.SIGTERM)

    assert task() == ("SUCCESSFUL", ["first", "second"])  # tried twice, finished once
    assert job_status() == "done"
    assert incidents() == ROWS
    assert (
        int(
            database.one(f"SELECT created_count FROM incidents_importjob WHERE id = {job_id}")  # noqa: S608
        )
        == ROWS
    )
