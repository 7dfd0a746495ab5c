"""Reads across the meeting models: a meeting's agenda with its standing items filled in, open
commitments per group, organisation and person, and the meetings of a year."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from samverka.accounts.access import Access
from samverka.core import extensions
from samverka.meetings.models import (
    OPEN_COMMITMENT_STATUSES,
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Meeting,
    MeetingStatus,
    Minutes,
    Proposal,
    ProposalStatus,
)
from samverka.organisation.models import Group, Organisation, Person


def meetings_of_group(group: Group, year: int | None = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(group=group).select_related("group")
    return meetings.in_year(year) if year else meetings


def visible_meetings(access: Access, municipality_id: int) -> QuerySet[Meeting]:
    """Every meeting of the municipality the viewer may know of (SSPF meetings only to their
    members and the coordinators)."""
    meetings = Meeting.objects.filter(municipality_id=municipality_id).select_related("group")
    if access.is_coordinator:
        return meetings
    return meetings.filter(~Q(group__kind="sspf") | Q(group_id__in=access.group_ids))


def meetings_of_person(person: Person) -> QuerySet[Meeting]:
    """The meetings of every group the person sits in."""
    return Meeting.objects.filter(group__memberships__person=person).select_related("group")


def _status_at(moment: datetime) -> Coalesce:
    """A commitment's status at ``moment``, from its follow-up history: the last update before
    it; else open (every commitment is made open), or, for a row with no history at all, the
    status it has."""
    updates = CommitmentUpdate.objects.filter(commitment=OuterRef("pk"))
    last_before = updates.filter(at__lt=moment).order_by("-at", "-pk").values("status")[:1]
    return Coalesce(
        Subquery(last_before),
        Case(When(Exists(updates), then=Value(CommitmentStatus.OPEN)), default=F("status")),
        output_field=CharField(),
    )


def open_commitments_at(group: Group, moment: datetime) -> QuerySet[Commitment]:
    """The group's commitments that were made before ``moment`` and still open at ``moment``:
    what the meeting at ``moment`` follows up. A commitment carries over to every meeting until
    it is done or cancelled, and one done or cancelled later stays on the agendas before that,
    with its status then in ``status_then``."""
    return (
        Commitment.objects.filter(group=group, created_at__lt=moment)
        .annotate(status_then=_status_at(moment))
        .filter(status_then__in=OPEN_COMMITMENT_STATUSES)
        .select_related("owner_person", "owner_organisation")
        .order_by("due_date", "pk")
    )


def pending_proposals_to(group: Group) -> QuerySet[Proposal]:
    return Proposal.objects.filter(to_group=group, status=ProposalStatus.PENDING).select_related(
        "from_group"
    )


@dataclass
class AgendaEntry:
    item: AgendaItem
    number: str
    children: list[AgendaEntry] = field(default_factory=list)
    # Filled in for the standing items that fill themselves: the follow-up item (COMMITMENTS)
    # lists the open commitments and what the later apps' agenda sources bring (an overdue
    # follow-up of a measure …, samverka.core.extensions.register_agenda_source).
    commitments: list[Commitment] = field(default_factory=list)
    from_sources: list[extensions.AgendaEntry] = field(default_factory=list)


def _site_path(url: str) -> str:
    """A source's link, kept only when it is a path on this site (the PDF puts the site's
    address before it; a full address elsewhere or a ``javascript:`` link is dropped)."""
    return url if url.startswith("/") and not url.startswith("//") else ""


def source_entries(meeting: Meeting) -> list[extensions.AgendaEntry]:
    """What the registered agenda sources bring to ``meeting``'s follow-up item, in source
    order, each link a path on this site."""
    return [
        replace(entry, url=_site_path(entry.url)) for entry in extensions.agenda_entries(meeting)
    ]


@dataclass
class Agenda:
    meeting: Meeting
    entries: list[AgendaEntry]
    suggested: list[AgendaItem]
    today: date

    def flat(self) -> list[AgendaEntry]:
        return [e for entry in self.entries for e in (entry, *entry.children)]


def agenda_for(meeting: Meeting, *, include_suggested: bool = False) -> Agenda:
    """The numbered agenda (1, 2, 2.1 …) of accepted items, with the follow-up item listing the
    commitments open at the meeting's time, flagged when overdue, and what the other apps'
    agenda sources bring to the meeting (``AgendaEntry.from_sources``)."""
    items = list(
        meeting.agenda_items.select_related("proposal", "commitment", "document").order_by(
            "position", "pk"
        )
    )
    accepted = [i for i in items if i.status == AgendaItemStatus.ACCEPTED]
    children: dict[int, list[AgendaItem]] = {}
    for item in accepted:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
    commitments: list[Commitment] | None = None
    from_sources: list[extensions.AgendaEntry] | None = None
    entries = []
    for index, item in enumerate((i for i in accepted if i.parent_id is None), start=1):
        entry = AgendaEntry(item=item, number=str(index))
        entry.children = [
            AgendaEntry(item=child, number=f"{index}.{n}")
            for n, child in enumerate(children.get(item.pk, []), start=1)
        ]
        if item.kind == AgendaItemKind.COMMITMENTS:
            if commitments is None:
                commitments = list(open_commitments_at(meeting.group, meeting.starts_at))
                # Late as of the meeting's day, or today for a meeting still to come (what
                # is due before it may well be done by then).
                day = min(timezone.localdate(meeting.starts_at), timezone.localdate())
                for commitment in commitments:
                    # Shown as it stood at the meeting (display only, never saved): an old
                    # agenda keeps "Pågår" for what was done since, and "Försenat" only for
                    # what was late on that day.
                    commitment.status = commitment.status_then  # type: ignore[attr-defined]
                    commitment.overdue_then = commitment.is_overdue(day)  # type: ignore[attr-defined]
            entry.commitments = commitments
            if from_sources is None:
                from_sources = source_entries(meeting)
            entry.from_sources = from_sources
        entries.append(entry)
    suggested = (
        [i for i in items if i.status == AgendaItemStatus.SUGGESTED] if include_suggested else []
    )
    return Agenda(meeting=meeting, entries=entries, suggested=suggested, today=timezone.localdate())


def next_meeting(group: Group, after: datetime | None = None) -> Meeting | None:
    return (
        Meeting.objects.filter(group=group, starts_at__gte=after or timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .first()
    )


def proposal_goes_to(proposal: Proposal, now: datetime | None = None) -> Meeting | None:
    """The deciding group's coming meeting that takes up a pending proposal: the one whose
    agenda holds it, else the group's next meeting; None when the group has no meeting ahead
    (the proposal then waits for the next one to be planned)."""
    if proposal.status != ProposalStatus.PENDING:
        return None
    now = now or timezone.now()
    coming = Meeting.objects.filter(starts_at__gte=now).exclude(status=MeetingStatus.CANCELLED)
    on_agenda = (
        coming.filter(agenda_items__proposal=proposal).select_related("group").order_by("starts_at")
    )
    return on_agenda.first() or next_meeting(proposal.to_group, now)


def year_to_plan(group: Group) -> int:
    """The year a group with no coming meeting should plan: this one, unless its series for
    this year is already planned (and used up), then the next."""
    year = timezone.localdate().year
    planned = group.meeting_series.filter(year=year).exists()
    return year + 1 if planned else year


def minutes_versions(meeting: Meeting) -> list[Minutes]:
    return list(meeting.minutes_versions.order_by("version").prefetch_related("adjusters"))


def commitments_of_group(group: Group, *, open_only: bool = True) -> QuerySet[Commitment]:
    commitments = Commitment.objects.filter(group=group)
    return _for_list(commitments.open() if open_only else commitments)


def commitments_of_organisation(
    organisation: Organisation, *, open_only: bool = True
) -> QuerySet[Commitment]:
    commitments = Commitment.objects.filter(owner_organisation=organisation)
    return _for_list(commitments.open() if open_only else commitments)


def commitments_of_person(person: Person, *, open_only: bool = True) -> QuerySet[Commitment]:
    commitments = Commitment.objects.filter(owner_person=person)
    return _for_list(commitments.open() if open_only else commitments)


def visible_commitments(access: Access, municipality_id: int) -> QuerySet[Commitment]:
    commitments = Commitment.objects.filter(municipality_id=municipality_id)
    if not access.is_coordinator:
        commitments = commitments.filter(~Q(group__kind="sspf") | Q(group_id__in=access.group_ids))
    return _for_list(commitments)


def _for_list(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return commitments.select_related(
        "group", "owner_person", "owner_organisation", "meeting", "decision"
    ).order_by("due_date", "pk")
