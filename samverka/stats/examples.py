"""The statistics part of the built-in example (Göteborg with Angered), loaded by
``bootstrap_demo`` after the organisation file, through the same importers as any file.

The files in examples/statistics/ carry their provenance in their "#" lines: the fact sheet's
figures (Brå), the figures for Göteborg and stadsområde Nordost in 2024, and a local survey that
is made up and marked so. Public figures become shared reference data; the survey is Göteborg's.
The loader also adds the area "Nordost" (the stadsområde Angered has belonged to since 2021),
which the organisation file does not have, and links the areas to their statistics.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from samverka.accounts.models import Municipality
from samverka.areas.models import Area, AreaKind
from samverka.areas.services import area_create
from samverka.core.progress import Progress
from samverka.stats.importers import import_statistics
from samverka.stats.models import Geography, ImportFormat
from samverka.stats.reference import ensure_reference_geographies
from samverka.stats.services import area_geography_set

EXAMPLES = Path(settings.BASE_DIR) / "examples" / "statistics"
# (file, format, shared): public figures are shared reference data, the survey is Göteborg's.
FILES = (
    ("geografier.csv", ImportFormat.GEOGRAPHY, True),
    ("bra-faktablad-angered.csv", ImportFormat.BRA, True),
    ("ntu-faktablad-angered.csv", ImportFormat.NTU, True),
    ("folkmangd-angered-2018.csv", ImportFormat.SCB, True),
    ("bra-goteborg-2024.csv", ImportFormat.BRA, True),
    ("folkmangd-goteborg-2024.csv", ImportFormat.SCB, True),
    ("trygghetsundersokning-angered-exempel.csv", ImportFormat.SURVEY, False),
)
GOTEBORG_CODE = "1480"
NORDOST = "Nordost"
# area name → (geography code, NTU geography code)
LINKS = {
    "Angered": ("1480-angered", "lpo-nordostra-goteborg"),
    NORDOST: ("1480-nordost", "lpo-nordostra-goteborg"),
}


def _nordost(municipality: Municipality) -> Area | None:
    existing = Area.objects.filter(municipality=municipality, name=NORDOST).first()
    if existing is not None:
        return existing
    parent = Area.objects.filter(municipality=municipality, scb_code=GOTEBORG_CODE).first()
    return area_create(
        municipality=municipality,
        user=None,
        name=NORDOST,
        kind=AreaKind.CITY_AREA,
        parent=parent,
        description=(
            "Stadsområde Nordost i Göteborg (från 2021), som stadsdelen Angered ingår i. "
            "Tillagt av exemplets statistik, så att faktabladet kan visas för ett stadsområde."
        ),
    )


def load_example_statistics(municipality: Municipality, progress: Progress) -> str:
    """Load the example statistics; for any municipality but Göteborg only the geographies."""
    ensure_reference_geographies()
    is_goteborg = municipality.scb_code == GOTEBORG_CODE
    results = []
    for filename, fmt, shared in FILES:
        if not is_goteborg and fmt != ImportFormat.GEOGRAPHY:
            continue
        path = EXAMPLES / filename
        results.append(
            import_statistics(
                path.read_bytes(),
                filename=filename,
                fmt=fmt,
                municipality=municipality,
                shared=shared,
                progress=progress,
            )
        )
    if is_goteborg:
        _nordost(municipality)
        codes = {code for pair in LINKS.values() for code in pair}
        geographies = {g.code: g for g in Geography.objects.filter(code__in=codes)}
        for name, (code, survey_code) in LINKS.items():
            area = Area.objects.filter(municipality=municipality, name=name).first()
            if area is not None:
                area_geography_set(
                    area=area,
                    geography=geographies.get(code),
                    survey_geography=geographies.get(survey_code),
                    user=None,
                )
    created = sum(r.created for r in results)
    return f"Statistik: {created} värden och statistikområden ur {len(results)} exempelfiler."
