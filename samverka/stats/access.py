"""Objects of the statistics pages, fetched within what the municipality of the one looking
may see (404 else). Areas: ``samverka.areas.access.area_for_user``."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from samverka.accounts.access import Access
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


def series_for(access: Access, pk: int | str) -> Series:
    """A series the municipality sees: shared, or its own."""
    return _get(Series.objects.visible_to(access.municipality), pk)


def import_in(access: Access, pk: int | str) -> StatisticsImport:
    return _get(StatisticsImport.objects.filter(municipality=access.municipality), pk)
