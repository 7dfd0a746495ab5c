"""The audit trail: who changed what, when, with the values before and after.

Two layers, both writing ``AuditEvent`` rows:

1. **The services' events** (``audit()``): one row per thing a person did, in the words of the
   domain ("Styrgruppen: beslut fattat", "import: 120 nya händelser"), inside the service's
   transaction, with ``changes`` where the service knows them.
2. **The capture trigger** (PostgreSQL): an ``AFTER INSERT OR UPDATE OR DELETE … FOR EACH ROW``
   trigger on every table of every samverka model, except the reviewed ``EXEMPT`` list below,
   writes one ``row_insert``/``row_update``/``row_delete`` row with ``{column: [before, after]}``.
   It is complete where Python cannot be: ``QuerySet.update()``, ``bulk_create``, raw SQL, the
   organisation-file importer, the admin, a shell — none of them passes ``save()`` or a
   signal, all of them pass the trigger. It costs no query in Python (``assertNumQueries`` is
   unchanged) and it commits or rolls back with the write it records. Who did it comes from the
   session setting ``samverka.actor`` and the channel from ``samverka.source``, set per request
   by ``core.rls.ScopeMiddleware`` beside the tenant scope. SQLite has no such triggers: there the
   services' events are the trail (local use and quick tests only; production is PostgreSQL).

Secrets (password hashes, token hashes, MFA secrets: any column whose name says so) are never
copied: their change is recorded as ``["***", "***"]``. Tables of personal data that has its own
erasure (incident free text, SSPF) are captured by column name only, so the audit trail — which
nobody can delete — does not keep what the erasure removes.

Bulk writes are one event per job, not per row: an incident import's ``COPY`` runs inside
``bulk_write()``, which the trigger's ``WHEN`` clause skips; the job then writes its one
``import`` event with its counts.

Append-only: the accounts migration 0004 puts a trigger on ``accounts_auditevent`` that refuses
UPDATE, DELETE and TRUNCATE (TRUNCATE is let through for superusers only, so that the test
runner can flush the test database; a superuser could drop the trigger anyway). In production
the application's role has no UPDATE, DELETE or TRUNCATE grant on the table either
(docs/security.md), and the admin offers no way to change or delete a row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.backends.base.base import BaseDatabaseWrapper

from samverka.accounts.access import AnyUser
from samverka.accounts.models import AuditEvent, Municipality

# Model label → why it has no capture trigger. Reviewed: each reason must say where the write is
# audited instead, or why nobody writes it. The meta-test (accounts/tests/test_audit_coverage.py)
# fails for a samverka model that is neither captured nor listed here.
EXEMPT: dict[str, str] = {
    "accounts.AuditEvent": "The trail itself: append-only, a row about a row would never end.",
    "accounts.PersonalDataAccess": (
        "The access log: append-only like the trail, its own record of who read what; the "
        "retention purge is one 'purge' event per run (purge_expired_access_log)."
    ),
    "situation.WeeklyCount": (
        "Precomputed from incidents by statement triggers (situation/aggregates.py); nobody "
        "writes it, the incidents it counts are captured."
    ),
    "situation.MonthlyCount": "As WeeklyCount: precomputed from the incidents.",
    "situation.CellCount": "As WeeklyCount: precomputed from the incidents.",
    "background.WorkerBeat": (
        "Machine bookkeeping: a worker's heartbeat every few seconds, no person's action; the "
        "tasks it runs audit their own writes."
    ),
    "background.ScheduledRun": (
        "Machine bookkeeping: which scheduled slot a worker queued; the queued task audits what "
        "it writes."
    ),
    "files.StoredFile": (
        "The bytes of uploaded files (SAMVERKA_FILE_STORAGE=database): the trail would keep a "
        "copy of every file for ever; the import job or governing document that names the file "
        "is captured."
    ),
    "stats.StatValue": (
        "Bulk: imported statistics values, thousands per file; one 'import' event per "
        "StatisticsImport (stats/importers/apply.py), whose row is captured."
    ),
}

# Captured by column name only: the values are personal data with their own erasure.
NAMES_ONLY_PREFIXES = ("sspf_",)
NAMES_ONLY_TABLES = frozenset({"incidents_incident"})

TRIGGER = "samverka_capture"
SECRET_COLUMNS = r"(password|secret|token|hash|otp|credential|private|stamp|key$|^key)"  # noqa: S105


def audit(
    *,
    municipality: Municipality | None,
    user: AnyUser | None,
    action: str,
    obj: models.Model,
    summary: str = "",
    changes: Mapping[str, tuple[Any, Any] | list[Any]] | None = None,
) -> AuditEvent:
    """Leave a trace of a change (called by services inside their transaction).

    ``changes`` is ``{field: (before, after)}`` where the service knows them; see
    ``changes_between`` for a model instance before and after an edit."""
    authenticated = user is not None and user.is_authenticated
    return AuditEvent.objects.create(
        municipality=municipality,
        user=user if authenticated else None,  # type: ignore[misc]
        username=(user.get_username() if authenticated else "")[:150],  # type: ignore[union-attr]
        action=action[:40],
        object_type=obj._meta.model_name or "",
        object_id=str(obj.pk or ""),
        summary=(summary or str(obj))[:300],
        changes={k: [_jsonable(a), _jsonable(b)] for k, (a, b) in (changes or {}).items()},
        source=_source(),
    )


def _source() -> str:
    from samverka.core.rls import current_source

    return current_source()


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys as ids), for ``changes_between``."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields whose values differ."""
    return {
        k: [_jsonable(before.get(k)), _jsonable(after.get(k))]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


@contextlib.contextmanager
def bulk_write(reason: str) -> Iterator[None]:
    """Inside a transaction: the capture trigger skips the rows written here.

    For bulk paths that write one audit event per job instead (an incident import's COPY).
    The setting is transaction-local, so it cannot leak into the next request."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('samverka.bulk', %s, true)", [reason[:60]])
    yield
    # Not in a ``finally``: after an error the transaction is rolled back and the setting with
    # it, and a statement in an aborted transaction would hide the error that aborted it.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('samverka.bulk', '', true)")


# --- The capture trigger ------------------------------------------------------------------------

CAPTURE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION samverka_capture() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  old_j jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  new_j jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  row_j jsonb := coalesce(new_j, old_j);
  names_only boolean := TG_NARGS > 0 AND TG_ARGV[0] = 'names';
  actor bigint := nullif(current_setting('samverka.actor', true), '')::bigint;
  scoped text := coalesce(current_setting('samverka.municipalities', true), '');
  diff jsonb;
BEGIN
  -- One set-based pass over the columns (a loop with jsonb concatenation costs ten times more).
  SELECT coalesce(jsonb_object_agg(k, CASE
           WHEN names_only OR k ~* 'SECRET_COLUMNS' THEN '["***", "***"]'::jsonb
           ELSE jsonb_build_array(coalesce(o, 'null'::jsonb), coalesce(n, 'null'::jsonb))
         END), '{}'::jsonb)
    INTO diff
    FROM (SELECT coalesce(nn.key, oo.key) AS k, oo.value AS o, nn.value AS n
            FROM jsonb_each(coalesce(new_j, '{}'::jsonb)) nn
            FULL JOIN jsonb_each(coalesce(old_j, '{}'::jsonb)) oo ON oo.key = nn.key) cols
   WHERE o IS DISTINCT FROM n;
  IF TG_OP = 'UPDATE' AND diff = '{}'::jsonb THEN
    RETURN NULL;
  END IF;
  INSERT INTO accounts_auditevent
    (municipality_id, user_id, username, action, object_type, object_id, summary, changes,
     source, at)
  VALUES (
    -- The row's municipality; for a child row without one, the request's when it has one.
    coalesce((row_j ->> 'municipality_id')::bigint,
             CASE WHEN scoped ~ '^[0-9]+$' THEN scoped::bigint END),
    actor,
    coalesce((SELECT u.username FROM accounts_user u WHERE u.id = actor), ''),
    'row_' || lower(TG_OP),
    TG_TABLE_NAME,
    coalesce(row_j ->> 'id', ''),
    '',
    diff,
    coalesce(nullif(current_setting('samverka.source', true), ''), 'db'),
    clock_timestamp()
  );
  RETURN NULL;
END
$fn$;
""".replace("SECRET_COLUMNS", SECRET_COLUMNS)


def captured_models() -> list[type[models.Model]]:
    """Every concrete samverka model (many-to-many tables included) not in ``EXEMPT``."""
    return [m for m in samverka_models() if m._meta.label not in EXEMPT]


def samverka_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m.__module__.startswith("samverka.")
        or (m._meta.auto_created and m._meta.app_config.name.startswith("samverka."))
        if not (m._meta.proxy or not m._meta.managed)
    ]


