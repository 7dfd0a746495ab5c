"""Rows of the municipality's named places (samverka.areas, /k/<m>/platser/): read like the
areas by everyone with a role in the municipality, changed by coordinators."""

from __future__ import annotations

from typing import Any

from samverka.areas.models import Place, PlaceKind
from samverka.core.testing import World
from tests.authz.common import EDIT, EXPORT, PAGE, M, Row, _with

TORGET = {"type": "Point", "coordinates": [12.0286, 57.7826]}


def _place(w: World) -> int:
    return Place.objects.get(municipality=w.testby, name="Torget").pk


PLACE = _with(pk=_place)

ROWS: list[Row] = [
    Row("areas:place_list", M, PAGE),
    Row("areas:place_export", EXPORT, PAGE),
    Row("areas:place_geojson", M, PAGE),
    Row("areas:place_create", M, EDIT),
    Row("areas:place_detail", PLACE, PAGE),
    Row("areas:place_edit", PLACE, EDIT),
    Row("areas:place_delete", PLACE, EDIT, note="a document naming the place keeps the rest"),
]


def prepare(world: World) -> None:
    """A square in Norra Testby that the world's governing document names."""
    place = Place.objects.create(
        municipality=world.testby,
        name="Torget",
        kind=PlaceKind.SQUARE,
        area=world.area,
        geometry=TORGET,
    )
    world.document.places.add(place)


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's square under Testby's URLs: 404."""
    place = Place.objects.create(
        municipality=w.annanstad, name="Annanstads torg", kind=PlaceKind.SQUARE, geometry=TORGET
    )
    return {
        name: {"municipality": "testby", "pk": place.pk}
        for name in ("areas:place_detail", "areas:place_edit", "areas:place_delete")
    }
