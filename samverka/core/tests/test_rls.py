"""Row-level security (core/rls.py): every tenant table is under a policy, and the policy bites.

CI connects as the superuser ``postgres``, which bypasses row-level security; these tests switch
to a role they create without that privilege (``SET ROLE``), inside the test's transaction, so
the role and everything it did are rolled back with the test. On SQLite there is no row-level
security: the database tests are skipped there and the Python checks are what isolates.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import RequestFactory

from samverka.accounts.models import AuditEvent, Municipality
from samverka.core import rls
from samverka.core.testing import World, make_area, make_organisation

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row-level security is PostgreSQL's; SQLite keeps the Python checks only",
)


def test_it_finds_the_tenant_tables_from_the_models() -> None:
    tables = {t.table for t in rls.tenant_tables()}
    # Spot checks across apps; the full list is what the database test compares against.
    assert {"incidents_incident", "areas_area", "accounts_personaldataaccess"} <= tables
    assert "accounts_municipality" not in tables  # the tenant table itself has no column
    assert all(
        any(f.column == "municipality_id" for f in m._meta.concrete_fields)
        for m in rls.models_with_municipality()
    )


def test_it_writes_nullable_tables_with_a_stricter_check() -> None:
    shared = rls.policy_sql(rls.TenantTable("stats_series", nullable=True))[-1]
    assert "USING (municipality_id IS NULL OR" in shared
    assert "WITH CHECK (coalesce(current_setting('samverka.scope', true), '') = 'all'" in shared
    audit = rls.policy_sql(rls.TenantTable("accounts_auditevent", nullable=True))[-1]
    assert "WITH CHECK (municipality_id IS NULL OR" in audit


@postgres_only
@pytest.mark.django_db
def test_every_tenant_table_has_row_level_security_forced_and_a_policy() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname
                           AND p.schemaname = current_schema() AND p.policyname = %s)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r'
              AND EXISTS (SELECT 1 FROM information_schema.columns i
                          WHERE i.table_schema = current_schema() AND i.table_name = c.relname
                          AND i.column_name = 'municipality_id')
            """,
            [rls.POLICY],
        )
        rows = cursor.fetchall()
    # From the database's own catalogue, not from the models: a table made by raw SQL counts too.
    missing = [
        name for name, enabled, forced, policy in rows if not (enabled and forced and policy)
    ]
    assert rows, "no table with a municipality_id column found"
    assert missing == []
    assert {r[0] for r in rows} >= {t.table for t in rls.tenant_tables()}


