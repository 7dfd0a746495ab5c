"""Areas, found within the municipality of the one looking (404 for any other's).

Every area of a municipality is readable by anyone with a role in it; changing areas is the
coordinators' (``access.require_coordinator()`` in the views).
"""

from __future__ import annotations

from django.http import Http404

from samverka.accounts.access import Access
from samverka.areas.models import Area


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
