"""Tenant isolation in the database: PostgreSQL row-level security on every municipality table.

The Python access helpers (``accounts/access.py`` and each app's ``access.py``) keep
municipalities apart; row-level security is the second wall behind them. A query that forgets
its ``municipality=`` filter, a raw SQL report or an injected ``WHERE`` clause still sees only
the rows of the municipalities the current user has a role in.

How the scope travels:

* Every table with a ``municipality_id`` column gets ``ENABLE`` and ``FORCE ROW LEVEL SECURITY``
  and one policy, ``samverka_tenant``, that lets a row through when its municipality is in the
  session setting ``samverka.municipalities`` (comma-separated ids) or when
  ``samverka.scope`` is ``'all'``. Rows whose municipality may be NULL (shared reference
  statistics, platform-wide audit events) are readable by everyone and written only with scope
  ``'all'`` (platform administrators and commands), except audit events, which any request may
  append (a failed login has no municipality, and the trigger keeps them append-only).
* ``ScopeMiddleware`` sets the scope per request from the user's roles (``'all'`` for platform
  administrators, nothing for anonymous users except on the public pages of one municipality)
  and puts back the previous scope when the response is closed: connections are reused
  (``CONN_MAX_AGE``), so a scope must never outlive its request.
* Outside requests (management commands, import threads, tests) the scope comes from a context
  variable whose default is ``'all'``; ``connection_created`` applies it to every new connection.
* The API authenticates tokens inside DRF, after the middleware has run; ``ready()`` hooks
  ``APIView.perform_authentication`` so the token's user gets his scope too.

Superusers and a table's owner bypass row-level security (the owner only without ``FORCE``, which
we set); production must run the app as a role that is neither (docs/security.md). CI connects as
the superuser ``postgres``, so the suite runs unaffected; the meta-tests in
``core/tests/test_rls.py`` switch to a non-superuser role to prove the policies bite.

On SQLite everything here is a no-op: the Python checks are the only wall there.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import DatabaseError, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

POLICY = "samverka_tenant"
ALL = "all"
# Tables whose NULL-municipality rows any request may insert (see the module docstring).
APPEND_ANYWHERE = frozenset({"accounts_auditevent"})


@dataclass(frozen=True)
class Scope:
    """Which municipalities the database lets through: ``everything`` or these ids."""

    everything: bool = False
    municipality_ids: tuple[int, ...] = ()

    def settings(self) -> tuple[str, str]:
        return (ALL if self.everything else "", ",".join(str(i) for i in self.municipality_ids))


EVERYTHING = Scope(everything=True)
NOTHING = Scope()

# Default 'all': commands, import threads and tests see everything; requests narrow it.
_current: contextvars.ContextVar[Scope] = contextvars.ContextVar(
    "samverka_scope", default=EVERYTHING
)


@dataclass(frozen=True)
class Actor:
    """Who writes, for the audit capture trigger (accounts/audit.py): a user id and a channel."""

    user_id: int | None = None
    source: str = "cli"  # web, api, cli


NOBODY = Actor()
# Frozen dataclasses: the defaults are immutable, so sharing them is safe.
_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar(
    "samverka_actor",
    default=NOBODY,
)


def current_scope() -> Scope:
    return _current.get()


def current_source() -> str:
    return _actor.get().source


def _is_postgres(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor == "postgresql"


def _apply(connection: BaseDatabaseWrapper, scope: Scope) -> None:
    """Write the scope into the connection's session settings.

    Through the driver's own cursor, not Django's: the two settings are plumbing, not a query of
    the view, and must not show up in ``assertNumQueries`` or the debug toolbar.
    """
    if not _is_postgres(connection) or connection.connection is None:
        return
    everything, ids = scope.settings()
    actor = _actor.get()
    with connection.connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('samverka.scope', %s, false),"
            " set_config('samverka.municipalities', %s, false),"
            " set_config('samverka.actor', %s, false),"
            " set_config('samverka.source', %s, false)",
            [everything, ids, "" if actor.user_id is None else str(actor.user_id), actor.source],
        )


def set_scope(scope: Scope, *, using: str = "default") -> contextvars.Token[Scope]:
    """Make ``scope`` the current one, for the open connection and any opened later.

    Returns the context-variable token, so the caller can put the previous scope back with
    ``reset_scope``. The access layer may call this when it narrows or widens a request.
    """
    from django.db import connections

    token = _current.set(scope)
    _apply(connections[using], scope)
    return token


def reset_scope(token: contextvars.Token[Scope] | None, *, using: str = "default") -> None:
    """Put back the scope that was current before ``set_scope`` returned ``token``."""
    from django.db import connections

    if token is not None:
        try:
            _current.reset(token)
        except ValueError:  # closed in another context: fall back to the default
            _current.set(EVERYTHING)
    connection = connections[using]
    try:
        _apply(connection, _current.get())
    except DatabaseError:
        if connection.in_atomic_block:
            # Inside a caller's transaction (a test's, or a command's atomic block) closing the
            # connection would destroy that transaction for everything after it. Its rollback
            # ends the broken state, and every request sets its own scope when it starts.
            log.warning("Could not reset the tenant scope inside a transaction.", exc_info=True)
            return
        # A connection in a broken transaction cannot be told its scope: close it, so the next
        # request opens a fresh one (connection_created then applies the right scope).
        log.warning("Could not reset the tenant scope; closing the connection.", exc_info=True)
        connection.close()


def _raw_ids(sql: str, params: list[Any]) -> tuple[int, ...]:
    """Ids read through the driver's cursor (plumbing, not counted as the view's queries)."""
    from django.db import connection

    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(sorted(row[0] for row in cursor.fetchall()))


def scope_for_user(user: Any) -> Scope:
    """The user's municipalities (every one for platform administrators, none when anonymous)."""
    if user is None or not user.is_authenticated:
        return NOTHING
    if getattr(user, "is_platform_admin", False):
        return EVERYTHING
    from django.db import connection

    if not _is_postgres(connection):
        from samverka.accounts.models import MunicipalityRole

        role_ids = MunicipalityRole.objects.filter(user=user).values_list(
            "municipality_id", flat=True
        )
        return Scope(municipality_ids=tuple(sorted(role_ids)))
    connection.ensure_connection()  # so that connection_created has run before we narrow
    # The roles table is itself a tenant table: read it with scope 'all', then put back.
    narrowed = not current_scope().everything
    if narrowed:
        _apply(connection, EVERYTHING)
    try:
        ids = _raw_ids(
            "SELECT municipality_id FROM accounts_municipalityrole WHERE user_id = %s", [user.pk]
        )
    finally:
        if narrowed:
            _apply(connection, current_scope())
    return Scope(municipality_ids=ids)


