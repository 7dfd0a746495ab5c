"""`samverka check --deploy` prints no warnings under the documented production settings
(docs/deployment-security.md), and those settings send HSTS, redirect to HTTPS and trust the
proxy's header."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "deployment-security.md"


def documented_environment() -> dict[str, str]:
    """The ```env block of the deployment document, as variables."""
    block = re.search(r"```env\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block, "docs/deployment-security.md has no ```env block"
    pairs = [line.split("=", 1) for line in block.group(1).splitlines() if "=" in line]
    return {key.strip(): value.strip() for key, value in pairs}


def _run(code: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # Exactly the documented variables, plus what any process needs to start (no DEBUG, no
    # DATABASE_URL or keys leak in from the test runner's own environment).
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "SAMVERKA_DATA_DIR": str(tmp_path / "data"),
        **documented_environment(),
    }
    return subprocess.run(
        [sys.executable, *code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_has_no_warnings_under_the_documented_settings(tmp_path: Path) -> None:
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "?: (" not in output, output


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SECURE_SSL_REDIRECT", "True"),
        ("SECURE_HSTS_SECONDS", "31536000"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True"),
        ("SECURE_PROXY_SSL_HEADER", "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ("SESSION_COOKIE_SECURE", "True"),
        ("DEBUG", "False"),
    ],
)
def test_the_documented_settings_turn_on_tls(tmp_path: Path, name: str, expected: str) -> None:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        f"django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = _run(["-c", code], tmp_path)
    assert result.stdout.strip() == expected, result.stderr
