"""Writes to the reporting roster: which organisations report for which area each week."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.models import Municipality
from samverka.core.services import apply, check_same_municipality, protected_delete, validated_save
from samverka.incidents.models import RosterEntry


def _check(entry: RosterEntry, data: dict[str, Any]) -> None:
    area = data.get("area", entry.area if entry.area_id else None)
    organisation = data.get("organisation", entry.organisation if entry.organisation_id else None)
    check_same_municipality(entry.municipality, area=area, organisation=organisation)
    if area is not None and organisation is not None:
        clash = RosterEntry.objects.filter(area=area, organisation=organisation).exclude(
            pk=entry.pk
        )
        if clash.exists():
            raise ValidationError(
                {
                    "organisation": _("%(org)s rapporterar redan för %(area)s.")
                    % {"org": organisation, "area": area}
                }
            )


@transaction.atomic
def roster_entry_create(
    *, municipality: Municipality, user: AnyUser | None, **data: Any
) -> RosterEntry:
    entry = RosterEntry(municipality=municipality)
    _check(entry, data)
    return validated_save(apply(entry, data), municipality=municipality, user=user)


@transaction.atomic
def roster_entry_update(*, entry: RosterEntry, user: AnyUser | None, **data: Any) -> RosterEntry:
    _check(entry, data)
    return validated_save(apply(entry, data), municipality=entry.municipality, user=user)


@transaction.atomic
def roster_entry_delete(*, entry: RosterEntry, user: AnyUser | None) -> None:
    protected_delete(entry, municipality=entry.municipality, user=user)
