"""bench_queue: how many tasks a second `samverka worker` processes take from the queue.

Figures, each on a queue of N tasks (default 2 000) that do next to nothing, so what is measured
is the queue itself — claiming a task with ``SELECT … FOR UPDATE SKIP LOCKED``, recording its
result, the heartbeat beside it — not the work a real task does:

- ``queue.enqueue``: tasks queued per second, one ``.enqueue()`` per transaction, as a web
  request queues an import.
- ``queue.1_worker``: tasks per second with one ``samverka worker --batch`` process. The baseline.
- ``queue.2_workers``: the same with two processes sharing the queue. Bound: ≥ 50 tasks/s —
  a municipality's busiest hour queues a few hundred tasks (imports, PDFs, notices), so 50 a
  second leaves the queue's own cost out of every wait a user sees.
- ``queue.speedup``: 2 workers / 1 worker. SKIP LOCKED lets the second worker take tasks the
  first has locked past, so it should be > 1 as long as the database has cores to spare.

The rate is counted from the first task's start to the last task's end as the queue recorded
them (the processes' start-up, ~1–2 s of Django, is left out); every task must have succeeded.
1 and 2 workers take turns, RUNS times (default 3); each figure is the median, printed with the
range, since on a small shared machine one run moves by a factor of two with the neighbours.

Runs against the PostgreSQL server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432);
creates its own database ``samverka_bench_queue`` and drops it afterwards. Writes
``bench/results/queue.json``; the figures of the last run are its baseline.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "samverka_bench_queue"
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
N = int(os.environ.get("BENCH_TASKS", "2000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
QUEUE = "bench"
BOUND_TWO_WORKERS = 50.0  # tasks/s; see the module's docstring
RESULT = ROOT / "bench" / "results" / "queue.json"


# The task the workers run: a function of an importable module (bench.bench_queue, not
# __main__), as the workers find it by its path. Declared once Django is set up.
def touch(i: int) -> int:
    return i


def _server() -> dict[str, Any]:
    import dj_database_url

    config = dj_database_url.parse(SERVER)
    return {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"] or "postgres",
        "password": config["PASSWORD"] or None,
    }


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(**_server(), dbname="postgres", autocommit=True) as connection:
        connection.execute(sql)


def _declare() -> None:
    """``touch`` as a background task, under the path bench.bench_queue.touch."""
    from samverka.background.policy import background_task

    globals()["touch"] = background_task(max_attempts=1, queue_name=QUEUE)(touch)


def setup() -> None:
    _admin(f'DROP DATABASE IF EXISTS "{DB}"')
    _admin(f'CREATE DATABASE "{DB}"')
    server = _server()
    password = f":{server['password']}" if server["password"] else ""
    os.environ["DATABASE_URL"] = (
        f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{DB}"
    )
    # Tasks wait for the workers, as in production; no thread of this process runs them.
    os.environ["SAMVERKA_TASKS_IN_PROCESS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SAMVERKA_DATA_DIR", tempfile.mkdtemp(prefix="samverka-bench-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def enqueue_all() -> float:
    """Queue N tasks, one transaction each; seconds taken."""
    from django_tasks_db.models import DBTaskResult

    from bench import bench_queue  # this file under its importable name

    task: Any = bench_queue.touch  # the Task that _declare() put in place of the function
    DBTaskResult.objects.all().delete()
    started = time.perf_counter()
    for i in range(N):
        task.enqueue(i)
    return time.perf_counter() - started


def run_workers(count: int) -> dict[str, float]:
    """Run ``count`` batch workers until the queue is empty; the rate as the queue recorded it."""
    from django.db.models import Count, Max, Min
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    script = Path(sys.executable).with_name("samverka")
    command = [str(script)] if script.exists() else [sys.executable, str(ROOT / "manage.py")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [
                *command,
                "worker",
                "--batch",
                "--queue",
                QUEUE,
                "--no-schedule",
                "--interval",
                "0",
                "--worker-id",
                f"bench-{count}-{i}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for i in range(count)
    ]
    codes = [worker.wait(timeout=600) for worker in workers]
    wall = time.perf_counter() - started
    if any(codes):
        raise SystemExit(f"a worker exited with {codes}")
    done = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL)
    if done.count() != N:
        states = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")))
        raise SystemExit(f"{done.count()} of {N} tasks succeeded ({states})")
    span = done.aggregate(first=Min("started_at"), last=Max("finished_at"))
    seconds = (span["last"] - span["first"]).total_seconds()
    per_worker = {
        worker_ids[0]: n
        for worker_ids, n in _per_worker(done)  # how evenly SKIP LOCKED shared the work
    }
    return {
        "rate": N / seconds,
        "seconds": seconds,
        "wall_seconds": wall,
        "fewest_tasks_per_worker": min(per_worker.values()),
    }


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run of median rate, with the lowest and highest rate of all runs."""
    ordered = sorted(runs, key=lambda run: run["rate"])
    return {
        **ordered[len(ordered) // 2],
        "low": ordered[0]["rate"],
        "high": ordered[-1]["rate"],
    }


def _per_worker(done: Any) -> list[tuple[list[str], int]]:
    from collections import Counter

    counts = Counter(tuple(ids) for ids in done.values_list("worker_ids", flat=True))
    return [(list(ids), n) for ids, n in counts.items()]


def machine() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = ""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "load_average_before": load,
        "python": platform.python_version(),
        "postgres": postgres,
    }


