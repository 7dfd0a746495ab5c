"""Test helpers for statistics: the Angered example, and small factories for values."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.progress import no_progress
from samverka.organisation.orgfile import import_organisation, parse_organisation_file
from samverka.stats.examples import load_example_statistics
from samverka.stats.models import Geography, GeographyKind, Provenance, Series, StatValue
from samverka.stats.reference import ensure_reference_geographies

ANGERED = Path(settings.BASE_DIR) / "examples" / "angered.yaml"


def load_angered_example() -> Municipality:
    """The organisation file of the Angered example, then the statistics example loader."""
    text = ANGERED.read_text(encoding="utf-8")
    parsed = parse_organisation_file(text, filename=ANGERED.name, base_dir=ANGERED.parent)
    import_organisation(parsed)
    municipality = Municipality.objects.get(slug=parsed.slug)
    load_example_statistics(municipality, no_progress)
    return municipality


def make_geography(
    code: str,
    name: str,
    kind: str = GeographyKind.MUNICIPALITY,
    *,
    parent: Geography | str | None = None,
    **extra: object,
) -> Geography:
    """A geography; ``parent`` may be a code ("14"). The country and counties are made first,
    as a transactional test (the browser's) starts from an empty table."""
    ensure_reference_geographies()
    if isinstance(parent, str):
        parent = Geography.objects.get(code=parent)
    # The shipped reference geography may already hold the code ("1480"): take it over.
    geography, _created = Geography.objects.update_or_create(
        code=code, defaults={"name": name, "kind": kind, "parent": parent, **extra}
    )
    return geography


def make_value(
    *,
    source: str,
    category: str,
    unit: str,
    year: int,
    value: float | None,
    geography: Geography | None = None,
    area: Area | None = None,
    municipality: Municipality | None = None,
    name: str = "",
    **extra: object,
) -> StatValue:
    series, _created = Series.objects.get_or_create(
        source=source,
        category=category,
        unit=unit,
        municipality=None,
        defaults={"name": name or category},
    )
    provenance = Provenance.objects.create(
        publisher="Testkälla", table="Testtabell", municipality=municipality, is_synthetic=True
    )
    return StatValue.objects.create(
        series=series,
        geography=geography,
        area=area,
        municipality=municipality if area is None else area.municipality,
        year=year,
        value=Decimal(str(value)) if value is not None else None,
        suppressed=value is None,
        provenance=provenance,
        **extra,
    )
