"""What every import needs to know about the municipality, read once: categories and areas by
name and code, the boundaries for placing points, and the organisation the rows come from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from samverka.accounts.models import Municipality
from samverka.areas.models import Area, AreaKind
from samverka.incidents.models import Category
from samverka.incidents.places import AreaLocator
from samverka.incidents.services.taxonomy import ensure_taxonomy
from samverka.organisation.models import Organisation


def _key(value: str) -> str:
    return " ".join(value.lower().split())


@dataclass(slots=True)
class Candidate:
    """One valid row, ready to be written (ids, not objects: a million of them fit in memory)."""

    line: int
    category_id: int
    subcategory_id: int | None
    area_id: int
    latitude: float | None
    longitude: float | None
    place_name: str
    setting: str
    occurred_at: datetime
    occurred_until: datetime | None
    event_count: int
    description: str
    assessment: str
    police_reported: bool | None
    external_id: str
    # The police's feed only: when this version was published, how precisely it is placed,
    # and the event as published (JSON text, kept as the version's history).
    published_at: datetime | None = None
    place_precision: str = ""
    source_event: str = ""


class ImportContext:
    def __init__(
        self, municipality: Municipality, organisation: Organisation | None, source: str
    ) -> None:
        self.municipality = municipality
        self.organisation = organisation
        self.source = source
        ensure_taxonomy(municipality)
        categories = list(Category.objects.filter(municipality=municipality))
        self.categories_by_id = {c.pk: c for c in categories}
        self._categories: dict[str, Category] = {}
        # Names of subcategories first, so that a top-level category of the same name wins
        # ("Brand" is the category of fires, not arson as vandalism); codes win over names.
        for category in sorted(categories, key=lambda c: c.parent_id is None):
            self._categories[_key(category.name)] = category
        for category in categories:
            self._categories[_key(category.code)] = category
        self._children: dict[int, dict[str, Category]] = {}
        for category in categories:
            if category.parent_id is not None:
                children = self._children.setdefault(category.parent_id, {})
                children[_key(category.name)] = category
                children[_key(category.code)] = category
        self._areas: dict[str, int] = {}
        self.area_names: dict[int, str] = {}
        self.root_area_id: int | None = None
        for area in Area.objects.filter(municipality=municipality).only(
            "pk", "name", "kind", "parent_id", "local_code", "deso_code", "regso_code"
        ):
            self.area_names[area.pk] = area.name
            for code in (area.local_code, area.deso_code, area.regso_code):
                if code:
                    self._areas.setdefault(_key(code), area.pk)
            if area.parent_id is None and (
                self.root_area_id is None or area.kind == AreaKind.MUNICIPALITY
            ):
                self.root_area_id = area.pk
        for pk, name in self.area_names.items():
            self._areas[_key(name)] = pk  # names win over codes
        self._locator: AreaLocator | None = None

    @property
    def locator(self) -> AreaLocator:
        if self._locator is None:
            self._locator = AreaLocator(self.municipality)
        return self._locator

    def category(self, value: str) -> Category | None:
        return self._categories.get(_key(value))

    def subcategory(self, parent: Category, value: str) -> Category | None:
        return self._children.get(parent.pk, {}).get(_key(value))

    def area_id(self, value: str) -> int | None:
        return self._areas.get(_key(value))

    def external_id(self, raw_id: str) -> str:
        """A file's own id, scoped to the organisation: two organisations may both have "17"."""
        owner = self.organisation.pk if self.organisation is not None else 0
        return f"{owner}:{raw_id}"

    def derived_id(self, candidate: Candidate) -> str:
        """A stable id for a row without one: a hash of its normalised content and organisation,
        so the same row imported twice is recognised."""
        parts = [
            self.organisation.pk if self.organisation is not None else 0,
            candidate.category_id,
            candidate.subcategory_id,
            candidate.area_id,
            None if candidate.latitude is None else round(candidate.latitude, 6),
            None if candidate.longitude is None else round(candidate.longitude, 6),
            candidate.place_name,
            candidate.setting,
            candidate.occurred_at.timestamp(),
            None if candidate.occurred_until is None else candidate.occurred_until.timestamp(),
            candidate.event_count,
            candidate.description,
            candidate.assessment,
            candidate.police_reported,
        ]
        digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
        return "h:" + digest[:40]
