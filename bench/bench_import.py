"""bench_import: incident import throughput against PostgreSQL COPY of the same rows.

Figures (the median of RUNS runs, each on an emptied table):

- ``import.csv``: rows per second of ``samverka import_incidents``'s import of a CSV file of
  N incident rows (default 200 000) — read, check every row (dates, categories, areas,
  identity numbers in free text), look up earlier imports, write in one transaction.
- ``import.copy``: rows per second of PostgreSQL ``COPY … FROM STDIN (FORMAT csv)`` of the same
  file into a bare table with the same columns and no index or constraint: the fastest way
  into the database, doing none of the checks. The baseline.
- ``import.csv_vs_copy``: the ratio. Goal ≥ 0.3 (issue 4).

For context, what the writing alone costs, at three levels (no import can be faster than the first):

- ``import.write_floor``: a binary COPY of the already checked rows straight into the incidents
  table — its indexes (the primary key, the three the lägesbild reads by, the unique external
  id that makes imports idempotent) and the lägesbild's statement triggers included;
- ``import.write_floor_no_triggers``: the same with the lägesbild's triggers disabled;
- ``import.write_floor_bare_table``: the same into the table without its secondary indexes,
  foreign keys and triggers — samverka's own write path, before the table's structure costs.

Runs against the PostgreSQL server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432);
creates its own database ``samverka_bench_import`` and drops it afterwards. Writes
``bench/results/import-<date>.json`` with the figures and a description of the machine.
"""

from __future__ import annotations

