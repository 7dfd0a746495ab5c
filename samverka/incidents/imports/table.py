"""CSV and XLSX files of incidents: one row per incident, columns found by their headings.

The headings samverka recognises are listed in ``FIELDS`` (and in docs/incident-formats.md);
an organisation whose own system exports other headings saves a column mapping once
(``ColumnMapping``: field → heading) and imports its files as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samverka.incidents.imports.context import Candidate, ImportContext
from samverka.incidents.imports.errors import RowError
from samverka.incidents.imports.rows import now
from samverka.lib.tabular import Limits, Table, TableError, normalise_heading, read_table


@dataclass(frozen=True)
class Field:
    key: str
    label: Any  # shown on the mapping page
    headings: tuple[str, ...]  # recognised without a mapping, the first is samverka's own
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field("external_id", _("Id (ert eget, valfritt)"), ("id", "händelse-id", "externt id")),
    Field(
        "occurred_at",
        _("Tidpunkt (datum och tid)"),
        ("tidpunkt", "datum", "inträffade", "start"),
        True,
    ),
    Field("time", _("Klockslag (om det står i en egen kolumn)"), ("klockslag", "tid")),
    Field("occurred_until", _("Pågick till"), ("till", "pågick till", "sluttid")),
    Field("category", _("Kategori"), ("kategori", "händelsetyp", "typ"), True),
    Field("subcategory", _("Underkategori"), ("underkategori",)),
    Field("area", _("Område"), ("område", "primärområde", "delområde")),
    Field("latitude", _("Latitud (WGS84)"), ("latitud", "lat")),
    Field("longitude", _("Longitud (WGS84)"), ("longitud", "lon", "long", "lng")),
    Field("place_name", _("Plats"), ("plats", "platsnamn", "adress")),
    Field("setting", _("Miljö (inomhus/utomhus/halvoffentlig)"), ("miljö", "inomhus/utomhus")),
    Field("event_count", _("Antal händelser"), ("antal", "antal händelser")),
    Field("description", _("Beskrivning"), ("beskrivning", "vad hände")),
    Field("assessment", _("Egen bedömning"), ("bedömning", "egen bedömning")),
    Field("police_reported", _("Polisanmäld (ja/nej)"), ("polisanmäld", "polisanmälan")),
    # SWEREF 99 TM (EPSG:3006), as municipal GIS and Lantmäteriet give points; read and
    # converted in reader.py. Last, so that the positions of the fields above stay.
    Field(
        "northing",
        _("Nord, SWEREF 99 TM (meter)"),
        ("sweref_n", "sweref 99 tm n", "n", "northing", "nord", "y"),
    ),
    Field(
        "easting",
        _("Öst, SWEREF 99 TM (meter)"),
        ("sweref_e", "sweref 99 tm e", "e", "easting", "öst", "x"),
    ),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
# The template shows one way to give a point (latitude/longitude), not two.
DEFAULT_HEADINGS = [f.headings[0] for f in FIELDS if f.key not in ("time", "northing", "easting")]


def resolve_columns(
    headers: list[str], mapping: dict[str, str] | None
) -> tuple[dict[str, int], list[RowError], list[str]]:
    """Field → column index; errors for missing required columns; headings left unused."""
    index = {}
    for position, heading in enumerate(headers):
        key = normalise_heading(heading)
        if key and key not in index:
            index[key] = position
    columns: dict[str, int] = {}
    errors = []
    mapping = mapping or {}
    for field in FIELDS:
        mapped = (mapping.get(field.key) or "").strip()
        candidates = (mapped,) if mapped else field.headings
        for heading in candidates:
            found = index.get(normalise_heading(heading))
            if found is not None:
                columns[field.key] = found
                break
        else:
            if mapped:
                errors.append(
                    RowError(
                        1, mapped, f"Kolumnen finns inte i filen (kolumnmappning för {field.key})."
                    )
                )
            elif field.required:
                errors.append(
                    RowError(
                        1,
                        field.headings[0],
                        f"Kolumnen saknas. Filen behöver en kolumn ”{field.headings[0]}” "
                        "(eller en kolumnmappning).",
                    )
                )
    if ("northing" in columns) != ("easting" in columns):
        lone, other = ("northing", "sweref_e") if "northing" in columns else ("easting", "sweref_n")
        if (mapping.get(lone) or "").strip():
            errors.append(
                RowError(
                    1,
                    other,
                    f"Kolumnen saknas. En punkt i SWEREF 99 TM behöver både nord och öst "
                    f"(”sweref_n” och ”sweref_e”); kolumnmappningen anger bara {lone}.",
                )
            )
        else:  # a lone "n" or "x" is more likely a count or a mark than half a point
            del columns[lone]
    has_point = ("latitude" in columns and "longitude" in columns) or (
        "northing" in columns and "easting" in columns
    )
    if "area" not in columns and not has_point:
        errors.append(
            RowError(
                1,
                "område",
                "Filen behöver en kolumn ”område”, kolumnerna ”latitud” och ”longitud” eller "
                "kolumnerna ”sweref_n” och ”sweref_e” (SWEREF 99 TM).",
            )
        )
    used = set(columns.values())
    unused = [h for i, h in enumerate(headers) if h and i not in used]
    return columns, errors, unused


def import_limits() -> Limits:
    """The caps on one file, from the settings (see config/settings.py)."""
    return Limits(
        rows=int(getattr(settings, "SAMVERKA_IMPORT_MAX_ROWS", 200_000)),
        cells=int(getattr(settings, "SAMVERKA_IMPORT_MAX_CELLS", 5_000_000)),
        unpacked_bytes=int(getattr(settings, "SAMVERKA_IMPORT_MAX_UNPACKED_BYTES", 400 << 20)),
    )


def table_rows(
    data: bytes,
    fmt: str,
    context: ImportContext,
    mapping: dict[str, str] | None,
    errors: list[RowError],
    info: dict[str, Any],
) -> Iterator[Candidate]:
    """The valid rows of the file; every problem goes to ``errors``. ``info`` receives the
    unused headings and the number of rows."""
    try:
        table: Table = read_table(data, fmt, limits=import_limits())
    except TableError as exc:
        errors.append(RowError(exc.line, "", str(exc)))
        return
    columns, column_errors, unused = resolve_columns(table.headers, mapping)
    info["unused_columns"] = unused
    info["headers"] = table.headers
    if column_errors:
        errors.extend(column_errors)
        return
    from samverka.incidents.imports.reader import RowReader

    reader = RowReader(context, columns, table.headers, now(), text_cells=fmt == "csv")
    rows = 0
    try:
        for line, values in table.rows:
            rows += 1
            candidate = reader.read(line, values, errors)
            if candidate is not None:
                yield candidate
    except TableError as exc:
        errors.append(RowError(exc.line, "", str(exc)))
    info["rows"] = rows
