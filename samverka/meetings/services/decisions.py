"""Decisions within mandate, and the proposals that reach a deciding group.

Only a meeting of a group whose mandate is to decide records a decision. A preparing group records
a proposal addressed to a deciding group; the proposal goes on that group's next agenda, and the
decision taken on it refers back to it.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Decision,
    DecisionOutcome,
    Meeting,
    MeetingStatus,
    Proposal,
    ProposalStatus,
)
from samverka.meetings.services._common import (
    require_manager,
    require_not_cancelled,
    require_started,
    require_unlocked,
)
from samverka.organisation.models import Group, GroupKind


class DecisionRefused(ValidationError):
    """A group without the mandate to decide tried to decide; the message names who may."""


def deciding_group_for(group: Group) -> Group | None:
    """The group that decides on this group's matters: the first deciding group up the reporting
    line (then up the appointing line), else the municipality's steering group."""
    for attribute in ("reports_to", "appointed_by"):
        seen: set[int] = set()
        node = getattr(group, attribute)
        while node is not None and node.pk not in seen:
            if node.may_decide:
                return node
            seen.add(node.pk)
            node = getattr(node, attribute)
    deciding = Group.objects.filter(municipality=group.municipality, mandate="decides")
    return (
        deciding.filter(kind=GroupKind.STEERING).order_by("pk").first()
        or deciding.order_by("pk").first()
    )


def _refusal(group: Group) -> DecisionRefused:
    decider = deciding_group_for(group)
    if decider is None:
        return DecisionRefused(
            _(
                "%(group)s har inget mandat att fatta beslut, och kommunen har ingen grupp med "
                "beslutsmandat. Ge en grupp mandatet att besluta först."
            )
            % {"group": group.name}
        )
    return DecisionRefused(
        _(
            "%(group)s har inget mandat att fatta beslut. Det är %(decider)s som beslutar: "
            "lägg fram frågan som ett förslag till %(decider)s."
        )
        % {"group": group.name, "decider": decider.name}
    )


def _next_number(meeting: Meeting) -> int:
    return (meeting.decisions.aggregate(Max("number"))["number__max"] or 0) + 1


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    title: str,
    text: str,
    user: AnyUser | None,
    outcome: str = DecisionOutcome.APPROVED,
    proposal: Proposal | None = None,
    agenda_item: AgendaItem | None = None,
    is_example: bool = False,
) -> Decision:
    """Record a decision of ``meeting``; refused unless the meeting's group may decide.

    Who may record comes first: a user who may not (403) is not told about the mandate (400)."""
    group = meeting.group
    require_manager(user, group)
    if not group.may_decide:
        raise _refusal(group)
    require_not_cancelled(meeting)
    require_started(meeting, "decision")
    require_unlocked(meeting)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Ange en rubrik för beslutet.")
    if not text.strip():
        errors["text"] = _("Skriv vad som beslutades.")
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = _("Okänt utfall.")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        errors["agenda_item"] = _("Punkten hör till ett annat möte.")
    if proposal is not None:
        if proposal.to_group_id != group.pk:
            errors["proposal"] = _(
                "Förslaget är ställt till %(group)s, inte till den här gruppen."
            ) % {"group": proposal.to_group.name}
        elif proposal.status != ProposalStatus.PENDING:
            errors["proposal"] = _("Förslaget är redan behandlat.")
    if errors:
        raise ValidationError(errors)
    if agenda_item is None and proposal is not None:
        agenda_item = meeting.agenda_items.filter(proposal=proposal).first()
    decision = Decision.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        proposal=proposal,
        number=_next_number(meeting),
        title=title.strip()[:200],
        text=text.strip(),
        outcome=outcome,
        is_example=is_example,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    if proposal is not None:
        # Återremiss sends the proposal back to the preparing group; otherwise it is settled.
        proposal.status = (
            ProposalStatus.RETURNED
            if outcome == DecisionOutcome.RETURNED
            else ProposalStatus.DECIDED
        )
        proposal.save(update_fields=["status"])
    audit(
        municipality=meeting.municipality,
        user=user,
        action="decision_recorded",
        obj=decision,
        summary=f"{group.name} § {decision.number}: {decision.title}",
    )
    return decision


