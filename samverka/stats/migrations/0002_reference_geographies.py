"""Seed the reference geographies every installation needs: the country and the 21 counties
(SCB's länskoder). A copy of samverka.stats.reference, so that this migration never changes."""

from django.db import migrations

COUNTIES = (
    ("01", "Stockholms län"),
    ("03", "Uppsala län"),
    ("04", "Södermanlands län"),
    ("05", "Östergötlands län"),
    ("06", "Jönköpings län"),
    ("07", "Kronobergs län"),
    ("08", "Kalmar län"),
    ("09", "Gotlands län"),
    ("10", "Blekinge län"),
    ("12", "Skåne län"),
    ("13", "Hallands län"),
    ("14", "Västra Götalands län"),
    ("17", "Värmlands län"),
    ("18", "Örebro län"),
    ("19", "Västmanlands län"),
    ("20", "Dalarnas län"),
    ("21", "Gävleborgs län"),
    ("22", "Västernorrlands län"),
    ("23", "Jämtlands län"),
    ("24", "Västerbottens län"),
    ("25", "Norrbottens län"),
)


def seed(apps, schema_editor):
    Geography = apps.get_model("stats", "Geography")
    country, _created = Geography.objects.get_or_create(
        code="00", defaults={"name": "Hela landet", "kind": "country"}
    )
    for code, name in COUNTIES:
        Geography.objects.get_or_create(
            code=code, defaults={"name": name, "kind": "county", "parent": country}
        )


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
