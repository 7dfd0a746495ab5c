from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.models import Municipality, MunicipalityRole
from samverka.core.services import apply, check_same_municipality, protected_delete, validated_save
from samverka.organisation.models import Person


def _check(person: Person, data: dict[str, Any]) -> None:
    check_same_municipality(
        person.municipality, organisation=data.get("organisation", person.organisation)
    )
    user = data.get("user", person.user)
    # A person can only be linked to an account that has a role in the same municipality.
    if (
        user is not None
        and not MunicipalityRole.objects.filter(
            user=user, municipality=person.municipality
        ).exists()
    ):
        raise ValidationError(
            {"user": _("Kontot har ingen roll i kommunen. Ge kontot en roll först.")}
        )


def _account_to_user(data: dict[str, Any]) -> dict[str, Any]:
    # ``user`` names the acting user, so the person's own account link arrives as ``account``.
    if "account" in data:
        data = {**data, "user": data.pop("account")}
    return data


@transaction.atomic
def person_create(*, municipality: Municipality, user: AnyUser | None, **data: Any) -> Person:
    person = Person(municipality=municipality)
    data = _account_to_user(data)
    _check(person, data)
    return validated_save(apply(person, data), municipality=municipality, user=user)


@transaction.atomic
def person_update(*, person: Person, user: AnyUser | None, **data: Any) -> Person:
    data = _account_to_user(data)
    _check(person, data)
    return validated_save(apply(person, data), municipality=person.municipality, user=user)


@transaction.atomic
def person_delete(*, person: Person, user: AnyUser | None) -> None:
    protected_delete(person, municipality=person.municipality, user=user)