import csv
import io
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "samverka_bench_import"
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
N = int(os.environ.get("BENCH_ROWS", "200000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
GOAL = 0.3
RESULTS = ROOT / "bench" / "results"
AREAS = 20


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


def setup() -> None:
    _admin(f'DROP DATABASE IF EXISTS "{DB}"')
    _admin(f'CREATE DATABASE "{DB}"')
    server = _server()
    password = f":{server['password']}" if server["password"] else ""
    os.environ["DATABASE_URL"] = (
        f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{DB}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SAMVERKA_DATA_DIR", tempfile.mkdtemp(prefix="samverka-bench-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_data() -> tuple[Any, bytes]:
    """A municipality with AREAS areas and the default taxonomy; a CSV of N rows for it."""
    import random

    from samverka.accounts.models import Municipality
    from samverka.areas.models import Area, AreaKind
    from samverka.incidents.models import Category
    from samverka.incidents.services import ensure_taxonomy
    from samverka.organisation.models import Organisation, OrganisationKind

    municipality = Municipality.objects.create(name="Benchby kommun", slug="benchby")
    root = Area.objects.create(
        municipality=municipality, name="Benchby", kind=AreaKind.MUNICIPALITY
    )
    names = [f"Område {i:02d}" for i in range(AREAS)]
    for name in names:
        Area.objects.create(
            municipality=municipality, name=name, parent=root, kind=AreaKind.PRIMARY_AREA
        )
    Organisation.objects.create(
        municipality=municipality, name="Bostadsbolaget", kind=OrganisationKind.HOUSING_COMPANY
    )
    ensure_taxonomy(municipality)
    subs = list(
        Category.objects.filter(municipality=municipality, parent__isnull=False)
        .select_related("parent")
        .values_list("parent__name", "name")
    )
    rng = random.Random(7)  # noqa: S311 (test data, not secrets)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(
        [
            "id",
            "tidpunkt",
            "kategori",
            "underkategori",
            "område",
            "latitud",
            "longitud",
            "plats",
            "antal",
            "beskrivning",
            "polisanmäld",
        ]
    )
    start = datetime(2024, 1, 1, 0, 0)
    for i in range(N):
        category, sub = rng.choice(subs)
        when = start + timedelta(minutes=rng.randrange(60 * 24 * 365 * 2))
        writer.writerow(
            [
                f"B{i}X",  # a letter last: "B160830" and "2024-…" read as an identity number
                when.strftime("%Y-%m-%d %H:%M"),
                category,
                sub,
                rng.choice(names),
                f"{57.7 + rng.random() / 10:.6f}",
                f"{11.9 + rng.random() / 10:.6f}",
                f"Gatan {rng.randrange(1, 80)}",
                rng.choice((1, 1, 1, 2, 3)),
                "Klotter på fasaden vid entrén, återkommande.",
                rng.choice(("ja", "nej", "")),
            ]
        )
    return municipality, out.getvalue().encode("utf-8")


BARE = (
    "CREATE TABLE bare_incident (id text, tidpunkt timestamptz, kategori text, underkategori text, "
    "omrade text, latitud double precision, longitud double precision, plats text, antal integer, "
    "beskrivning text, polisanmald text)"
)


def copy_once(data: bytes) -> float:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE bare_incident")
    started = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(
            "COPY bare_incident FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)"
        ) as copy,
    ):
        copy.write(data)
    return time.perf_counter() - started


def import_once(municipality: Any, data: bytes) -> float:
    from django.db import connection

    from samverka.incidents.imports import import_file
    from samverka.organisation.models import Organisation

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE incidents_incident, incidents_importjob CASCADE")
    organisation = Organisation.objects.get(municipality=municipality)
    started = time.perf_counter()
    checked = import_file(
        data,
        fmt="csv",
        municipality=municipality,
        organisation=organisation,
        user=None,
        filename="bench.csv",
    )
    elapsed = time.perf_counter() - started
    assert checked.new_count == N, (checked.new_count, checked.error_count, checked.errors[:3])
    return elapsed


def _checked_rows(municipality: Any, data: bytes) -> list[tuple[Any, ...]]:
    """The rows of ``data`` checked and ready to write, into an emptied incidents table."""
    from django.db import connection
    from django.utils import timezone

    from samverka.incidents.imports.run import _values, check_file
    from samverka.incidents.models import ImportJob

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE incidents_incident CASCADE")
    checked = check_file(data, fmt="csv", municipality=municipality, organisation=None)
    assert len(checked.new) == N
    job = ImportJob.objects.create(municipality=municipality, format="csv", filename="floor")
    fixed = (municipality.pk, None, None, "new", "file", job.pk, timezone.now())
    return [_values(candidate, fixed) for candidate in checked.new]


def write_floor(municipality: Any, data: bytes, *, triggers: bool) -> float:
    """Seconds to write the checked rows of ``data`` with no checking at all."""
    from django.db import connection, transaction

    from samverka.incidents.imports.run import insert_rows

    rows = _checked_rows(municipality, data)
    with connection.cursor() as cursor:
        if not triggers:
            cursor.execute("ALTER TABLE incidents_incident DISABLE TRIGGER USER")
    started = time.perf_counter()
    with transaction.atomic():
        insert_rows(rows)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE incidents_incident ENABLE TRIGGER USER")
    return elapsed


def write_floor_bare(municipality: Any, data: bytes) -> float:
    """Seconds for the same binary COPY into the incidents table stripped of its secondary
    indexes, foreign keys and triggers (in a transaction that is rolled back, which restores
    them): what samverka's own write path costs before the table's structure does."""
    from django.db import connection, transaction

    from samverka.incidents.imports.run import insert_rows

    rows = _checked_rows(municipality, data)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'incidents_incident'::regclass "
            "AND contype = 'f'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE incidents_incident DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'incidents_incident' "
            "AND indexname NOT LIKE '%%pkey'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("ALTER TABLE incidents_incident DISABLE TRIGGER USER")
        started = time.perf_counter()
        written = insert_rows(rows)
        elapsed = time.perf_counter() - started
        assert written == N
        transaction.set_rollback(True)
    return elapsed


def machine() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    cpu = ""
    ram_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "postgres": postgres,
        "platform": platform.platform(),
    }


