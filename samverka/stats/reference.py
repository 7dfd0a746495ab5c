"""The reference geographies every installation has, and the selectors other apps read them by.

The whole country and the 21 counties (SCB's länskoder) are seeded by migration 0002 and by
``ensure_reference_geographies``; the reference geography of all Sweden (police regions, the 290
municipalities, city districts and local police areas) comes from the shipped file, see below.
Tests and the example loader call the ``ensure_*`` functions because a test database may be
emptied. Other apps use ``reference_municipalities``, ``municipality_by_code``,
``resolve_name``, ``police_region_of`` and ``local_police_areas_of``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from samverka.core.progress import Progress, no_progress
from samverka.stats.models import Geography, GeographyKind, ImportFormat
from samverka.stats.places import PlaceIndex, PlaceNotFound, normalise_code, place_key

if TYPE_CHECKING:
    from samverka.stats.importers import ImportResult

COUNTRY_CODE = "00"
COUNTRY_NAME = "Hela landet"
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


def ensure_reference_geographies() -> Geography:
    """Create the country and the counties where missing; returns the country."""
    country, _created = Geography.objects.get_or_create(
        code=COUNTRY_CODE, defaults={"name": COUNTRY_NAME, "kind": GeographyKind.COUNTRY}
    )
    existing = set(
        Geography.objects.filter(kind=GeographyKind.COUNTY).values_list("code", flat=True)
    )
    Geography.objects.bulk_create(
        [
            Geography(code=code, name=name, kind=GeographyKind.COUNTY, parent=country)
            for code, name in COUNTIES
            if code not in existing
        ],
        ignore_conflicts=True,
    )
    return country


# --- the reference geography of all Sweden ---------------------------------------------------
#
# samverka/stats/reference_data/sverige.csv (the ``geografi`` format plus a column Kommuner; its
# README says where each part comes from) holds, COMPLETE: the country, the 21 counties, the 7
# police regions (counties within them) and the 290 municipalities with SCB's codes (2024);
# PARTIAL: the city districts of Stockholm, Göteborg and Malmö, and a few local police areas
# with the municipalities they serve. It is loaded by migration 0005 on install and updated with
# ``samverka update_reference_geography [--file F]``. Every municipality's police region is known
# (through its county); its local police areas only where the file lists them.

REFERENCE_FILE = Path(__file__).resolve().parent / "reference_data" / "sverige.csv"
MUNICIPALITY_COUNT = 290
_MUNICIPALITY_CODE = r"^\d{4}$"


def load_reference_geography(
    *,
    data: bytes | None = None,
    filename: str = REFERENCE_FILE.name,
    dry_run: bool = False,
    operator: str = "",
    progress: Progress = no_progress,
) -> ImportResult:
    """Create or update the reference geography from the shipped file (or ``data``).

    All or nothing and idempotent, as every ``geografi`` import: a bad row is reported with its
    line and nothing is written; loading the same file again changes nothing. SCB's and the
    police's rules are checked row by row (``formats.check_reference_rows``)."""
    from samverka.stats.importers import Options, import_statistics

    ensure_reference_geographies()
    return import_statistics(
        REFERENCE_FILE.read_bytes() if data is None else data,
        filename=filename,
        fmt=ImportFormat.GEOGRAPHY,
        municipality=None,
        shared=True,
        user=None,
        options=Options(reference=True),
        dry_run=dry_run,
        progress=progress,
        operator=operator or "samverka",
    )


def ensure_reference_geography() -> None:
    """Load the shipped reference geography when its municipalities are missing (a test
    database that was emptied, an installation migrated before it was shipped)."""
    if reference_municipalities().count() < MUNICIPALITY_COUNT:
        load_reference_geography()


# --- selectors for other apps ----------------------------------------------------------------


def reference_municipalities() -> QuerySet[Geography]:
    """Sweden's municipalities (SCB's four-digit codes), by code, with county and police
    region at hand (``g.parent`` is the county, ``g.parent.parent`` its police region)."""
    return (
        Geography.objects.filter(kind=GeographyKind.MUNICIPALITY, code__regex=_MUNICIPALITY_CODE)
        .select_related("parent", "parent__parent")
        .order_by("code")
    )


def municipality_by_code(code: str) -> Geography | None:
    """The municipality with SCB's code ("0114", or 114 as Excel stores it); None if none."""
    return reference_municipalities().filter(code=normalise_code(str(code))).first()


def resolve_name(text: str, *, kind: str | None = None) -> Geography | None:
    """The geography a published text names ("Göteborgs stad", "Arjeplogs kommun",
    "Malung–Sälen", "Stockholms län", "lokalpolisområde Täby", "Hela landet"), or None when
    it names none or several. ``kind`` (a ``GeographyKind``) keeps only that kind: with
    ``kind=GeographyKind.MUNICIPALITY`` "Täby" is the municipality even though a local police
    area has the same name. The rules are ``samverka.stats.places``'s; for many texts build
    one ``PlaceIndex`` and call its ``resolve`` instead (one query in all)."""
    index = PlaceIndex()
    if kind == GeographyKind.MUNICIPALITY:
        return index.municipality(place_key(text))
    try:
        found = index.resolve(text)
    except PlaceNotFound:
        return None
    if kind is not None and found.kind != kind:
        candidates = [g for g in index.by_name.get(place_key(text), []) if g.kind == kind]
        return candidates[0] if len(candidates) == 1 else None
    return found


def police_region_of(geography: Geography) -> Geography | None:
    """The police region a municipality, county or local police area lies in."""
    return geography.nearest(GeographyKind.POLICE_REGION)


def local_police_areas_of(municipality: Geography) -> QuerySet[Geography]:
    """The local police areas serving a municipality (several for a big city); empty where the
    reference file does not list them yet (see the note above)."""
    return municipality.local_police_areas.order_by("name")
