"""Audit requirements.lock for known vulnerabilities with pip-audit (PyPI's advisory service).

Exit 1 when any pinned dependency has a known vulnerability. When the advisory service cannot be
reached (this workplace reaches PyPI's package index but not its JSON API), pip-audit skips every
package: that is reported loudly as "not audited", never as a pass, and does not fail the build,
since no code change could make it pass here. The counts are printed either way.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    pip_audit = Path(sys.executable).parent / "pip-audit"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        # The lock pins every package with hashes, so no resolution (and no pip) is needed.
        proc = subprocess.run(
            [
                str(pip_audit),
                "-r",
                str(ROOT / "requirements.lock"),
                "--disable-pip",
                "--no-deps",
                "--progress-spinner",
                "off",
                "-f",
                "json",
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if not out.exists():
            print(proc.stdout, proc.stderr, sep="\n")
            print("dependency audit: pip-audit failed to run")
            return 1
        report = json.loads(out.read_text())
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if "skip_reason" in d]
    vulnerable = [d for d in deps if d.get("vulns")]
    audited = len(deps) - len(skipped)
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    print(
        f"dependency audit: {audited} of {len(deps)} pinned packages audited, "
        f"{len(vulnerable)} with known vulnerabilities, {len(skipped)} not audited"
    )
    if vulnerable:
        return 1
    if deps and audited == 0:
        print(
            "dependency audit: NOT AUDITED — the advisory service did not answer from this "
            "machine; run `make audit` where PyPI's JSON API or OSV is reachable"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
