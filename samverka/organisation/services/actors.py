from __future__ import annotations

from typing import Any

from django.db import transaction

from samverka.accounts.access import AnyUser
from samverka.accounts.models import Municipality
from samverka.core.services import (
    apply,
    check_no_cycle,
    check_same_municipality,
    protected_delete,
    validated_save,
)
from samverka.organisation.models import Organisation


def _check(organisation: Organisation, data: dict[str, Any]) -> None:
    parent = data.get("parent", organisation.parent)
    check_same_municipality(organisation.municipality, parent=parent)
    check_no_cycle(organisation, parent, field="parent", get_parent=lambda o: o.parent)


@transaction.atomic
def organisation_create(
    *, municipality: Municipality, user: AnyUser | None, **data: Any
) -> Organisation:
    organisation = Organisation(municipality=municipality)
    _check(organisation, data)
    return validated_save(apply(organisation, data), municipality=municipality, user=user)


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, user: AnyUser | None, **data: Any
) -> Organisation:
    _check(organisation, data)
    return validated_save(
        apply(organisation, data), municipality=organisation.municipality, user=user
    )


@transaction.atomic
def organisation_delete(*, organisation: Organisation, user: AnyUser | None) -> None:
    protected_delete(organisation, municipality=organisation.municipality, user=user)
