"""Need-to-know for meetings, stated once and used by pages, API, feeds and CLI; every rule
takes the request's ``Access`` (``samverka.accounts.access``).

- That a group meets, when and where, and its agenda titles: everyone in the municipality, except
  for SSPF groups, whose meetings only their members and the coordinators see.
- The minutes (notes, attendance), the video link and suggested agenda items: the group's members
  and the coordinators ("internal minutes").
- Decisions, proposals and commitments: everyone who sees the meeting, because other groups and
  organisations act on them; their origin minutes stay internal.
- Managing the meetings (plan, move, cancel, agenda, minutes, decisions, commitments): the
  municipality's coordinators and the group's officers — chair, convener and secretary.
- Suggesting an agenda item: any member of the group.
- Approving minutes (justering): only the named adjuster, for themself.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from samverka.accounts.access import Access
from samverka.meetings.models import Commitment, Decision, Meeting, Minutes, Proposal
from samverka.organisation.access import group_for_user
from samverka.organisation.models import Group, GroupKind


def sees_meetings_of(access: Access, group: Group) -> bool:
    return group.kind != GroupKind.SSPF or access.sees_internals(group.pk)


def sees_minutes_of(access: Access, group_id: int) -> bool:
    return access.sees_internals(group_id)


def require_manager(access: Access, group: Group) -> None:
    if not access.manages(group.pk):
        raise PermissionDenied(
            _(
                "Bara kommunens samordnare och gruppens ordförande, sammankallande eller "
                "sekreterare får ändra %(group)s möten."
            )
            % {"group": group.name}
        )


def may_suggest(access: Access, group_id: int) -> bool:
    """Suggesting an agenda item: the group's members, and the coordinators."""
    return access.sees_internals(group_id)


def require_member(access: Access, group: Group) -> None:
    if not may_suggest(access, group.pk):
        raise PermissionDenied(
            _("Bara medlemmar i %(group)s kan föreslå punkter.") % {"group": group.name}
        )


def visible_groups(access: Access) -> QuerySet[Group]:
    """The groups whose meetings the one looking sees (all but others' SSPF groups)."""
    groups = Group.objects.filter(municipality=access.municipality).order_by("name")
    if access.is_coordinator:
        return groups
    return groups.filter(~Q(kind=GroupKind.SSPF) | Q(pk__in=access.group_ids))


def managed_groups(access: Access) -> QuerySet[Group]:
    groups = Group.objects.filter(municipality=access.municipality).order_by("name")
    return groups if access.is_coordinator else groups.filter(pk__in=access.officer_group_ids)


def _visible(access: Access, group: Group) -> None:
    # An SSPF group's meetings are not merely forbidden to others: they do not exist for them.
    if not sees_meetings_of(access, group):
        raise Http404


def meeting_group_for_user(access: Access, pk: int | str) -> Group:
    """A group of the municipality whose meetings the one looking sees, or 404."""
    group = group_for_user(access, pk)
    _visible(access, group)
    return group


def meeting_for_user(access: Access, pk: int | str) -> Meeting:
    try:
        meeting = Meeting.objects.select_related("group", "municipality").get(
            pk=pk, municipality=access.municipality
        )
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _visible(access, meeting.group)
    return meeting


def minutes_for_user(access: Access, meeting: Meeting, version: int | str) -> Minutes:
    if not sees_minutes_of(access, meeting.group_id):
        raise PermissionDenied(_("Protokollet är internt för gruppens medlemmar."))
    try:
        return meeting.minutes_versions.get(version=version)
    except (Minutes.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def proposal_for_user(access: Access, pk: int | str) -> Proposal:
    try:
        proposal = Proposal.objects.select_related("from_group", "to_group").get(
            pk=pk, municipality=access.municipality
        )
    except (Proposal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _visible(access, proposal.from_group)
    return proposal


def decision_for_user(access: Access, pk: int | str) -> Decision:
    try:
        decision = Decision.objects.select_related("meeting__group", "proposal").get(
            pk=pk, meeting__municipality=access.municipality
        )
    except (Decision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _visible(access, decision.meeting.group)
    return decision


def commitment_for_user(access: Access, pk: int | str) -> Commitment:
    try:
        commitment = Commitment.objects.select_related(
            "group", "owner_person", "owner_organisation"
        ).get(pk=pk, municipality=access.municipality)
    except (Commitment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _visible(access, commitment.group)
    return commitment


def may_update_commitment(access: Access, commitment: Commitment) -> bool:
    """The group's officers, the coordinators, and the person who owns the commitment."""
    if access.manages(commitment.group_id):
        return True
    owner = commitment.owner_person
    return owner is not None and access.user_id is not None and owner.user_id == access.user_id
