"""bench_load: the production stack under Locust's journeys, against the bare view as ceiling.

Needs a database filled by bench/national_data.py (``DATABASE_URL``, PostgreSQL), Locust
(``LOCUST``, default ``locust`` on PATH) and gunicorn importable by the project's Python
(``GUNICORN_PYTHONPATH`` is prepended when gunicorn is not installed in the venv). Not run by
``make bench`` unless those are there: it exits 0 with a note.

1. collects static files into a temporary data folder (DEBUG is off, as in production);
2. starts gunicorn with ``config/gunicorn.conf.py`` and ``bench.settings_bench`` (production
   settings plus ``/bench/bare/``) on 127.0.0.1:8001;
3. makes a read API key for each chosen municipality;
4. runs Locust headless, ``BENCH_USERS`` users (default 50) started over ``BENCH_RAMP_SECONDS``
   (default 60; each logs in as it starts), then resets the figures and measures
   ``BENCH_SECONDS`` (default 60) of work, on ``BENCH_MUNICIPALITIES`` municipalities (default
   20, the first by code);
5. runs the bare view the same way;
6. prints p50/p95/p99 per page, errors, throughput, CPU seconds and peak memory of gunicorn
   and PostgreSQL (from /proc), each beside its bound and the baseline in
   ``bench/results/load.json``.

Bounds (issue 14): p95 under 300 ms per page at 200 users, no errors, throughput at least half
the bare view's. Below 200 users the same bounds are a floor: a page over them is over.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "load.json"
PORT = int(os.environ.get("BENCH_PORT", "8001"))
USERS = int(os.environ.get("BENCH_USERS", "50"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
# Users log in during the ramp (a login hashes the password: ~0.4 s of CPU by design), then the
# statistics are reset and SECONDS of working are measured: 200 people do not all log in within
# the same ten seconds, and a page's p95 should not be the backlog of everyone's login.
RAMP = int(os.environ.get("BENCH_RAMP_SECONDS", "60"))
MUNICIPALITIES = int(os.environ.get("BENCH_MUNICIPALITIES", "20"))
# gunicorn connects as production's application role does (docs/security.md): no superuser, no
# BYPASSRLS, so row-level security's policy is in every query measured. The runner creates the
# role and its grants (local trust authentication); BENCH_APP_ROLE="" keeps DATABASE_URL's role.
APP_ROLE = os.environ.get("BENCH_APP_ROLE", "samverka_bench_app")
P95_BOUND_MS = 300.0  # a page a coordinator does not notice waiting for (issue 14)
SHARE_OF_BARE = 0.5  # throughput at least half the bare view's (issue 14)
# Not pages: logging in hashes the password (Argon2id, deliberately costly) and the sum of all.
UNBOUNDED = {"Aggregated", "login", "mfa"}


def _django(data_dir: str) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("bench_load needs DATABASE_URL=postgres://… filled by bench/national_data.py")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_bench"
    os.environ["SAMVERKA_DATA_DIR"] = data_dir
    os.environ["DEBUG"] = "0"
    # Throwaway keys for a throwaway stack: production requires both from the environment.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("SAMVERKA_SSPF_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()


def _prepare() -> tuple[list[str], dict[str, str]]:
    from django.core.management import call_command

    from samverka.accounts.models import Municipality, User
    from samverka.accounts.tokens import api_token_create

    call_command("collectstatic", interactive=False, verbosity=0)
    slugs = list(
        Municipality.objects.filter(user_roles__user__username__startswith="bench-")
        .distinct()
        .order_by("scb_code")
        .values_list("slug", flat=True)[:MUNICIPALITIES]
    )
    keys = {}
    for slug in slugs:
        user = User.objects.get(username=f"bench-{slug}-api")
        keys[slug] = api_token_create(
            user=user,
            name=f"bench-load-{time.time_ns()}",
            scope="read",
            expires_at=datetime.now(UTC) + timedelta(days=1),
            created_by=None,
        ).key
    return slugs, keys


def _app_database_url() -> str:
    """DATABASE_URL with APP_ROLE as its user, the role made and granted like production's."""
    from urllib.parse import urlsplit, urlunsplit

    from django.db import connection

    url = os.environ["DATABASE_URL"]
    if not APP_ROLE:
        return url
    role = connection.ops.quote_name(APP_ROLE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE])
        if cursor.fetchone() is None:
            cursor.execute(
                f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
            )
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    netloc = f"{APP_ROLE}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _start_gunicorn(env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "config" / "gunicorn.conf.py")]
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_ACCESS_LOG": os.environ.get("GUNICORN_ACCESS_LOG", "/dev/null"),
        "GUNICORN_LOG_LEVEL": "warning",
    }
    extra = os.environ.get("GUNICORN_PYTHONPATH")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (extra, str(ROOT)) if p)
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    import urllib.request

    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare/", timeout=2):
                return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    sys.exit("gunicorn did not answer on /bench/bare/ within a minute")


