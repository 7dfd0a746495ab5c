"""Row-level security on every table that carries a municipality (see samverka/core/rls.py).

The statements are written out here, for the tables that exist at this point, so the migration
says exactly what it does. Tables added later (new apps such as SSPF, new models) are covered by
``rls.on_post_migrate``, which runs after every ``migrate`` and applies the same policy to any
tenant table still without it. PostgreSQL only: on SQLite the operation does nothing.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION samverka_in_scope(mid bigint) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('samverka.scope', true), '') = 'all'
      OR mid = ANY(string_to_array(
           nullif(current_setting('samverka.municipalities', true), ''), ','
         )::bigint[])
$$;
"""

# (table, municipality may be NULL)
TABLES = [
    ("accounts_auditevent", True),
    ("accounts_municipalityrole", False),
    ("accounts_personaldataaccess", False),
    ("areas_area", False),
    ("incidents_category", False),
    ("incidents_columnmapping", False),
    ("incidents_importjob", False),
    ("incidents_incident", False),
    ("incidents_nothingtoreport", False),
    ("incidents_reminderlog", False),
    ("incidents_rosterentry", False),
    ("meetings_calendarfeed", False),
    ("meetings_commitment", False),
    ("meetings_meeting", False),
    ("meetings_proposal", False),
    ("organisation_governingdocument", False),
    ("organisation_group", False),
    ("organisation_organisation", False),
    ("organisation_person", False),
    ("organisation_setupanswer", False),
    ("reports_factsheettext", False),
    ("situation_cellcount", False),
    ("situation_monthlycount", False),
    ("situation_situationreport", False),
    ("situation_weeklycount", False),
    ("stats_areageography", False),
    ("stats_provenance", True),
    ("stats_series", True),
    ("stats_statisticsimport", True),
    ("stats_statvalue", True),
]
# Audit events without a municipality (a failed login) may be appended by any request.
APPEND_ANYWHERE = {"accounts_auditevent"}


def statements(table: str, nullable: bool) -> list[str]:
    if nullable:
        read = "municipality_id IS NULL OR samverka_in_scope(municipality_id)"
        write = (
            read
            if table in APPEND_ANYWHERE
            else "coalesce(current_setting('samverka.scope', true), '') = 'all'"
            " OR samverka_in_scope(municipality_id)"
        )
    else:
        read = write = "samverka_in_scope(municipality_id)"
    return [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
        f'DROP POLICY IF EXISTS samverka_tenant ON "{table}"',
        f'CREATE POLICY samverka_tenant ON "{table}" USING ({read}) WITH CHECK ({write})',
    ]


def enable(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, None)
    for table, nullable in TABLES:
        for sql in statements(table, nullable):
            schema_editor.execute(sql, None)


def disable(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _nullable in TABLES:
        schema_editor.execute(f'DROP POLICY IF EXISTS samverka_tenant ON "{table}"')
        schema_editor.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
        schema_editor.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
    schema_editor.execute("DROP FUNCTION IF EXISTS samverka_in_scope(bigint)")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_personal_data_access"),
        ("areas", "0001_initial"),
        ("organisation", "0001_initial"),
        ("meetings", "0001_initial"),
        ("incidents", "0002_import_job_base"),
        ("situation", "0002_monthly_counts"),
        ("stats", "0003_import_job_base"),
        ("reports", "0001_initial"),
    ]

    operations = [migrations.RunPython(enable, disable, elidable=False)]
