"""The reference geographies every installation has: the whole country and the 21 counties.

Codes and names are SCB's (länskoder). Municipalities, city districts and local police areas are
loaded from a file in the "geografi" format (docs/statistics-formats.md); the example has one in
examples/statistics/geografier.csv. The initial migration seeds these rows as well; tests and the
example loader call ``ensure_reference_geographies`` because a test database may be emptied.
"""

from __future__ import annotations

from samverka.stats.models import Geography, GeographyKind

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
