"""Writes for statistics other than the imports (``samverka.stats.importers``)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.areas.models import Area
from samverka.stats.models import AreaGeography, Geography


@transaction.atomic
def area_geography_set(
    *,
    area: Area,
    geography: Geography | None,
    survey_geography: Geography | None,
    user: AnyUser | None,
) -> AreaGeography | None:
    """Say which public statistics describe the area (both empty: remove the link)."""
    if geography is not None and survey_geography is not None and geography == survey_geography:
        survey_geography = None  # the same place twice says nothing more
    link = AreaGeography.objects.filter(area=area).first()
    if geography is None and survey_geography is None:
        if link is not None:
            audit(
                municipality=area.municipality,
                user=user,
                action="delete",
                obj=link,
                summary=str(link),
            )
            link.delete()
        return None
    if link is None:
        link = AreaGeography(area=area, municipality=area.municipality)
    link.geography = geography
    link.survey_geography = survey_geography
    link.full_clean()
    link.save()
    audit(
        municipality=area.municipality,
        user=user,
        action="update",
        obj=link,
        summary=_("%(area)s: statistik för %(geo)s, NTU för %(survey)s")
        % {
            "area": area.name,
            "geo": geography or "–",
            "survey": survey_geography or geography or "–",
        },
    )
    return link
