"""The backup-and-restore drill (scripts/backup_restore_drill.sh) checks the files kept in the
database byte for byte: with SAMVERKA_FILE_STORAGE=database the dump is the only copy of them.
PostgreSQL only, as the drill itself."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from samverka.files.storage import DatabaseStorage

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "backup_restore_drill.sh"

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the drill dumps and restores PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),  # committed, so that pg_dump sees the file
]


def _drill(tmp_path: Path, **extra: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    url = f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
    connection.close()  # the drill creates a database from the same server
    result = subprocess.run(
        ["bash", str(SCRIPT)],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": url,
            "SAMVERKA_DATA_DIR": str(tmp_path / "data"),
            "SAMVERKA_MEDIA_ROOT": str(tmp_path / "media"),
            "TMPDIR": str(tmp_path),
            **extra,
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    return f"rc={result.returncode}\n{result.stdout}{result.stderr}"


def test_the_drill_compares_the_files_in_the_database(tmp_path: Path) -> None:
    DatabaseStorage().save("documents/2026/avtal.pdf", ContentFile(bytes(range(256)) * 40))
    output = _drill(tmp_path)
    assert output.startswith("rc=0"), output
    assert "ok   files in the database: identical" in output
    assert "0 media files, 1 files in the database" in output

    spoiled = _drill(tmp_path, DRILL_AFTER_RESTORE_SQL="UPDATE files_storedfile SET content = 'x'")
    assert spoiled.startswith("rc=1"), spoiled
    assert "FAIL files in the database differ" in spoiled
