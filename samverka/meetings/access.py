"""Need-to-know for meetings, stated once and used by pages, API, feeds and CLI.

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

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.models import Municipality
from samverka.meetings.models import Commitment, Decision, Meeting, Minutes, Proposal
from samverka.organisation.access import Viewer
from samverka.organisation.models import Group, GroupKind, Membership, MembershipRole

OFFICER_ROLES = (MembershipRole.CHAIR, MembershipRole.CONVENER, MembershipRole.SECRETARY)


@dataclass(frozen=True)
class MeetingViewer:
    """What one user may see and do with meetings in one municipality (two queries to build)."""

    viewer: Viewer
    officer_group_ids: frozenset[int]

    @classmethod
    def of(cls, user: AnyUser, municipality: Municipality) -> MeetingViewer:
        viewer = Viewer.of(user, municipality)
        officer: frozenset[int] = frozenset()
        if user.is_authenticated and not viewer.is_coordinator:
            officer = frozenset(
                Membership.objects.filter(
                    person__user=user,
                    group__municipality=municipality,
                    role__in=OFFICER_ROLES,
                ).values_list("group_id", flat=True)
            )
        return cls(viewer=viewer, officer_group_ids=officer)

    @property
    def is_coordinator(self) -> bool:
        return self.viewer.is_coordinator

    def sees_meetings_of(self, group: Group) -> bool:
        return group.kind != GroupKind.SSPF or self.viewer.sees_internals(group.pk)

    def sees_minutes_of(self, group_id: int) -> bool:
        return self.viewer.sees_internals(group_id)

    def is_member_of(self, group_id: int) -> bool:
        return self.viewer.sees_internals(group_id)

    def manages(self, group_id: int) -> bool:
        return self.viewer.is_coordinator or group_id in self.officer_group_ids

    def require_manager(self, group: Group) -> None:
        if not self.manages(group.pk):
            raise PermissionDenied(
                _(
                    "Bara kommunens samordnare och gruppens ordförande, sammankallande eller "
                    "sekreterare får ändra %(group)s möten."
                )
                % {"group": group.name}
            )

    def require_member(self, group: Group) -> None:
        if not self.is_member_of(group.pk):
            raise PermissionDenied(
                _("Bara medlemmar i %(group)s kan föreslå punkter.") % {"group": group.name}
            )


def _visible(mv: MeetingViewer, group: Group) -> None:
    # An SSPF group's meetings are not merely forbidden to others: they do not exist for them.
    if not mv.sees_meetings_of(group):
        raise Http404


def meeting_for_user(mv: MeetingViewer, municipality: Municipality, pk: int | str) -> Meeting:
    try:
        meeting = Meeting.objects.select_related("group", "municipality").get(
            pk=pk, municipality=municipality
        )
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _visible(mv, meeting.group)
    return meeting


def minutes_for_user(mv: MeetingViewer, meeting: Meeting, version: int | str) -> Minutes:
    if not mv.sees_minutes_of(meeting.group_id):
        raise PermissionDenied(_("Protokollet är internt för gruppens medlemmar."))
    try:
        return meeting.minutes_versions.get(version=version)
    except (Minutes.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def proposal_for_user(mv: MeetingViewer, municipality: Municipality, pk: int | str) -> Proposal:
    try:
        proposal = Proposal.objects.select_related("from_group", "to_group").get(
            pk=pk, municipality=municipality
        )
    except (Proposal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _visible(mv, proposal.from_group)
    return proposal


def decision_for_user(mv: MeetingViewer, municipality: Municipality, pk: int | str) -> Decision:
    try:
        decision = Decision.objects.select_related("meeting__group", "proposal").get(
            pk=pk, meeting__municipality=municipality
        )
    except (Decision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _visible(mv, decision.meeting.group)
    return decision


def commitment_for_user(mv: MeetingViewer, municipality: Municipality, pk: int | str) -> Commitment:
    try:
        commitment = Commitment.objects.select_related(
            "group", "owner_person", "owner_organisation"
        ).get(pk=pk, municipality=municipality)
    except (Commitment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _visible(mv, commitment.group)
    return commitment


def may_update_commitment(mv: MeetingViewer, commitment: Commitment, user: AnyUser) -> bool:
    """The group's officers, the coordinators, and the person who owns the commitment."""
    if mv.manages(commitment.group_id):
        return True
    owner = commitment.owner_person
    return owner is not None and user.is_authenticated and owner.user_id == user.pk
