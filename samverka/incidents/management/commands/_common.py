"""Shared by the incident commands: finding the municipality and the organisation by name."""

from __future__ import annotations

from django.core.management.base import CommandError

from samverka.accounts.models import Municipality
from samverka.organisation.models import Organisation


def municipality_from(slug: str | None) -> Municipality:
    if slug:
        found = Municipality.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"Kommunen ”{slug}” finns inte.")
        return found
    all_ = list(Municipality.objects.order_by("slug")[:10])
    if len(all_) == 1:
        return all_[0]
    names = ", ".join(m.slug for m in all_) or "(inga)"
    raise CommandError(f"Ange kommun med --municipality (finns: {names}).")


def organisation_from(municipality: Municipality, name: str | None) -> Organisation | None:
    if not name:
        return None
    found = (
        Organisation.objects.filter(municipality=municipality, name__iexact=name).first()
        or Organisation.objects.filter(municipality=municipality, short_name__iexact=name).first()
    )
    if found is None:
        raise CommandError(f"Aktören ”{name}” finns inte i {municipality.name}.")
    return found
