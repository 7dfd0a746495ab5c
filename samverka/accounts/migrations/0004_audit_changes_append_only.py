"""The audit trail gets before/after values and becomes append-only; the access log of personal
data becomes append-only except for the retention purge; the data protection officer's flag.

The triggers are PostgreSQL's (on SQLite the operations do nothing). In production the
application's role should also lack UPDATE, DELETE and TRUNCATE on accounts_auditevent and
UPDATE and TRUNCATE on accounts_personaldataaccess (docs/security.md): the triggers stop the
table's owner and anyone granted more than that.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION samverka_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- TRUNCATE only for superusers: the test runner empties its database with it, and a
  -- superuser could drop this trigger anyway. Everyone else, the owner included, is refused.
  IF TG_OP = 'TRUNCATE' AND (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'samverka: % is append-only; % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE OR REPLACE FUNCTION samverka_access_log_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- The retention purge: a row older than its municipality's retention may go, nothing else.
  IF TG_OP = 'DELETE' AND OLD.at < now() - make_interval(days => (
       SELECT m.access_log_retention_days FROM accounts_municipality m
       WHERE m.id = OLD.municipality_id)) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'samverka: % is append-only; % refused (only rows past retention may be deleted)',
    TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE TRIGGER samverka_append_only BEFORE UPDATE OR DELETE ON accounts_auditevent
  FOR EACH ROW EXECUTE FUNCTION samverka_append_only();
CREATE TRIGGER samverka_append_only_truncate BEFORE TRUNCATE ON accounts_auditevent
  FOR EACH STATEMENT EXECUTE FUNCTION samverka_append_only();
CREATE TRIGGER samverka_access_log_guard BEFORE UPDATE OR DELETE ON accounts_personaldataaccess
  FOR EACH ROW EXECUTE FUNCTION samverka_access_log_guard();
CREATE TRIGGER samverka_append_only_truncate BEFORE TRUNCATE ON accounts_personaldataaccess
  FOR EACH STATEMENT EXECUTE FUNCTION samverka_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS samverka_append_only ON accounts_auditevent;
DROP TRIGGER IF EXISTS samverka_append_only_truncate ON accounts_auditevent;
DROP TRIGGER IF EXISTS samverka_access_log_guard ON accounts_personaldataaccess;
DROP TRIGGER IF EXISTS samverka_append_only_truncate ON accounts_personaldataaccess;
DROP FUNCTION IF EXISTS samverka_access_log_guard();
DROP FUNCTION IF EXISTS samverka_append_only();
"""


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY, None)  # None: the SQL has % signs, no parameters


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_personal_data_access"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="changes",
            field=models.JSONField(blank=True, default=dict, verbose_name="ändringar"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="source",
            field=models.CharField(blank=True, max_length=20, verbose_name="kanal"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="username",
            field=models.CharField(blank=True, max_length=150, verbose_name="användarnamn"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="municipality",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="audit_events",
                to="accounts.municipality",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="user",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="municipalityrole",
            name="is_data_protection_officer",
            field=models.BooleanField(default=False, verbose_name="dataskyddsombud"),
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
