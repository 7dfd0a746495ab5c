"""Settings come from the environment; a production start without a secret key must refuse."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _run_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-m", "samverka", "check"],
        cwd=ROOT,
        env={**clean, "SAMVERKA_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_refuses_to_start(tmp_path: Path) -> None:
    result = _run_check(tmp_path, DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_local_run_generates_and_keeps_a_secret_key(tmp_path: Path) -> None:
    first = _run_check(tmp_path)
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by the owner only
    _run_check(tmp_path)
    assert (tmp_path / "secret_key").read_text() == key
