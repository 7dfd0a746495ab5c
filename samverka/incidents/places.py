"""Where an incident happened: the smallest area whose boundary contains its point.

Boundaries are GeoJSON in WGS84 on ``Area.boundary``; areas without one are never chosen from
a point (they can still be picked by name). One ``AreaLocator`` per request or import: it reads
the municipality's boundaries once.
"""

from __future__ import annotations

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.lib.pointinpolygon import Locator


class AreaLocator:
    def __init__(self, municipality: Municipality) -> None:
        rows = list(
            Area.objects.filter(municipality=municipality, boundary__isnull=False).values_list(
                "pk", "boundary"
            )
        )
        self._locator = Locator(rows)

    @property
    def has_boundaries(self) -> bool:
        return bool(self._locator)

    def area_id(self, latitude: float, longitude: float) -> int | None:
        found = self._locator.locate(longitude, latitude)
        return int(found) if isinstance(found, int) else None


def area_for_point(municipality: Municipality, latitude: float, longitude: float) -> Area | None:
    """The smallest area of the municipality containing the point, or None."""
    area_id = AreaLocator(municipality).area_id(latitude, longitude)
    return Area.objects.filter(pk=area_id).first() if area_id is not None else None