def on_connection_created(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """A new connection starts with the current scope ('all' outside requests)."""
    _apply(connection, _current.get())


# True while ScopeMiddleware serves a request: the login and DRF hooks act only then, so a test
# that logs a client in does not narrow its own scope.
_in_request: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "samverka_in_request", default=False
)


class ScopeMiddleware:
    """Sets the tenant scope for the request; runs after AuthenticationMiddleware.

    Public views (``@login_not_required``) that serve one municipality's public data take the
    municipality from the URL's ``municipality`` slug and add it to the scope: the public
    lägesbild and the calendar subscription feeds. Every other view gets the user's scope only.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.db import connection

        if not _is_postgres(connection):
            return self.get_response(request)
        user = getattr(request, "user", None)
        scope = scope_for_user(user)
        flag = _in_request.set(True)
        actor = _actor.set(
            Actor(
                user_id=user.pk if user is not None and user.is_authenticated else None,
                source="api" if request.path.startswith("/api/") else "web",
            )
        )
        token = set_scope(scope)

        def reset() -> None:
            try:
                _actor.reset(actor)
            except ValueError:
                _actor.set(NOBODY)
            reset_scope(token)
            try:
                _in_request.reset(flag)
            except ValueError:
                _in_request.set(False)

        try:
            response = self.get_response(request)
        except BaseException:
            reset()
            raise
        # Streamed exports read the database while the body is sent, after this returns: the
        # scope is put back when the server closes the response.
        response._resource_closers.append(reset)  # type: ignore[attr-defined]
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Iterable[Any],
        view_kwargs: dict[str, Any],
    ) -> None:
        slug = view_kwargs.get("municipality")
        if not _in_request.get() or getattr(view_func, "login_required", True):
            return None
        scope = current_scope()
        if scope.everything or not isinstance(slug, str):
            return None
        # The municipality table itself has no policy: any scope may look a slug up.
        public = _raw_ids("SELECT id FROM accounts_municipality WHERE slug = %s", [slug])
        if public and public[0] not in scope.municipality_ids:
            # Only widens; the middleware's closer still puts back the scope from before.
            set_scope(Scope(municipality_ids=(*scope.municipality_ids, public[0])))
        return None


def on_user_logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """The login request started anonymous: give it the new user's scope for its last steps."""
    if _in_request.get():
        _actor.set(Actor(user_id=user.pk, source=_actor.get().source))
        set_scope(scope_for_user(user))


