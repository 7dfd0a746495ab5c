"""bench_lagesbild: the lägesbild of a district with a million incident reports, on PostgreSQL.

Figures (each the median, p95 beside it, of RUNS runs after a warm-up):

- ``lagesbild.counts``: the lägesbild's counts for Angered (the district: eleven primärområden,
  every report of the municipality) and one two-week period, by category, subcategory and
  sub-area, with all comparisons (previous period, same period last year, mean of the last six
  periods, each with its significance test) and the trend — ``counts_and_comparisons``, the part
  of the lägesbild the goal is about. Bound 150 ms (issue 4).
- ``lagesbild.counts_area``: the same for one primärområde (the one with the most reports) and
  one two-week period. Bound 50 ms at ten million reports (issue 14); run it with
  ``BENCH_INCIDENTS=10000000``, which writes ``results/lagesbild-10m.json`` instead of
  ``results/lagesbild.json`` so that each size keeps its own baseline.
- ``lagesbild.counts_vs_sql``: the same against ONE minimal hand-written SQL query that computes
  the same counts on the same database (bucket × category × subcategory × area). Bound 1.5×.
- ``lagesbild.full``: everything on the page besides (weekday × hour, repeat places, map cells,
  hot spots, coverage, sources). Bound 1 s: a page a coordinator opens.
- ``lagesbild.map_all``: the map data (events per 250 m cell) for all the municipality's reports
  over all time, and ``lagesbild.map_bytes`` its JSON size. Bounds 200 ms and 300 KB (issue 4).

Data: the Angered example (examples/angered.yaml) with the incidents example's boundaries,
roster, hot spots and surge, but ``N`` (1 000 000) synthetic reports
(``samverka.incidents.synthetic.generate``). Loaded once into the database named by
DATABASE_URL (default: a local ``samverka_bench_lagesbild`` it creates) and reused by later runs
and by bench_pandas.py; set BENCH_RELOAD=1 to load anew.
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
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "samverka_bench_lagesbild"
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DEFAULT_DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SAMVERKA_DATA_DIR", tempfile.mkdtemp(prefix="samverka-bench-"))

N = int(os.environ.get("BENCH_INCIDENTS", "1000000"))
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
RESULTS = ROOT / "bench" / "results"
RESULTS_NAME = "lagesbild" if N < 10_000_000 else f"lagesbild-{N // 1_000_000}m"
PERIOD = os.environ.get("BENCH_PERIOD", "")  # default: the latest complete two weeks


def _create_database() -> None:
    """Create the default benchmark database if it is missing (never touches another one)."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if config["NAME"] != DEFAULT_DB:
        return
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DEFAULT_DB]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DEFAULT_DB}"')


def setup() -> None:
    _create_database()
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench_lagesbild measures PostgreSQL: set DATABASE_URL=postgres://…")


def ensure_data() -> Any:
    """The Angered example with N synthetic reports; returns the municipality."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from samverka.accounts.models import Municipality
    from samverka.core.progress import text_progress
    from samverka.incidents import example as incidents_example
    from samverka.incidents.models import Incident
    from samverka.organisation.orgfile import import_organisation, parse_organisation_file

    call_command("migrate", verbosity=0)
    slug = "goteborg"
    municipality = Municipality.objects.filter(slug=slug).first()
    reload = os.environ.get("BENCH_RELOAD") == "1"
    if municipality is not None and not reload:
        count = Incident.objects.filter(municipality=municipality).count()
        if count >= N:
            return municipality
    if municipality is not None:
        with connection.cursor() as cursor:  # a fresh load: drop the old data fast
            cursor.execute(
                "DELETE FROM incidents_incident WHERE municipality_id = %s", [municipality.pk]
            )
        from samverka.situation.models import SituationReport

        SituationReport.objects.filter(municipality=municipality).delete()
        Municipality.objects.filter(pk=municipality.pk).delete()
    example = ROOT / "examples" / "angered.yaml"
    parsed = parse_organisation_file(
        example.read_text(encoding="utf-8"), filename=example.name, base_dir=example.parent
    )
    print(f"Loading the Angered example with {N} synthetic reports (once) …", file=sys.stderr)
    started = time.perf_counter()
    with transaction.atomic():
        import_organisation(parsed)
        municipality = Municipality.objects.get(slug=slug)
        incidents_example.INCIDENTS = N
        incidents_example.load_example(municipality, text_progress(sys.stderr))
    with connection.cursor() as cursor:
        for table in (
            "incidents_incident",
            "situation_weeklycount",
            "situation_monthlycount",
            "situation_cellcount",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"… loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return municipality


def measure(fn: Callable[[], Any], runs: int = RUNS) -> tuple[float, float, Any]:
    """(p50, p95) in milliseconds, and the last result; one warm-up run first."""
    result = fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, result


def baseline_sql(scope: Any, windows: Any) -> list[tuple[Any, ...]]:
    """ONE hand-written query: the same counts as the lägesbild's (bucket × category ×
    subcategory × area, duplicates left out), with the periods' bounds as parameters."""
    from django.db import connection

    periods = windows.buckets()
    bounds = [p.bounds() for p in periods]
    cases = " ".join(
        f"WHEN occurred_at >= %s AND occurred_at < %s THEN {i}" for i in range(len(bounds))
    )
    first = min(start for start, _end in bounds[:-1])
    sql = (
        f"SELECT CASE {cases} END AS bucket, category_id, subcategory_id, area_id, "  # noqa: S608
        "SUM(event_count) FROM incidents_incident "
        "WHERE municipality_id = %s AND area_id = ANY(%s) AND status <> 'duplicate' "
        "AND ((occurred_at >= %s AND occurred_at < %s) "
        "OR (occurred_at >= %s AND occurred_at < %s)) "
        "GROUP BY 1, 2, 3, 4"
    )
    params: list[Any] = [value for pair in bounds for value in pair]
    params += [scope.municipality.pk, scope.area_ids, first, bounds[0][1], *bounds[-1]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def machine() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "commit": commit,
        "python": platform.python_version(),
        "database": f"PostgreSQL {pg}",
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
    }


