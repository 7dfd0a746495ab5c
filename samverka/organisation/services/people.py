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


@transaction.atomic
def person_create(*, municipality: Municipality, user: AnyUser | None, **data: Any) -> Person:
    person = Person(municipality=municipality)
    _check(person, data)
    return validated_save(apply(person, data), municipality=municipality, user=user)


@transaction.atomic
def person_update(*, person: Person, user: AnyUser | None, **data: Any) -> Person:
    _check(person, data)
    return validated_save(apply(person, data), municipality=person.municipality, user=user)


@transaction.atomic
def person_delete(*, person: Person, user: AnyUser | None) -> None:
    protected_delete(person, municipality=person.municipality, user=user)
