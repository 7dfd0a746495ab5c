"""Load the reference geography of Sweden shipped in samverka/stats/reference_data/sverige.csv:
the 7 police regions (each county within its own), the 290 municipalities, the city districts
and local police areas the file lists (see its README for what is complete).

Reads the file as it is when the migration runs, with its own small reader, so that it never
depends on the importers; it creates what is missing and places the counties within their police
regions, and leaves rows that exist alone. ``samverka update_reference_geography`` is the full
update, checked row by row. Running it again changes nothing."""

import csv
import io
from pathlib import Path

from django.db import migrations

FILE = Path(__file__).resolve().parent.parent / "reference_data" / "sverige.csv"
KINDS = {
    "riket": "country",
    "län": "county",
    "polisregion": "police_region",
    "kommun": "municipality",
    "stadsområde": "district",
    "stadsdelsområde": "district",
    "stadsdel": "district",
    "lokalpolisområde": "local_police_area",
}


def _rows():
    text = FILE.read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))


def load(apps, schema_editor):
    Geography = apps.get_model("stats", "Geography")
    rows = _rows()
    by_code = {g.code: g for g in Geography.objects.all()}
    for row in rows:
        if row["Kod"] not in by_code:
            by_code[row["Kod"]] = Geography.objects.create(
                code=row["Kod"], name=row["Namn"], kind=KINDS[row["Typ"]]
            )
    for row in rows:
        geography = by_code[row["Kod"]]
        parent = by_code.get(row["Ingår i"] or "")
        if parent is not None and (geography.parent_id is None or geography.kind == "county"):
            if geography.parent_id != parent.pk:
                geography.parent = parent
                geography.save(update_fields=["parent"])
        served = [by_code[code] for code in (row.get("Kommuner") or "").split() if code in by_code]
        if served:
            geography.municipalities.add(*served)


class Migration(migrations.Migration):
    dependencies = [("stats", "0004_police_regions_and_local_police_area_municipalities")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