def _next_meeting(group: Group, after: datetime) -> Meeting | None:
    """The group's next meeting that can still take items on its agenda."""
    candidates = (
        Meeting.objects.filter(group=group, starts_at__gte=after)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
    )
    for meeting in candidates[:5]:
        try:
            require_unlocked(meeting)
        except ValidationError:
            continue
        return meeting
    return None


def _place_on_agenda(proposal: Proposal, meeting: Meeting) -> AgendaItem:
    parent = meeting.agenda_items.filter(kind=AgendaItemKind.PROPOSALS, parent=None).first()
    siblings = meeting.agenda_items.filter(parent=parent)
    position = (siblings.aggregate(Max("position"))["position__max"] or 0) + 10
    if parent is None:
        # No standing "proposals" item: place it before the closing "other business" item.
        position = max(
            (
                meeting.agenda_items.filter(parent=None).aggregate(Max("position"))["position__max"]
                or 0
            )
            - 5,
            1,
        )
    return AgendaItem.objects.create(
        meeting=meeting,
        parent=parent,
        position=position,
        title=_("Förslag från %(group)s: %(title)s")
        % {"group": proposal.from_group.name, "title": proposal.title},
        description=proposal.text,
        proposal=proposal,
    )


def place_pending_proposals(group: Group, *, after: datetime | None = None) -> int:
    """Put every pending proposal to ``group`` that is on no upcoming agenda on its next
    meeting. Called when a proposal is made and when meetings are planned or cancelled.

    ``after`` (default: now) is where "next" starts; the example, which writes a past year,
    passes the proposing meeting's end."""
    after = after or timezone.now()
    meeting = _next_meeting(group, after)
    if meeting is None:
        return 0
    waiting = Proposal.objects.filter(to_group=group, status=ProposalStatus.PENDING).exclude(
        agenda_items__meeting__starts_at__gte=after,
        agenda_items__meeting__status=MeetingStatus.PLANNED,
    )
    placed = 0
    for proposal in waiting.select_related("from_group").order_by("created_at"):
        _place_on_agenda(proposal, meeting)
        placed += 1
    return placed


@transaction.atomic
def proposal_create(
    *,
    meeting: Meeting,
    title: str,
    text: str,
    user: AnyUser | None,
    to_group: Group | None = None,
    is_example: bool = False,
) -> Proposal:
    """A preparing (or any non-deciding) group proposes; the proposal goes on the deciding
    group's next agenda."""
    group = meeting.group
    require_manager(user, group)
    require_not_cancelled(meeting)
    to_group = to_group or deciding_group_for(group)
    errors: dict[str, str] = {}
    if to_group is None:
        errors["to_group"] = _(
            "Kommunen har ingen grupp med beslutsmandat att ställa förslaget till."
        )
    elif to_group.municipality_id != group.municipality_id:
        errors["to_group"] = _("Valet finns inte i den här kommunen.")
    elif not to_group.may_decide:
        errors["to_group"] = _(
            "%(group)s har inget beslutsmandat; ställ förslaget till en beslutande grupp."
        ) % {"group": to_group.name}
    elif to_group.pk == group.pk:
        errors["to_group"] = _(
            "En grupp kan inte ställa förslag till sig själv; fatta beslutet i stället."
        )
    if not title.strip():
        errors["title"] = _("Ange en rubrik för förslaget.")
    if not text.strip():
        errors["text"] = _("Skriv förslaget.")
    if errors:
        raise ValidationError(errors)
    assert to_group is not None
    proposal = Proposal.objects.create(
        municipality=group.municipality,
        from_group=group,
        to_group=to_group,
        meeting=meeting,
        title=title.strip()[:200],
        text=text.strip(),
        is_example=is_example,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    # An example proposal of a past meeting goes to the decision that followed it back then.
    place_pending_proposals(to_group, after=meeting.ends_at if is_example else None)
    audit(
        municipality=group.municipality,
        user=user,
        action="proposal_created",
        obj=proposal,
        summary=f"{group.name} → {to_group.name}: {proposal.title}",
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user: AnyUser | None) -> Proposal:
    require_manager(user, proposal.from_group)
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("Bara ett förslag som väntar på beslut kan återtas."))
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status"])
    # Off every agenda that has not been locked yet.
    for item in proposal.agenda_items.select_related("meeting"):
        try:
            require_unlocked(item.meeting)
        except ValidationError:
            continue
        item.delete()
    audit(municipality=proposal.municipality, user=user, action="proposal_withdrawn", obj=proposal)
    return proposal
