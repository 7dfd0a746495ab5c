"""Writes for areas: every page, API endpoint and command goes through these."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.models import Municipality
from samverka.areas.models import Area, AreaPopulation
from samverka.core.services import (
    apply,
    check_no_cycle,
    check_same_municipality,
    protected_delete,
    validated_save,
)
from samverka.lib.geo import GeometryError, centroid, normalise_geometry


def _prepare(area: Area, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    check_same_municipality(area.municipality, parent=data.get("parent", area.parent))
    check_no_cycle(area, data.get("parent"), field="parent", get_parent=lambda a: a.parent)
    if data.get("boundary"):
        try:
            data["boundary"] = normalise_geometry(data["boundary"], data.pop("boundary_crs", None))
        except GeometryError as exc:
            raise ValidationError({"boundary": str(exc)}) from None
        if data.get("centroid_lat") is None or data.get("centroid_lon") is None:
            data["centroid_lat"], data["centroid_lon"] = centroid(data["boundary"])
    data.pop("boundary_crs", None)
    return data


@transaction.atomic
def area_create(*, municipality: Municipality, user: AnyUser | None, **data: Any) -> Area:
    area = Area(municipality=municipality)
    apply(area, _prepare(area, data))
    return validated_save(area, municipality=municipality, user=user)


@transaction.atomic
def area_update(*, area: Area, user: AnyUser | None, **data: Any) -> Area:
    apply(area, _prepare(area, data))
    return validated_save(area, municipality=area.municipality, user=user)


@transaction.atomic
def area_delete(*, area: Area, user: AnyUser | None) -> None:
    if area.children.exists():
        raise ValidationError(
            _("%(name)s har delområden. Flytta eller ta bort dem först.") % {"name": area}
        )
    protected_delete(area, municipality=area.municipality, user=user)


@transaction.atomic
def population_set(
    *, area: Area, year: int, population: int, source: str = "", user: AnyUser | None
) -> AreaPopulation:
    """Set the population of an area for a year (replaces an earlier figure for that year)."""
    row = AreaPopulation.objects.filter(area=area, year=year).first() or AreaPopulation(
        area=area, year=year
    )
    row.population = population
    row.source = source
    return validated_save(row, municipality=area.municipality, user=user)


@transaction.atomic
def population_delete(*, area: Area, year: int, user: AnyUser | None) -> None:
    row = AreaPopulation.objects.filter(area=area, year=year).first()
    if row is not None:
        protected_delete(row, municipality=area.municipality, user=user)
