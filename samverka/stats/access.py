"""Objects of the statistics pages, fetched within what the municipality may see (404 else)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.stats.models import Series, StatisticsImport

M = TypeVar("M", bound=Model)


def _get(queryset: QuerySet[M], pk: int | str) -> M:
    try:
        number = int(str(pk))
    except ValueError:
        raise Http404 from None
    if not 0 < number < 2**63:  # larger ids do not fit the database's integer
        raise Http404
    try:
        return queryset.get(pk=number)
    except queryset.model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404 from None


def area_in(municipality: Municipality, pk: int | str) -> Area:
    return _get(Area.objects.filter(municipality=municipality), pk)


def series_for(municipality: Municipality, pk: int | str) -> Series:
    """A series the municipality sees: shared, or its own."""
    return _get(Series.objects.visible_to(municipality), pk)


def import_in(municipality: Municipality, pk: int | str) -> StatisticsImport:
    return _get(StatisticsImport.objects.filter(municipality=municipality), pk)