def _baseline(name: str) -> str:
    try:
        figures = json.loads(RESULT.read_text(encoding="utf-8"))["figures"]
        return f"{figures[name]:.0f} tasks/s"
    except (OSError, KeyError, ValueError, TypeError):
        return "-"


def main() -> int:
    if not SERVER.startswith(("postgres://", "postgresql://")):
        print("bench_queue: needs PostgreSQL (DATABASE_URL=postgres://…); skipped")
        return 0
    setup()
    try:
        about = machine()
        print(
            f"{N} tasks, {RUNS} runs each, PostgreSQL {about['postgres']}, "
            f"load {about['load_average_before']}",
            flush=True,
        )
        enqueue_seconds = []
        runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
        for _ in range(RUNS):
            for count in (1, 2):
                enqueue_seconds.append(enqueue_all())
                runs[count].append(run_workers(count))
        one, two = _median(runs[1]), _median(runs[2])
    finally:
        from django.db import connections

        connections.close_all()
        _admin(f'DROP DATABASE IF EXISTS "{DB}"')

    enqueue_rate = N / statistics.median(enqueue_seconds)
    speedup = two["rate"] / one["rate"]
    ok = two["rate"] >= BOUND_TWO_WORKERS
    print(f"queue.enqueue: {enqueue_rate:,.0f} tasks/s (baseline {_baseline('enqueue')})")
    print(
        f"queue.1_worker: {one['rate']:,.0f} tasks/s (runs {one['low']:,.0f}–{one['high']:,.0f}; "
        f"{N} tasks in {one['seconds']:.1f} s, {one['wall_seconds']:.1f} s with start-up; "
        f"the baseline of the next line; last time {_baseline('1_worker')})"
    )
    print(
        f"queue.2_workers: {two['rate']:,.0f} tasks/s (runs {two['low']:,.0f}–{two['high']:,.0f}; "
        f"bound ≥ {BOUND_TWO_WORKERS:.0f} tasks/s, baseline 1 worker {one['rate']:,.0f} tasks/s, "
        f"last time {_baseline('2_workers')}; the less busy worker ran "
        f"{two['fewest_tasks_per_worker']:.0f} of {N}) {'ok' if ok else 'UNDER BOUND'}"
    )
    print(f"queue.speedup: {speedup:.2f} × (2 workers / 1 worker)")
    RESULT.write_text(
        json.dumps(
            {
                "machine": about,
                "tasks": N,
                "runs": RUNS,
                "range": {
                    "1_worker": [round(one["low"], 1), round(one["high"], 1)],
                    "2_workers": [round(two["low"], 1), round(two["high"], 1)],
                },
                "figures": {
                    "enqueue": round(enqueue_rate, 1),
                    "1_worker": round(one["rate"], 1),
                    "2_workers": round(two["rate"], 1),
                    "speedup": round(speedup, 2),
                },
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {RESULT.relative_to(ROOT)}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
else:
    # Imported (after django.setup()) by this script and by the workers, which find the task by
    # its path bench.bench_queue.touch.
    _declare()