def report(name: str, figures: dict[str, dict[str, Any]], extra: dict[str, Any]) -> int:
    """Print each figure beside its bound and the last recorded one; write the results file."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    previous: dict[str, Any] = {}
    if path.exists():
        previous = json.loads(path.read_text(encoding="utf-8")).get("figures", {})
    over = 0
    for key, figure in figures.items():
        before = previous.get(key, {}).get("value")
        baseline = f"{before:g} {figure['unit']}" if isinstance(before, int | float) else "-"
        p95 = f", p95 {figure['p95']:.1f} {figure['unit']}" if "p95" in figure else ""
        if figure["bound"] is None:  # a reference measurement, not a requirement
            print(f"{name}.{key}: {figure['value']:.1f} {figure['unit']}{p95} (reference)")
            continue
        ok = figure["value"] <= figure["bound"]
        over += not ok
        print(
            f"{name}.{key}: {figure['value']:.1f} {figure['unit']}{p95} "
            f"(bound {figure['bound']:g} {figure['unit']}, baseline {baseline}) "
            f"{'ok' if ok else 'OVER BOUND'}"
        )
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(
        json.dumps({"figures": figures, **extra, "machine": machine()}, indent=2) + "\n",
        encoding="utf-8",
    )
    tmp.replace(path)
    return 1 if over else 0


def main() -> int:
    setup()
    municipality = ensure_data()

    from django.db.models import Count
    from django.utils import timezone

    from samverka.areas.models import Area
    from samverka.incidents.models import Incident
    from samverka.situation.figures import compute_situation
    from samverka.situation.figures.base import Scope
    from samverka.situation.figures.counts import Windows, counts_and_comparisons
    from samverka.situation.figures.places import map_grid
    from samverka.situation.periods import MEAN_PERIODS, default_period, parse_period

    area = Area.objects.get(municipality=municipality, name="Angered")
    period = parse_period(PERIOD) if PERIOD else default_period(timezone.localdate())
    n = MEAN_PERIODS[period.kind]
    total = Incident.objects.filter(municipality=municipality).count()
    print(f"{total} reports in {municipality}; Angered, {period.code}; PostgreSQL; {RUNS} runs")

    scope = Scope.of(area)
    windows = Windows.around(period, n)
    sql_p50, sql_p95, rows = measure(lambda: baseline_sql(scope, windows))
    counts_p50, counts_p95, counts = measure(
        lambda: counts_and_comparisons(Scope.of(area), period, n)
    )
    # The two must agree, or the comparison means nothing.
    assert sum(r[4] for r in rows if r[0] == 0) == counts["total"]["current"], "counts differ"
    # One primärområde: the one with the most reports in the period, the worst case of the kind.
    busiest = (
        Incident.objects.filter(municipality=municipality, area__parent=area)
        .values("area_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    one_area = Area.objects.get(pk=busiest["area_id"]) if busiest else area
    area_p50, area_p95, _area_counts = measure(
        lambda: counts_and_comparisons(Scope.of(one_area), period, n)
    )
    few = max(5, RUNS // 3)
    full_p50, full_p95, _full = measure(lambda: compute_situation(area, period), runs=few)
    map_p50, map_p95, grid = measure(lambda: map_grid(municipality), runs=few)
    payload = len(json.dumps(grid, separators=(",", ":")).encode())

    figures = {
        "counts": {"value": counts_p50, "p95": counts_p95, "bound": 150, "unit": "ms"},
        "counts_area": {"value": area_p50, "p95": area_p95, "bound": 50, "unit": "ms"},
        "sql": {"value": sql_p50, "p95": sql_p95, "bound": None, "unit": "ms"},
        "counts_vs_sql": {"value": counts_p50 / sql_p50, "bound": 1.5, "unit": "×"},
        "full": {"value": full_p50, "p95": full_p95, "bound": 1000, "unit": "ms"},
        "map_all": {"value": map_p50, "p95": map_p95, "bound": 200, "unit": "ms"},
        "map_bytes": {"value": payload / 1024, "bound": 300, "unit": "KB"},
    }
    extra = {
        "reports": total,
        "area": "Angered",
        "one_area": one_area.name,
        "period": period.code,
        "events_in_period": counts["total"]["current"],
        "map_cells": len(grid["cells"]),
        "map_cell_m": grid["grid"]["cell_m"],
    }
    return report(RESULTS_NAME, figures, extra)


if __name__ == "__main__":
    sys.exit(main())