@pytest.fixture
def probe(world: World) -> Iterator[str]:
    """A role without superuser or ownership, per test database (xdist workers run side by
    side), made inside the test's transaction: rolled back with it."""
    role = f"samverka_rls_probe_{connection.settings_dict['NAME']}"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        cursor.execute(f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{role}"')
        cursor.execute(f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
    # Some rows of the other municipality in more than one table.
    make_area(world.annanstad, "RLS-prov Annanstad")
    make_organisation(world.annanstad, "RLS-provaktören")
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def _counts(tables: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        out = {}
        for table in tables:
            # Table names come from the models, not from input.
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
            out[table] = cursor.fetchone()[0]
        return out


def _scope(everything: str, ids: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('samverka.scope', %s, false),"
            " set_config('samverka.municipalities', %s, false)",
            [everything, ids],
        )


@postgres_only
@pytest.mark.django_db
def test_without_the_tenant_setting_a_plain_role_reads_no_tenant_row(
    world: World, probe: str
) -> None:
    tables = [t.table for t in rls.tenant_tables() if not t.nullable]
    assert sum(_counts(tables).values()) > 0  # as the superuser: rows are there
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{probe}"')
        cursor.execute("RESET samverka.scope")
        cursor.execute("RESET samverka.municipalities")
    assert _counts(tables) == dict.fromkeys(tables, 0)


@postgres_only
@pytest.mark.django_db
def test_with_one_municipality_set_a_plain_role_sees_exactly_its_rows(
    world: World, probe: str
) -> None:
    tables = rls.tenant_tables()
    expected = {}
    with connection.cursor() as cursor:
        for t in tables:
            shared = " OR municipality_id IS NULL" if t.nullable else ""
            cursor.execute(
                f'SELECT count(*) FROM "{t.table}" WHERE municipality_id = %s{shared}',  # noqa: S608
                [world.annanstad.pk],
            )
            expected[t.table] = cursor.fetchone()[0]
        cursor.execute(f'SET ROLE "{probe}"')
    _scope("", str(world.annanstad.pk))
    assert _counts([t.table for t in tables]) == expected
    assert expected["areas_area"] >= 1 and expected["organisation_organisation"] >= 1


@postgres_only
@pytest.mark.django_db
def test_a_plain_role_cannot_write_a_row_for_another_municipality(world: World, probe: str) -> None:
    from django.db import DatabaseError, transaction

    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{probe}"')
    _scope("", str(world.testby.pk))
    make_area(world.testby, "Eget område")  # its own municipality: allowed
    with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        make_area(world.annanstad, "Främmande område")


def _raw_probe_view(request: HttpRequest) -> HttpResponse:
    """What a careless view could do: raw SQL and an unfiltered query set."""
    from samverka.areas.models import Area

    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT municipality_id FROM areas_area")
        raw = sorted(r[0] for r in cursor.fetchall())
    orm = sorted(set(Area.objects.values_list("municipality_id", flat=True)))
    return JsonResponse({"raw": raw, "orm": orm})


@postgres_only
@pytest.mark.django_db
def test_a_request_of_one_municipality_reads_nothing_of_the_other_even_raw(
    world: World, probe: str
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{probe}"')
    request = RequestFactory().get("/")
    request.user = world.olle  # coordinator in Annanstad only
    response = rls.ScopeMiddleware(_raw_probe_view)(request)
    assert json.loads(response.content) == {
        "raw": [world.annanstad.pk],
        "orm": [world.annanstad.pk],
    }
    # Closing sends request_finished; like Django's test client, keep the test's connection.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    # Back outside the request: the scope from before ('all') again.
    assert rls.current_scope() == rls.EVERYTHING


@postgres_only
@pytest.mark.django_db
def test_pages_work_under_the_plain_role_with_the_users_scope(
    client, world: World, probe: str
) -> None:
    client.force_login(world.olle)
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{probe}"')
    own = client.get(f"/k/{world.annanstad.slug}/aktorer/")
    assert own.status_code == 200
    assert "RLS-provaktören" in own.content.decode()
    assert client.get(f"/k/{world.testby.slug}/aktorer/").status_code == 404


@postgres_only
@pytest.mark.django_db
def test_anonymous_public_pages_see_only_their_municipality(
    client, world: World, probe: str
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{probe}"')
    response = client.get(f"/k/{world.testby.slug}/lagesbild/offentlig/")
    assert response.status_code == 200


@postgres_only
@pytest.mark.django_db
def test_audit_events_without_municipality_may_be_appended_by_any_scope(
    world: World, probe: str
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{probe}"')
    _scope("", "")
    AuditEvent.objects.create(municipality=None, action="login_failed", object_type="user")
    assert Municipality.objects.count() >= 2  # the tenants' own table has no policy


@postgres_only
@pytest.mark.django_db
def test_post_migrate_covers_a_tenant_table_that_lost_its_policy(world: World) -> None:
    with connection.cursor() as cursor:
        # Fire the world's deferred foreign-key checks: ALTER TABLE waits for none pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute('DROP POLICY samverka_tenant ON "areas_area"')
        cursor.execute('ALTER TABLE "areas_area" NO FORCE ROW LEVEL SECURITY')
    assert rls.apply_policies(connection) == ["areas_area"]
    assert rls.apply_policies(connection) == []  # idempotent: nothing left to do
