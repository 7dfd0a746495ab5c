"""Precomputed counts on PostgreSQL: events per area, ISO week (and month) and (sub)category,
and per month and 250 m cell, kept exact by statement-level triggers on the incidents table.

Why: a lägesbild compares a fortnight with the previous one, the same one last year, the mean of
six and a half-year trend — 14 periods, some 180 000 reports in a district with a million. Read
from the reports themselves that is a scan of rows scattered over the whole table; read from
``WeeklyCount`` (weeks and two-week periods) or ``MonthlyCount`` (months, tertials, years) it is
some thousands of narrow rows in one index. The map of all reports reads ``CellCount`` (tens of
thousands of rows) instead of a million points.

Why weeks and months, not days: every kind of period is made of whole weeks or whole months,
and a finer table costs the writers. Each counts row written is an upsert; daily rows were
nearly one per report in a big import and made up half of its time.

How they stay exact: three ``AFTER … FOR EACH STATEMENT`` triggers with transition tables
(``REFERENCING NEW TABLE / OLD TABLE``) add what a statement inserted and subtract what it
deleted; an update does both. One grouped upsert per table and statement, so a ``COPY`` of a
million rows costs one aggregation, not a million upserts. They run inside the writing
transaction: a rolled back import leaves no trace, a late report is counted at once (a draft is
live; an adopted lägesbild has its own snapshot). Duplicates are left out, as everywhere in the
lägesbild. Weeks and months are local (Swedish), so that they start at local midnight as the
periods do.

On other databases (SQLite in tests and local use) there are no triggers; the readers count the
reports directly, with identical results (tested on PostgreSQL in test_aggregates.py).
``rebuild()`` recomputes everything from the reports (``samverka rebuild_situation_counts``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from samverka.lib.hotspots import Grid
from samverka.situation.figures.base import MAP_CELL_M

INCIDENTS = "incidents_incident"
MONTHLY = "situation_monthlycount"
WEEKLY = "situation_weeklycount"
CELLS = "situation_cellcount"


def available(conn: BaseDatabaseWrapper | None = None) -> bool:
    """Whether the precomputed counts exist (PostgreSQL with the triggers installed)."""
    return (conn or connection).vendor == "postgresql"


def _local(column: str) -> str:
    # The zone name comes from our own settings, never from user input.
    return f"({column} AT TIME ZONE '{settings.TIME_ZONE}')"


def _counts_select(source: str, sign: str, unit: str) -> str:
    """Sums per municipality, area, local week or month (its first day), category and
    subcategory."""
    start = f"date_trunc('{unit}', {_local('occurred_at')})::date"
    return (
        f"SELECT municipality_id, area_id, {start}, category_id, "  # noqa: S608
        f"COALESCE(subcategory_id, 0), {sign}SUM(event_count), {sign}COUNT(*) "
        f"FROM {source} WHERE status <> 'duplicate' GROUP BY 1, 2, 3, 4, 5"
    )


def _cell_select(source: str, sign: str, placed_only: bool = True) -> str:
    grid = Grid(MAP_CELL_M)
    return (
        f"SELECT municipality_id, date_trunc('month', {_local('occurred_at')})::date, "  # noqa: S608
        f"floor(latitude / {grid.dlat!r})::int, floor(longitude / {grid.dlon!r})::int, "
        f"{sign}SUM(event_count) FROM {source} WHERE status <> 'duplicate' "
        "AND latitude IS NOT NULL AND longitude IS NOT NULL "
        # Only events placed as reported: a municipality-wide police event's point is the
        # municipality's centre (incidents.PlacePrecision), no place on the map. (An old
        # migration installs the triggers before the column exists: it leaves this out.)
        + ("AND place_precision = '' " if placed_only else "")
        + "GROUP BY 1, 2, 3, 4"
    )


def _upserts(source: str, sign: str, placed_only: bool = True) -> str:
    # Only our own table names and constants go into this SQL: no input of any user.
    counts = ""
    for table, column, unit in ((WEEKLY, "week", "week"), (MONTHLY, "month", "month")):
        counts += (
            f"INSERT INTO {table} AS t (municipality_id, area_id, {column}, category_id, "
            f"subcategory_id, events, reports) {_counts_select(source, sign, unit)} "
            f"ON CONFLICT (area_id, {column}, category_id, subcategory_id) DO UPDATE SET "
            "events = t.events + EXCLUDED.events, reports = t.reports + EXCLUDED.reports; "
        )
    return counts + (
        f"INSERT INTO {CELLS} AS c (municipality_id, month, row, col, events) "
        f"{_cell_select(source, sign, placed_only)} "
        "ON CONFLICT (municipality_id, month, row, col) DO UPDATE SET "
        "events = c.events + EXCLUDED.events;"
    )


def install_sql(placed_only: bool = True) -> list[str]:
    """The trigger functions and triggers (idempotent)."""
    p = placed_only
    functions = {
        "situation_counts_insert": _upserts("new_rows", "", p),
        "situation_counts_delete": _upserts("old_rows", "-", p),
        "situation_counts_update": _upserts("old_rows", "-", p) + _upserts("new_rows", "", p),
    }
    statements = []
    for name, body in functions.items():
        statements.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body} RETURN NULL; END $$;"
        )
    triggers = {
        "situation_counts_insert": ("INSERT", "NEW TABLE AS new_rows"),
        "situation_counts_delete": ("DELETE", "OLD TABLE AS old_rows"),
        "situation_counts_update": ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    }
    for name, (event, tables) in triggers.items():
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {INCIDENTS};")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {INCIDENTS} REFERENCING {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
        )
    return statements


def uninstall_sql() -> list[str]:
    statements = []
    for name in ("situation_counts_insert", "situation_counts_delete", "situation_counts_update"):
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {INCIDENTS};")
        statements.append(f"DROP FUNCTION IF EXISTS {name}();")
    return statements


def rebuild_sql(placed_only: bool = True) -> list[str]:
    """Recompute the tables from the reports (after a restore, or to check them)."""
    return [
        f"DELETE FROM {WEEKLY};",  # noqa: S608
        f"DELETE FROM {MONTHLY};",  # noqa: S608
        f"DELETE FROM {CELLS};",  # noqa: S608
        f"INSERT INTO {WEEKLY} (municipality_id, area_id, week, category_id, subcategory_id, "
        f"events, reports) {_counts_select(INCIDENTS, '', 'week')};",
        f"INSERT INTO {MONTHLY} (municipality_id, area_id, month, category_id, subcategory_id, "
        f"events, reports) {_counts_select(INCIDENTS, '', 'month')};",
        f"INSERT INTO {CELLS} (municipality_id, month, row, col, events) "
        f"{_cell_select(INCIDENTS, '', placed_only)};",
    ]


def install(conn: BaseDatabaseWrapper) -> None:
    """Install the triggers and fill the tables from the reports already there."""
    if not available(conn):
        return
    with conn.cursor() as cursor:
        placed = "place_precision" in {
            c.name for c in conn.introspection.get_table_description(cursor, INCIDENTS)
        }
        for statement in install_sql(placed) + rebuild_sql(placed):
            cursor.execute(statement)


def uninstall(conn: BaseDatabaseWrapper) -> None:
    if not available(conn):
        return
    with conn.cursor() as cursor:
        for statement in uninstall_sql():
            cursor.execute(statement)


def rebuild() -> None:
    """Recompute the precomputed counts from the reports, in one transaction."""
    if not available():
        return
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {INCIDENTS} IN SHARE MODE")
        for statement in rebuild_sql():
            cursor.execute(statement)
