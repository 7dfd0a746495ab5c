from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.models import Municipality
from samverka.core.services import (
    apply,
    check_no_cycle,
    check_same_municipality,
    protected_delete,
    validated_save,
)
from samverka.organisation.models import (
    Cadence,
    Group,
    GroupKind,
    Membership,
    Person,
    SpecialistFunction,
)


def _value(group: Group, data: dict[str, Any], field: str) -> Any:
    return data[field] if field in data else getattr(group, field)


def _check_group(group: Group, data: dict[str, Any], coordinates: Iterable[Group] | None) -> None:
    municipality = group.municipality
    check_same_municipality(
        municipality,
        area=_value(group, data, "area"),
        reports_to=_value(group, data, "reports_to"),
        appointed_by=_value(group, data, "appointed_by"),
        convening_organisation=_value(group, data, "convening_organisation"),
    )
    for other in coordinates or ():
        check_same_municipality(municipality, coordinates=other)
        if group.pk is not None and other.pk == group.pk:
            raise ValidationError({"coordinates": _("En grupp kan inte samordna sig själv.")})
    reports_to = _value(group, data, "reports_to")
    if group.pk is not None and reports_to is not None and reports_to.pk == group.pk:
        raise ValidationError({"reports_to": _("En grupp kan inte rapportera till sig själv.")})
    check_no_cycle(group, reports_to, field="reports_to", get_parent=lambda g: g.reports_to)
    appointed_by = _value(group, data, "appointed_by")
    if group.pk is not None and appointed_by is not None and appointed_by.pk == group.pk:
        raise ValidationError({"appointed_by": _("En grupp kan inte tillsätta sig själv.")})

    errors: dict[str, str] = {}
    cadence = _value(group, data, "cadence")
    if cadence == Cadence.TIMES_PER_YEAR and not _value(group, data, "meetings_per_year"):
        errors["meetings_per_year"] = _("Ange hur många gånger per år gruppen möts.")
    if cadence == Cadence.EVERY_N_WEEKS and not _value(group, data, "interval_weeks"):
        errors["interval_weeks"] = _("Ange hur många veckor det är mellan mötena.")
    per_year = _value(group, data, "meetings_per_year")
    if per_year is not None and not 1 <= per_year <= 52:
        errors["meetings_per_year"] = _("Antal möten per år ska vara mellan 1 och 52.")
    interval = _value(group, data, "interval_weeks")
    if interval is not None and not 1 <= interval <= 26:
        errors["interval_weeks"] = _("Veckor mellan möten ska vara mellan 1 och 26.")
    start, end = _value(group, data, "start_date"), _value(group, data, "end_date")
    if start and end and end < start:
        errors["end_date"] = _("Slutdatum kan inte vara före startdatum.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_create(
    *,
    municipality: Municipality,
    user: AnyUser | None,
    coordinates: Iterable[Group] | None = None,
    **data: Any,
) -> Group:
    group = Group(municipality=municipality)
    _check_group(group, data, coordinates)
    return validated_save(
        apply(group, data),
        municipality=municipality,
        user=user,
        m2m={"coordinates": list(coordinates or [])},
    )


@transaction.atomic
def group_update(
    *,
    group: Group,
    user: AnyUser | None,
    coordinates: Iterable[Group] | None = None,
    **data: Any,
) -> Group:
    _check_group(group, data, coordinates)
    return validated_save(
        apply(group, data),
        municipality=group.municipality,
        user=user,
        m2m=None if coordinates is None else {"coordinates": list(coordinates)},
    )


@transaction.atomic
def group_delete(*, group: Group, user: AnyUser | None) -> None:
    protected_delete(group, municipality=group.municipality, user=user)


def _check_membership(group: Group, data: dict[str, Any]) -> None:
    person: Person | None = data.get("person")
    check_same_municipality(
        group.municipality, person=person, organisation=data.get("organisation")
    )
    if person is not None and person.is_public_contact:
        # The public contact is shown as contact information and never receives anything.
        raise ValidationError(
            {
                "person": _("%(name)s är offentlig kontaktperson och kan inte vara medlem.")
                % {"name": person}
            }
        )


@transaction.atomic
def membership_create(*, group: Group, user: AnyUser | None, **data: Any) -> Membership:
    _check_membership(group, data)
    person = data.get("person")
    if person is not None and Membership.objects.filter(group=group, person=person).exists():
        raise ValidationError({"person": _("%(name)s är redan med i gruppen.") % {"name": person}})
    if data.get("organisation") is None and person is not None:
        data["organisation"] = person.organisation
    membership = Membership(group=group)
    return validated_save(apply(membership, data), municipality=group.municipality, user=user)


@transaction.atomic
def membership_update(*, membership: Membership, user: AnyUser | None, **data: Any) -> Membership:
    data.pop("person", None)  # a membership belongs to one person; make a new one instead
    _check_membership(membership.group, data)
    return validated_save(
        apply(membership, data), municipality=membership.group.municipality, user=user
    )


@transaction.atomic
def membership_delete(*, membership: Membership, user: AnyUser | None) -> None:
    protected_delete(membership, municipality=membership.group.municipality, user=user)


def _check_specialist(group: Group, data: dict[str, Any]) -> None:
    if group.kind != GroupKind.COORDINATION_UNIT:
        raise ValidationError(
            _("Specialistfunktioner hör till en samordningsenhet, inte till %(group)s.")
            % {"group": group}
        )
    check_same_municipality(group.municipality, coordinator=data.get("coordinator"))


@transaction.atomic
def specialist_function_create(
    *, group: Group, user: AnyUser | None, **data: Any
) -> SpecialistFunction:
    _check_specialist(group, data)
    function = SpecialistFunction(group=group)
    return validated_save(apply(function, data), municipality=group.municipality, user=user)


@transaction.atomic
def specialist_function_update(
    *, function: SpecialistFunction, user: AnyUser | None, **data: Any
) -> SpecialistFunction:
    _check_specialist(function.group, data)
    return validated_save(
        apply(function, data), municipality=function.group.municipality, user=user
    )


@transaction.atomic
def specialist_function_delete(*, function: SpecialistFunction, user: AnyUser | None) -> None:
    protected_delete(function, municipality=function.group.municipality, user=user)
