# The map's cells count only events placed as reported: the trigger functions are replaced and
# the cells recounted (PostgreSQL only; SQLite counts live).

from django.db import migrations


def reinstall(apps, schema_editor):
    from samverka.situation import aggregates

    aggregates.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("situation", "0003_finding_actions_and_adopting_meeting"),
        ("incidents", "0003_police_event_versions"),
    ]

    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop)]
