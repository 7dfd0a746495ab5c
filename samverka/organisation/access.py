"""Need-to-know for the organisation: one rule per kind of object, each taking the request's
``Access`` (``samverka.accounts.access``), used by pages, API and CLI.

Everything of a municipality is readable by anyone with a role in it, except group-internal
content (a group's internal notes, and the contact details of its members), which only the
group's members and the municipality's coordinators see. SSPF groups are internal in full: their
member list is shown only to their members and the coordinators.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from samverka.accounts.access import Access, AnyUser, register_organisation_loaders
from samverka.accounts.models import Municipality, Role
from samverka.organisation.models import (
    GoverningDocument,
    Group,
    GroupKind,
    Membership,
    MembershipRole,
    Organisation,
    Person,
)

# Those who run a group's meetings, besides the coordinators.
OFFICER_ROLES = (MembershipRole.CHAIR, MembershipRole.CONVENER, MembershipRole.SECRETARY)


def _memberships(user_id: int, municipality: Municipality) -> list[tuple[int, bool]]:
    return [
        (group_id, role in OFFICER_ROLES)
        for group_id, role in Membership.objects.filter(
            person__user_id=user_id, group__municipality=municipality
        ).values_list("group_id", "role")
    ]


def _person(user_id: int, municipality: Municipality) -> Person | None:
    return Person.objects.filter(user_id=user_id, municipality=municipality).first()


register_organisation_loaders(memberships=_memberships, person=_person)


def person_for_user(user: AnyUser, municipality: Municipality) -> Person | None:
    """The person in this municipality's organisation that the user is linked to, if any.

    For a user other than the one looking (a calendar feed's owner); the one looking is
    ``access.person``.
    """
    if not user.is_authenticated:
        return None
    return _person(user.pk, municipality)


# --- Rules ---------------------------------------------------------------------------------


def sees_members(access: Access, group: Group) -> bool:
    """Member lists are open within the municipality, except for SSPF groups."""
    return group.kind != GroupKind.SSPF or access.sees_internals(group.pk)


def sees_contact_details(access: Access, person: Person, person_group_ids: Iterable[int]) -> bool:
    """E-mail and phone: the coordinators, the person themself, those who share a group."""
    if access.is_coordinator or (access.user_id is not None and person.user_id == access.user_id):
        return True
    return not access.group_ids.isdisjoint(person_group_ids)


def sees_person_contact_details(access: Access, person: Person) -> bool:
    return sees_contact_details(
        access, person, person.memberships.values_list("group_id", flat=True)
    )


def may_answer(access: Access) -> bool:
    """Brå's set-up questions: coordinators and members answer; readers only read.

    The questions are meant to be worked through together by the actors in the collaboration
    (Brå: "kom överens om hur arbetet ska fungera"), so members answer too; every answer is
    kept with its author and time, so nothing is lost when someone changes one.
    """
    return access.role in (Role.COORDINATOR, Role.MEMBER)


def hidden_group_ids(access: Access) -> set[int]:
    """SSPF groups whose composition the one looking may not see (see ``sees_members``): pages
    that list "groups a person or actor sits in" leave them out."""
    if access.is_coordinator:
        return set()
    return set(
        Group.objects.filter(municipality=access.municipality, kind=GroupKind.SSPF)
        .exclude(pk__in=access.group_ids)
        .values_list("pk", flat=True)
    )


# --- Objects, within the municipality (404 for any other) ---------------------------------

M = TypeVar("M", bound=Model)


def _get_or_404(queryset: QuerySet[M], pk: int | str) -> M:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404 from None


def group_for_user(access: Access, pk: int | str) -> Group:
    return _get_or_404(Group.objects.filter(municipality=access.municipality), pk)


def organisation_for_user(access: Access, pk: int | str) -> Organisation:
    return _get_or_404(Organisation.objects.filter(municipality=access.municipality), pk)


def person_in(access: Access, pk: int | str) -> Person:
    return _get_or_404(Person.objects.filter(municipality=access.municipality), pk)


def document_in(access: Access, pk: int | str) -> GoverningDocument:
    return _get_or_404(GoverningDocument.objects.filter(municipality=access.municipality), pk)
