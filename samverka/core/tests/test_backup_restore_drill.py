"""scripts/backup_restore_drill.sh: a backup restored into a fresh database gives back every row,
the adopted lägesbild's figures, the media files and the files kept in the database
(SAMVERKA_FILE_STORAGE=database, where the dump is their only copy) — and the drill fails when
they differ.

The drill dumps and restores a real PostgreSQL database, so its full run is PostgreSQL-only (CI's
PostgreSQL job); on SQLite only its refusal of a non-PostgreSQL database runs here.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from samverka.core.testing import World
from samverka.files.storage import DatabaseStorage
from samverka.situation import services
from samverka.situation.periods import parse_period
from samverka.situation.testing import make_category, make_incident

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "backup_restore_drill.sh"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the drill dumps and restores PostgreSQL (pg_dump/pg_restore); SQLite has no drill",
)


def _drill(database_url: str, tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SAMVERKA_DATA_DIR": str(tmp_path / "data"),
        "SAMVERKA_MEDIA_ROOT": str(tmp_path / "media"),
        "TMPDIR": str(tmp_path),
        **extra,
    }
    return subprocess.run(
        ["bash", str(SCRIPT)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_drill_refuses_a_database_that_is_not_postgresql(tmp_path: Path) -> None:
    result = _drill(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path)
    assert result.returncode == 2
    assert "PostgreSQL" in result.stderr


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_drill_restores_rows_figures_and_files_and_fails_on_a_difference(
    world: World, tmp_path: Path
) -> None:
    # Committed data (transaction=True), so that pg_dump in another process sees it.
    period = parse_period("2026-W45/2026-W46")
    category = make_category(world.testby, "skadegorelse", "Skadegörelse")
    make_incident(world.area, category, period.start)
    report = services.report_create(
        municipality=world.testby, area=world.area, period=period, user=None
    )
    services.report_update(report=report, user=None, assessment="Lugnt.")
    services.report_adopt(report=report, user=None)
    (tmp_path / "media" / "protokoll").mkdir(parents=True)
    (tmp_path / "media" / "protokoll" / "möte.pdf").write_bytes(b"%PDF-1.4 drill")
    DatabaseStorage().save("documents/2026/avtal.pdf", ContentFile(bytes(range(256)) * 40))
    connection.close()  # the drill creates a database from the same server

    result = _drill(_database_url(), tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "ok   row counts: identical" in output
    assert "ok   files in the database: identical" in output
    assert "1 adopted lägesbilder, 1 media files, 1 files in the database" in output
    assert "PASSED" in output

    # A restore that lost the adopted figures fails the drill (the audit trigger's row for the
    # update shows in the row counts too; the figures are compared on their own).
    spoiled = _drill(
        _database_url(),
        tmp_path,
        DRILL_AFTER_RESTORE_SQL=(
            "UPDATE situation_situationreport SET snapshot = '{}'; "
            "UPDATE files_storedfile SET content = 'x'"
        ),
    )
    output = spoiled.stdout + spoiled.stderr
    assert spoiled.returncode == 1, output
    assert "FAIL app view (readiness, adopted lägesbilder) differ" in output
    assert "FAIL files in the database differ" in output
    assert "FAILED" in output
    # Nothing left behind: the drill databases are dropped.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE starts_with(datname, %s)",
            [connection.settings_dict["NAME"] + "_drill_"],
        )
        assert cursor.fetchone() == (0,)