def capture_sql(table: str) -> list[str]:
    names = table in NAMES_ONLY_TABLES or table.startswith(NAMES_ONLY_PREFIXES)
    argument = "'names'" if names else ""
    return [
        f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"',
        f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "{table}" FOR EACH ROW '
        # A bulk job (bulk_write) skips the trigger without even calling it.
        "WHEN (coalesce(current_setting('samverka.bulk', true), '') = '') "
        f"EXECUTE FUNCTION samverka_capture({argument})",
    ]


def tables_with_capture(conn: BaseDatabaseWrapper) -> set[str]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND t.tgname = %s AND NOT t.tgisinternal",
            [TRIGGER],
        )
        return {row[0] for row in cursor.fetchall()}


def install_capture(conn: BaseDatabaseWrapper) -> list[str]:
    """Put the capture trigger on every captured table that lacks it; returns those tables.

    Idempotent and one query when nothing is missing: runs after every ``migrate`` (and test
    flush) from core's post_migrate handler, so a new model is captured from its first row."""
    if conn.vendor != "postgresql":
        return []
    with conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        existing = {row[0] for row in cursor.fetchall()}
    done = tables_with_capture(conn)
    todo = sorted(
        {m._meta.db_table for m in captured_models()} & existing - done,
    )
    with conn.cursor() as cursor:
        # A changed function body (a new release) replaces the old one, tables or not.
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'samverka_capture'")
        stored = cursor.fetchone()
        body = CAPTURE_FUNCTION.split("$fn$")[1]
        if stored is None or stored[0] != body:
            cursor.execute(CAPTURE_FUNCTION)
        for table in todo:
            for statement in capture_sql(table):
                cursor.execute(statement)
    return todo
