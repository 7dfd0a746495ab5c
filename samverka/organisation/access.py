"""Need-to-know for the organisation: one helper per kind of object, used by pages, API and CLI.

Everything of a municipality is readable by anyone with a role in it, except group-internal
content (a group's internal notes, and the contact details of its members), which only the
group's members and the municipality's coordinators see. SSPF groups are internal in full: their
member list is shown only to their members and the coordinators.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from samverka.accounts.access import AnyUser, is_coordinator
from samverka.accounts.models import Municipality
from samverka.organisation.models import (
    GoverningDocument,
    Group,
    GroupKind,
    Membership,
    Organisation,
    Person,
)


def person_for_user(user: AnyUser, municipality: Municipality) -> Person | None:
    """The person in this municipality's organisation that the user is linked to, if any."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user, municipality=municipality).first()


def group_ids_of_user(user: AnyUser, municipality: Municipality) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(person__user=user, group__municipality=municipality).values_list(
            "group_id", flat=True
        )
    )


@dataclass(frozen=True)
class Viewer:
    """What one user may see in one municipality: the need-to-know rules, stated once.

    Built once per request (two queries at most), then asked per group or person without
    further queries, so lists stay free of N+1 lookups.
    """

    user_id: int | None
    is_coordinator: bool
    group_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(cls, user: AnyUser, municipality: Municipality) -> Viewer:
        coordinator = is_coordinator(user, municipality)
        # Coordinators see everything, so their groups need not be looked up.
        groups = frozenset() if coordinator else frozenset(group_ids_of_user(user, municipality))
        return cls(user_id=user.pk, is_coordinator=coordinator, group_ids=groups)

    def sees_internals(self, group_id: int) -> bool:
        return self.is_coordinator or group_id in self.group_ids

    def sees_members(self, group: Group) -> bool:
        """Member lists are open within the municipality, except for SSPF groups."""
        return group.kind != GroupKind.SSPF or self.sees_internals(group.pk)

    def sees_contact_details(self, person: Person, person_group_ids: Iterable[int]) -> bool:
        """E-mail and phone: the coordinators, the person themself, those who share a group."""
        if self.is_coordinator or (self.user_id is not None and person.user_id == self.user_id):
            return True
        return not self.group_ids.isdisjoint(person_group_ids)


def can_see_group_internals(user: AnyUser, group: Group) -> bool:
    return Viewer.of(user, group.municipality).sees_internals(group.pk)


def can_see_members(user: AnyUser, group: Group) -> bool:
    return Viewer.of(user, group.municipality).sees_members(group)


def can_see_contact_details(user: AnyUser, person: Person) -> bool:
    return Viewer.of(user, person.municipality).sees_contact_details(
        person, person.memberships.values_list("group_id", flat=True)
    )


M = TypeVar("M", bound=Model)


def _get_or_404(queryset: QuerySet[M], pk: int | str) -> M:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404 from None


def group_for_user(municipality: Municipality, pk: int | str) -> Group:
    """A group of the municipality (the caller has already resolved the municipality for the
    user through ``municipality_for_user``)."""
    return _get_or_404(Group.objects.filter(municipality=municipality), pk)


def organisation_for_user(municipality: Municipality, pk: int | str) -> Organisation:
    return _get_or_404(Organisation.objects.filter(municipality=municipality), pk)


def person_in(municipality: Municipality, pk: int | str) -> Person:
    return _get_or_404(Person.objects.filter(municipality=municipality), pk)


def document_in(municipality: Municipality, pk: int | str) -> GoverningDocument:
    return _get_or_404(GoverningDocument.objects.filter(municipality=municipality), pk)