def _previous_ratio() -> str:
    """The ratio of the newest result file, as it was before this run."""
    for path in sorted(RESULTS.glob("import-*.json"), reverse=True):
        try:
            figures = json.loads(path.read_text(encoding="utf-8"))["figures"]
            return f"{figures['csv_vs_copy']['value']} × on {path.stem[len('import-') :]}"
        except (OSError, KeyError, ValueError):
            continue
    return "-"


def main() -> int:
    setup()
    try:
        from django.db import connection

        municipality, data = make_data()
        with connection.cursor() as cursor:
            cursor.execute(BARE)
        print(f"{N} rows, {len(data) / 1e6:.1f} MB CSV, PostgreSQL, {RUNS} runs", file=sys.stderr)
        copy_once(data)  # warm-up
        copy_times = [copy_once(data) for _ in range(RUNS)]
        import_times = [import_once(municipality, data) for _ in range(RUNS)]
        copy_rate = N / statistics.median(copy_times)
        import_rate = N / statistics.median(import_times)
        ratio = import_rate / copy_rate
        floor = N / statistics.median(
            [write_floor(municipality, data, triggers=True) for _ in range(RUNS)]
        )
        floor_bare = N / statistics.median(
            [write_floor(municipality, data, triggers=False) for _ in range(RUNS)]
        )
        floor_table = N / statistics.median(
            [write_floor_bare(municipality, data) for _ in range(RUNS)]
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'incidents_incident'::regclass "
                "AND NOT tgisinternal"
            )
            trigger_count = cursor.fetchone()[0]
        info = machine()
    finally:
        from django.db import connections

        connections.close_all()
        _admin(f'DROP DATABASE IF EXISTS "{DB}"')

    goal_rate = GOAL * copy_rate
    print(f"import.csv: {import_rate:,.0f} rows/s (goal ≥ {GOAL} × COPY = {goal_rate:,.0f} rows/s)")
    print(f"import.copy: {copy_rate:,.0f} rows/s (the baseline: COPY into a bare table)")
    print(
        f"import.write_floor: {floor:,.0f} rows/s = {floor / copy_rate:.2f} × COPY "
        f"(checked rows, binary COPY into the incidents table: {trigger_count} triggers, "
        "its indexes; no import can be faster)"
    )
    print(
        f"import.write_floor_no_triggers: {floor_bare:,.0f} rows/s = "
        f"{floor_bare / copy_rate:.2f} × COPY (the same without the lägesbild's triggers)"
    )
    print(
        f"import.write_floor_bare_table: {floor_table:,.0f} rows/s = "
        f"{floor_table / copy_rate:.2f} × COPY (the same into the table without its secondary "
        "indexes, foreign keys and triggers: samverka's write path alone)"
    )
    ok = ratio >= GOAL
    earlier = _previous_ratio()
    print(
        f"import.csv_vs_copy: {ratio:.2f} × (goal ≥ {GOAL} ×, baseline COPY "
        f"{copy_rate:,.0f} rows/s; last recorded {earlier}) {'ok' if ok else 'BELOW GOAL'}"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"import-{datetime.now(UTC).date().isoformat()}.json"
    result = {
        "figures": {
            "csv": {"value": round(import_rate), "unit": "rows/s", "runs_s": import_times},
            "copy": {"value": round(copy_rate), "unit": "rows/s", "runs_s": copy_times},
            "csv_vs_copy": {"value": round(ratio, 3), "goal": f">= {GOAL}", "unit": "×"},
            "write_floor": {"value": round(floor), "unit": "rows/s", "triggers": trigger_count},
            "write_floor_no_triggers": {"value": round(floor_bare), "unit": "rows/s"},
            "write_floor_bare_table": {"value": round(floor_table), "unit": "rows/s"},
        },
        "rows": N,
        "csv_bytes": len(data),
        "machine": info,
    }
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