def _processes(pattern: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if pattern in cmd:
                pids.append(int(entry.name))
    return pids


def _cpu_and_rss(pids: list[int]) -> tuple[float, int]:
    """CPU seconds used so far and resident memory (bytes) of ``pids``, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    cpu, rss = 0.0, 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / ticks
            rss += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError):
            continue
    return cpu, rss


def _number(text: str) -> float:
    """Locust's CSV writes N/A for a page without successful requests."""
    try:
        return float(text)
    except ValueError:
        return 0.0


def _run_locust(env: dict[str, str], out: Path, *, bare: bool) -> dict[str, Any]:
    locust = os.environ.get("LOCUST") or shutil.which("locust") or "locust"
    env = {**env, **({"BENCH_BARE": "1"} if bare else {})}
    command = [
        locust,
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "-u",
        str(USERS),
        "-r",
        f"{max(USERS / max(RAMP, 1), 0.1):.2f}",
        "-t",
        f"{SECONDS + RAMP}s",
        "--reset-stats",
        "--host",
        f"http://127.0.0.1:{PORT}",
        "--csv",
        str(out),
    ]
    # Locust too: on one machine its CPU is taken from the server's.
    patterns = {"gunicorn": "gunicorn", "postgres": "postgres:", "locust": "locustfile.py"}
    # CPU seconds per pid: at the start (0 for a process born during the run) and the latest.
    first: dict[str, dict[int, float]] = {n: {} for n in patterns}
    last: dict[str, dict[int, float]] = {n: {} for n in patterns}
    peak = {name: 0 for name in patterns}
    counts = {name: 0 for name in patterns}

    def sample(initial: bool) -> None:
        for name, pattern in patterns.items():
            pids = [p for p in _processes(pattern) if p != os.getpid()]
            counts[name] = max(counts[name], len(pids))
            rss = 0
            for pid in pids:
                cpu, memory = _cpu_and_rss([pid])
                first[name].setdefault(pid, cpu if initial else 0.0)
                last[name][pid] = cpu
                rss += memory
            peak[name] = max(peak[name], rss)

    sample(initial=True)
    log = open(f"{out}.log", "w")  # noqa: SIM115 (closed below; a pipe could fill and block)
    locust_run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    while locust_run.poll() is None:
        sample(initial=False)
        time.sleep(1)
    sample(initial=False)
    log.close()
    used = {n: sum(last[n][p] - first[n][p] for p in last[n]) for n in patterns}
    stats = {}
    with open(f"{out}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
                "p99_ms": _number(row["99%"]),
                "rps": _number(row["Requests/s"]),
            }
    failures = []
    if Path(f"{out}_failures.csv").exists():
        with open(f"{out}_failures.csv", newline="") as handle:
            failures = [dict(row) for row in csv.DictReader(handle)][:10]
    return {
        "pages": stats,
        "failures": failures,
        "cpu_seconds": {n: round(used[n], 1) for n in patterns},
        "peak_rss_mb": {n: round(peak[n] / 2**20) for n in patterns},
        "processes": counts,
    }


def _baseline() -> dict[str, Any]:
    try:
        return json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        return {}


def main() -> int:
    if not (os.environ.get("LOCUST") or shutil.which("locust")):
        print("bench_load: skipped (no locust; set LOCUST=/path/to/locust)")
        return 0
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("bench_load: skipped (needs DATABASE_URL of a database from national_data.py)")
        return 0
    data_dir = tempfile.mkdtemp(prefix="samverka-load-")
    _django(data_dir)
    from django.db import connection

    slugs, keys = _prepare()
    if not slugs:
        print("bench_load: skipped (no bench users: run bench/national_data.py first)")
        return 0
    env = {
        **os.environ,
        "BENCH_SLUGS": ",".join(slugs),
        "BENCH_API_KEYS": ",".join(f"{s}={k}" for s, k in keys.items()),
    }
    app_url = _app_database_url()
    connection.close()
    server = _start_gunicorn({**env, "DATABASE_URL": app_url})
    out = Path(data_dir) / "locust"
    try:
        journeys = _run_locust(env, out, bare=False)
        bare = _run_locust(env, Path(data_dir) / "bare", bare=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    baseline = _baseline().get("journeys", {}).get("pages", {})
    over = False
    print(
        f"database: {connection.settings_dict['NAME']} as {APP_ROLE or 'DATABASE_URL’s role'}, "
        f"{USERS} users, {SECONDS} s, {len(slugs)} municipalities"
    )
    for name, figures in sorted(journeys["pages"].items()):
        base = baseline.get(name, {}).get("p95_ms")
        flag = ""
        if name not in UNBOUNDED and figures["p95_ms"] > P95_BOUND_MS:
            flag, over = " OVER BOUND", True
        print(
            f"load.{name}: p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms "
            f"(bound {P95_BOUND_MS:.0f} ms, baseline {base if base is not None else '-'}), "
            f"p99 {figures['p99_ms']:.0f} ms, {figures['requests']} requests, "
            f"{figures['failures']} errors (bound 0){flag}"
        )
        if figures["failures"]:
            over = True
    total = journeys["pages"].get("Aggregated", {"rps": 0.0})
    ceiling = bare["pages"].get("Aggregated", {"rps": 0.0, "p95_ms": 0.0})
    share = total["rps"] / ceiling["rps"] if ceiling["rps"] else 0.0
    print(
        f"load.throughput: {total['rps']:.1f} req/s = {share:.2f} × the bare view's "
        f"{ceiling['rps']:.1f} req/s (bound ≥ {SHARE_OF_BARE}; bare p95 {ceiling['p95_ms']:.0f} ms)"
    )
    for run, figures in (("journeys", journeys), ("bare", bare)):
        print(
            f"load.{run}.resources: CPU s gunicorn {figures['cpu_seconds']['gunicorn']} "
            f"({figures['processes']['gunicorn']} processes, "
            f"peak {figures['peak_rss_mb']['gunicorn']} MB), "
            f"postgres {figures['cpu_seconds']['postgres']} "
            f"(peak {figures['peak_rss_mb']['postgres']} MB), "
            f"locust {figures['cpu_seconds']['locust']}"
        )
    for failure in journeys["failures"]:
        print(f"  error: {failure}")
    if share < SHARE_OF_BARE:
        over = True
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "cpus": os.cpu_count(),
        "users": USERS,
        "seconds": SECONDS,
        "ramp_seconds": RAMP,
        "app_role": APP_ROLE,
        "think_seconds": os.environ.get("BENCH_THINK", "1,3"),
        "municipalities": len(slugs),
        "journeys": journeys,
        "bare": bare,
    }
    tmp = RESULTS.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    tmp.rename(RESULTS)
    shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
