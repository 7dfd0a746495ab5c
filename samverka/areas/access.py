"""Areas and places, found within the municipality of the one looking (404 for any other's).

Every area and place of a municipality is readable by anyone with a role in it; changing them is
the coordinators' (``access.require_coordinator()`` in the views).
"""

from __future__ import annotations

from django.http import Http404

from samverka.accounts.access import Access
from samverka.areas.models import Area, Place


def area_for_user(access: Access, pk: int | str) -> Area:
    try:
        number = int(str(pk))
    except ValueError:
        raise Http404("No such area") from None
    if not 0 < number < 2**63:  # larger ids do not fit the database's integer
        raise Http404("No such area")
    area = (
        Area.objects.filter(municipality=access.municipality, pk=number)
        .select_related("parent")
        .first()
    )
    if area is None:
        raise Http404("No such area in this municipality")
    return area


def place_for_user(access: Access, pk: int | str) -> Place:
    """A place of the municipality (404 for another municipality's, as for areas)."""
    try:
        number = int(str(pk))
    except ValueError:
        raise Http404("No such place") from None
    if not 0 < number < 2**63:  # larger ids do not fit the database's integer
        raise Http404("No such place")
    place = (
        Place.objects.filter(municipality=access.municipality, pk=number)
        .select_related("area")
        .first()
    )
    if place is None:
        raise Http404("No such place in this municipality")
    return place
