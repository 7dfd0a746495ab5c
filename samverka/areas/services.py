"""Writes for areas: every page, API endpoint and command goes through these."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.areas.models import Area, AreaPopulation, Place
from samverka.core.services import (
    apply,
    check_no_cycle,
    check_same_municipality,
    protected_delete,
    validated_save,
)
from samverka.lib.geo import GeometryError, centroid, normalise_geometry
from samverka.organisation.orgfile.places import normalise_place_geometry

MAX_MESSAGE = 300  # a geometry message quotes the bad value; a pasted megabyte is cut short


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


# --- Places ---------------------------------------------------------------------------------


def place_geometry(geometry: Any) -> dict[str, Any]:
    """A place's GeoJSON geometry normalised as the organisation file's are (WGS84, rounded,
    rings closed); ``ValidationError`` on ``geometry`` with the reason in Swedish."""
    try:
        return normalise_place_geometry(geometry)
    except (GeometryError, RecursionError) as exc:
        message = str(exc) if isinstance(exc, GeometryError) else ""
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        raise ValidationError(
            {"geometry": message or _("Läget är för djupt nästlat för att vara GeoJSON.")}
        ) from None


def _prepare_place(place: Place, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    check_same_municipality(place.municipality, area=data.get("area", place.area))
    if data.get("geometry") is not None:
        data["geometry"] = place_geometry(data["geometry"])
    return data


@transaction.atomic
def place_create(*, municipality: Municipality, user: AnyUser | None, **data: Any) -> Place:
    place = Place(municipality=municipality)
    apply(place, _prepare_place(place, data))
    return validated_save(place, municipality=municipality, user=user)


@transaction.atomic
def place_update(*, place: Place, user: AnyUser | None, **data: Any) -> Place:
    apply(place, _prepare_place(place, data))
    return validated_save(place, municipality=place.municipality, user=user)


@transaction.atomic
def place_delete(*, place: Place, user: AnyUser | None) -> None:
    """Delete a place; governing documents that list it keep everything else.

    The documents' list of places is kept by the organisation file, not on a page, so refusing
    would leave a coordinator no way forward here; the confirmation page names the documents,
    and each one's history records that the place left its list."""
    through = Place.governing_documents.through
    document_ids = list(
        through.objects.filter(place=place).values_list("governingdocument", flat=True)
    )
    if document_ids:
        listed: dict[int, list[int]] = {pk: [] for pk in document_ids}
        for document_id, place_id in through.objects.filter(
            governingdocument__in=document_ids
        ).values_list("governingdocument", "place"):
            listed[document_id].append(place_id)
        for document in place.governing_documents.all():
            before = sorted(listed[document.pk])
            audit(
                municipality=place.municipality,
                user=user,
                action="update",
                obj=document,
                summary=_("%(document)s: platsen %(place)s togs bort")
                % {"document": document, "place": place},
                changes={"places": (before, [pk for pk in before if pk != place.pk])},
            )
    protected_delete(place, municipality=place.municipality, user=user)
