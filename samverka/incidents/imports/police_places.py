"""Where a police event belongs: the importing municipality (at which level) or elsewhere.

The police's ``location.name`` is a municipality ("Göteborg") or a county ("Västra Götalands
län"), now and then another place name; ``location.gps`` is then the centre of that place, not
where the event happened. So:

1. the name is the importing municipality → its root area, placed at municipality level, no
   point (the centre would make a false hot spot and fall into whichever sub-area holds it);
2. the name is one of the municipality's own areas → that area, no point (again a centre);
3. the name is, in the reference geography (``samverka.stats.reference``), the municipality's
   county → the root area at county level; another municipality or county → elsewhere;
   a city district of the municipality → its root area at municipality level;
4. any other name → the smallest area containing the gps point, keeping the point; no area
   containing it → elsewhere.

"Elsewhere" is counted as "other municipality", not an error: the feed covers all Sweden.
"""

from __future__ import annotations

from dataclasses import dataclass

from samverka.incidents.imports.context import ImportContext
from samverka.incidents.models import PlacePrecision
from samverka.stats.models import Geography, GeographyKind
from samverka.stats.places import PlaceIndex, PlaceNotFound, place_key

_SUFFIXES = (" kommun", " stad", " stads", "s kommun", "s stad")


@dataclass(frozen=True, slots=True)
class Placed:
    area_id: int | None  # None: another municipality
    precision: str
    keep_point: bool


ELSEWHERE = Placed(None, PlacePrecision.AS_REPORTED, False)


def _own_name_forms(name: str) -> set[str]:
    key = place_key(name)
    forms = {key}
    for suffix in _SUFFIXES:
        if key.endswith(suffix):
            forms.add(key[: -len(suffix)])
    return forms


class PolicePlaces:
    """Read once per import: the reference geography and the municipality's place in it."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        municipality = context.municipality
        self.index = PlaceIndex()
        own = self.index.by_code.get(municipality.scb_code) if municipality.scb_code else None
        self.own: Geography | None = own if own and own.kind == GeographyKind.MUNICIPALITY else None
        self.county: Geography | None = None
        if self.own is not None and self.own.parent_id in self.index.by_pk:
            parent = self.index.by_pk[self.own.parent_id]
            if parent.kind == GeographyKind.COUNTY:
                self.county = parent
        if self.county is None and municipality.county:
            found = self._resolve(municipality.county)
            if found is not None and found.kind == GeographyKind.COUNTY:
                self.county = found
        self.own_names = _own_name_forms(municipality.name)
        if self.own is not None:
            self.own_names |= _own_name_forms(self.own.name)
        root = context.root_area_id
        if root is not None:
            self.own_names |= _own_name_forms(context.area_names[root])

    def _resolve(self, name: str) -> Geography | None:
        try:
            return self.index.resolve(name)
        except PlaceNotFound:
            return None

    def feed_name(self) -> str:
        """The name the police's feed uses for the municipality ("Göteborg")."""
        if self.own is not None:
            return self.own.name
        name = self.context.municipality.name
        for suffix in (" kommun", " stad"):
            name = name.removesuffix(suffix)
        return name

    def _belongs_here(self, geography: Geography) -> bool:
        """A district (or a district's part) of the importing municipality."""
        seen = 0
        current: Geography | None = geography
        while current is not None and seen < 5:
            if self.own is not None and current.pk == self.own.pk:
                return True
            current = self.index.by_pk.get(current.parent_id) if current.parent_id else None
            seen += 1
        return False

    def place(self, name: str, latitude: float | None, longitude: float | None) -> Placed:
        root = self.context.root_area_id
        key = place_key(name)
        if key and key in self.own_names and root is not None:
            return Placed(root, PlacePrecision.MUNICIPALITY, False)
        area_id = self.context.area_id(name) if key else None
        if area_id is not None:
            if area_id == root:
                return Placed(root, PlacePrecision.MUNICIPALITY, False)
            return Placed(area_id, PlacePrecision.AS_REPORTED, False)
        geography = self._resolve(name) if key else None
        if geography is not None and geography.kind == GeographyKind.MUNICIPALITY:
            if self.own is not None and geography.pk == self.own.pk and root is not None:
                return Placed(root, PlacePrecision.MUNICIPALITY, False)
            return ELSEWHERE
        if geography is not None and geography.kind == GeographyKind.COUNTY:
            if self.county is not None and geography.pk == self.county.pk and root is not None:
                return Placed(root, PlacePrecision.COUNTY, False)
            return ELSEWHERE
        if geography is not None and geography.kind == GeographyKind.DISTRICT:
            if self._belongs_here(geography) and root is not None:
                return Placed(root, PlacePrecision.MUNICIPALITY, False)
            return ELSEWHERE
        if latitude is not None and longitude is not None and self.context.locator.has_boundaries:
            found = self.context.locator.area_id(latitude, longitude)
            if found is not None:
                return Placed(found, PlacePrecision.AS_REPORTED, True)
        return ELSEWHERE
