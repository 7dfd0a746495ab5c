"""Areas and places, found within the municipality of the one looking (404 for any other's).

Every area and place of a municipality is readable by anyone with a role in it; changing them is
the coordinators' (``access.require_coordinator()`` in the views).
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from samverka.accounts.access import Access
from samverka.areas.models import Area, Place
from samverka.core.api_schema import parse_id

T = TypeVar("T", bound=Model)


def _own(queryset: QuerySet[T], access: Access, pk: int | str, what: str) -> T:
    """The row of the looker's municipality with this id, else 404 (an id that is no number or
    does not fit the database's integer included)."""
    number = parse_id(pk)
    row = queryset.filter(municipality=access.municipality, pk=number).first() if number else None
    if row is None:
        raise Http404(f"No such {what} in this municipality")
    return row


def area_for_user(access: Access, pk: int | str) -> Area:
    return _own(Area.objects.select_related("parent"), access, pk, "area")


def place_for_user(access: Access, pk: int | str) -> Place:
    return _own(Place.objects.select_related("area"), access, pk, "place")