def install_drf_hook() -> None:
    """Token-authenticated API requests: DRF finds the user inside the view, after the
    middleware ran, so the scope is set again right after DRF authenticates."""
    from rest_framework.views import APIView

    original = APIView.perform_authentication
    if getattr(original, "_samverka_scoped", False):
        return

    def perform_authentication(self: APIView, request: Any) -> None:
        original(self, request)
        user = request.user
        if _in_request.get() and user is not None and user.is_authenticated:
            _actor.set(Actor(user_id=user.pk, source="api"))
            set_scope(scope_for_user(user))

    perform_authentication._samverka_scoped = True  # type: ignore[attr-defined]
    APIView.perform_authentication = perform_authentication  # type: ignore[method-assign]


# --- The policies --------------------------------------------------------------------------------

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION samverka_in_scope(mid bigint) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('samverka.scope', true), '') = 'all'
      OR mid = ANY(string_to_array(
           nullif(current_setting('samverka.municipalities', true), ''), ','
         )::bigint[])
$$;
"""


@dataclass(frozen=True)
class TenantTable:
    table: str
    nullable: bool


def tenant_tables() -> list[TenantTable]:
    """Every table of an installed model that has a ``municipality_id`` column."""
    found: dict[str, TenantTable] = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed:
            continue
        for field in opts.concrete_fields:
            if field.column == "municipality_id":
                found[opts.db_table] = TenantTable(opts.db_table, bool(field.null))
    return sorted(found.values(), key=lambda t: t.table)


def policy_sql(table: TenantTable) -> list[str]:
    """The idempotent statements that put ``table`` under its policy."""
    q = f'"{table.table}"'
    if table.nullable:
        read = "municipality_id IS NULL OR samverka_in_scope(municipality_id)"
        write = (
            read
            if table.table in APPEND_ANYWHERE
            else "coalesce(current_setting('samverka.scope', true), '') = 'all'"
            " OR samverka_in_scope(municipality_id)"
        )
    else:
        read = write = "samverka_in_scope(municipality_id)"
    return [
        f"ALTER TABLE {q} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {q} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY} ON {q}",
        f"CREATE POLICY {POLICY} ON {q} USING ({read}) WITH CHECK ({write})",
    ]


def tables_needing_policy(
    connection: BaseDatabaseWrapper, tables: list[TenantTable]
) -> list[TenantTable]:
    """The tables that are not yet enabled, forced and under our policy (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            WHERE c.relkind = 'r' AND c.relrowsecurity AND c.relforcerowsecurity
              AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = n.nspname
                          AND p.tablename = c.relname AND p.policyname = %s)
            """,
            [POLICY],
        )
        done = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        existing = {row[0] for row in cursor.fetchall()}
    return [t for t in tables if t.table in existing and t.table not in done]


def apply_policies(connection: BaseDatabaseWrapper, *, force: bool = False) -> list[str]:
    """Put every tenant table under row-level security; returns the tables changed.

    Idempotent and cheap when nothing is missing (one query), so it can run after every
    ``migrate`` and every test-database flush.
    """
    if not _is_postgres(connection):
        return []
    tables = tenant_tables()
    todo = tables if force else tables_needing_policy(connection, tables)
    if not todo:
        return []
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        for table in todo:
            for statement in policy_sql(table):
                cursor.execute(statement)
    return [t.table for t in todo]


def on_post_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After ``migrate`` (and test flushes): cover tables added since, e.g. a new app's, with
    the tenant policy and the audit capture trigger (accounts/audit.py)."""
    from django.db import connections

    from samverka.accounts.audit import install_capture

    changed = apply_policies(connections[using])
    if changed:
        log.info("Row-level security applied to %s", ", ".join(changed))
    captured = install_capture(connections[using])
    if captured:
        log.info("Audit capture trigger added to %s", ", ".join(captured))


def models_with_municipality() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if any(f.column == "municipality_id" for f in m._meta.concrete_fields)
    ]
