"""Small factories for incident tests: boundaries, categories, incidents, roster entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.incidents.models import Category, Incident, RosterEntry
from samverka.incidents.services import ensure_taxonomy
from samverka.organisation.models import Organisation


def square(lon: float, lat: float, size: float) -> dict[str, Any]:
    """A square GeoJSON polygon with its south-west corner at (lon, lat)."""
    ring = [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def with_boundaries(root_area: Area, area: Area) -> None:
    """Testby: the municipality 12.0–13.0 E, 57.0–58.0 N; Norra Testby its 12.0–12.5,
    57.5–58.0 corner."""
    root_area.boundary = square(12.0, 57.0, 1.0)
    root_area.save(update_fields=["boundary"])
    area.boundary = square(12.0, 57.5, 0.5)
    area.save(update_fields=["boundary"])


def category(municipality: Municipality, code: str) -> Category:
    ensure_taxonomy(municipality)
    return Category.objects.get(municipality=municipality, code=code)


def local(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))  # type: ignore[arg-type]


def make_incident(
    municipality: Municipality, area: Area, *, code: str = "skadegorelse", **extra: Any
) -> Incident:
    chosen = category(municipality, code)
    if chosen.parent_id is not None:
        extra.setdefault("subcategory", chosen)
        chosen = chosen.parent  # type: ignore[assignment]
    extra.setdefault("occurred_at", local(2026, 11, 10, 21, 0))
    return Incident.objects.create(municipality=municipality, area=area, category=chosen, **extra)


def on_roster(area: Area, organisation: Organisation) -> RosterEntry:
    return RosterEntry.objects.create(
        municipality=area.municipality, area=area, organisation=organisation
    )
