"""Commitments (åtaganden): made at a meeting (from a decision or an agenda item), owned by a
person and an organisation, followed up at every meeting of the responsible group until done."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import Access, AnyUser
from samverka.accounts.audit import audit
from samverka.meetings.access import may_update_commitment
from samverka.meetings.models import (
    AgendaItem,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Decision,
    Meeting,
)
from samverka.meetings.services._common import require_manager
from samverka.organisation.models import Group, Organisation, Person


@transaction.atomic
def commitment_create(
    *,
    title: str,
    user: AnyUser | None,
    meeting: Meeting | None = None,
    group: Group | None = None,
    decision: Decision | None = None,
    origin_item: AgendaItem | None = None,
    owner_person: Person | None = None,
    owner_organisation: Organisation | None = None,
    due_date: date | None = None,
    description: str = "",
    is_example: bool = False,
) -> Commitment:
    """Record a commitment. The responsible group (whose agendas follow it up) defaults to the
    meeting's group; a steering group may hand it to a working group."""
    if decision is not None and meeting is None:
        meeting = decision.meeting
    group = group or (meeting.group if meeting is not None else None)
    errors: dict[str, str] = {}
    if group is None:
        raise ValidationError({"group": _("Ange vilken grupp som följer upp åtagandet.")})
    require_manager(user, meeting.group if meeting is not None else group)
    municipality = group.municipality
    for field, obj in (
        ("meeting", meeting),
        ("owner_person", owner_person),
        ("owner_organisation", owner_organisation),
    ):
        if obj is not None and obj.municipality_id != municipality.pk:
            errors[field] = _("Valet finns inte i den här kommunen.")
    if decision is not None and meeting is not None and decision.meeting_id != meeting.pk:
        errors["decision"] = _("Beslutet är fattat på ett annat möte.")
    if origin_item is not None and (meeting is None or origin_item.meeting_id != meeting.pk):
        errors["origin_item"] = _("Punkten hör till ett annat möte.")
    if not title.strip():
        errors["title"] = _("Skriv vad som ska göras.")
    if owner_person is None and owner_organisation is None:
        errors["owner_person"] = _("Ange vem som ansvarar: en person, en aktör eller båda.")
    if due_date is not None and meeting is not None and due_date < meeting.starts_at.date():
        errors["due_date"] = _("Slutdatumet ligger före mötet.")
    if errors:
        raise ValidationError(errors)
    if owner_organisation is None and owner_person is not None:
        owner_organisation = owner_person.organisation
    commitment = Commitment.objects.create(
        municipality=municipality,
        group=group,
        meeting=meeting,
        decision=decision,
        origin_item=origin_item,
        title=title.strip()[:300],
        description=description.strip(),
        owner_person=owner_person,
        owner_organisation=owner_organisation,
        due_date=due_date,
        is_example=is_example,
        created_by=user if user is not None and user.is_authenticated else None,
        created_at=meeting.ends_at if meeting is not None and is_example else timezone.now(),
    )
    audit(municipality=municipality, user=user, action="commitment_created", obj=commitment)
    return commitment


@transaction.atomic
def commitment_update(
    *,
    commitment: Commitment,
    status: str,
    user: AnyUser | None,
    note: str = "",
    meeting: Meeting | None = None,
    due_date: date | None = None,
    at: datetime | None = None,
) -> Commitment:
    """Follow up: a new status (and optionally a new due date) with a note, kept as history."""
    if user is not None:
        access = Access.for_user(user, commitment.municipality)
        if not may_update_commitment(access, commitment):
            raise PermissionDenied(
                _(
                    "Bara den ansvariga, gruppens ordförande, sammankallande eller sekreterare "
                    "och kommunens samordnare kan följa upp åtagandet."
                )
            )
    if status not in CommitmentStatus.values:
        raise ValidationError({"status": _("Okänd status.")})
    if meeting is not None and meeting.group_id != commitment.group_id:
        raise ValidationError({"meeting": _("Mötet hör till en annan grupp.")})
    when = at or timezone.now()
    commitment.status = status
    commitment.done_at = when if status == CommitmentStatus.DONE else None
    if due_date is not None:
        commitment.due_date = due_date
    commitment.save()
    CommitmentUpdate.objects.create(
        commitment=commitment,
        meeting=meeting,
        status=status,
        note=note.strip(),
        by=user if user is not None and user.is_authenticated else None,
        at=when,
    )
    audit(
        municipality=commitment.municipality,
        user=user,
        action="commitment_updated",
        obj=commitment,
        summary=f"{commitment.title}: {commitment.get_status_display()}",
    )
    return commitment
