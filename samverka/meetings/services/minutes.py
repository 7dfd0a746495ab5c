"""Minutes: notes per agenda item, attendance per organisation, approval (justering) by named
members, after which the version is locked. A later change makes a new version; the old stays.

Everything here records what happened at a meeting, so none of it is taken before the meeting
has begun (``require_started``). An adjuster approves in person; an approval signed on paper is
recorded afterwards by a coordinator, with the day it was signed and who recorded it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import Access, AnyUser
from samverka.accounts.audit import audit
from samverka.meetings.models import (
    Approval,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesItemNote,
    MinutesStatus,
)
from samverka.meetings.services._common import (
    require_manager,
    require_not_cancelled,
    require_started,
)
from samverka.organisation.models import Organisation, Person


def minutes_current(meeting: Meeting) -> Minutes | None:
    return meeting.minutes_versions.order_by("-version").first()


def _require_draft(minutes: Minutes) -> None:
    if minutes.is_locked:
        raise ValidationError(
            _(
                "Version %(v)s av protokollet är justerad och kan inte ändras. Skapa en ny "
                "version om något behöver rättas; den justerade versionen finns kvar."
            )
            % {"v": minutes.version}
        )


@transaction.atomic
def minutes_start(*, meeting: Meeting, user: AnyUser | None) -> Minutes:
    """Open the minutes, with one attendance row per member (present until told otherwise)."""
    require_manager(user, meeting.group)
    require_not_cancelled(meeting)
    require_started(meeting, "minutes")
    if meeting.minutes_versions.exists():
        raise ValidationError(_("Mötet har redan ett protokoll."))
    minutes = Minutes.objects.create(
        meeting=meeting, created_by=user if user is not None and user.is_authenticated else None
    )
    memberships = meeting.group.memberships.select_related("person", "organisation")
    Attendance.objects.bulk_create(
        Attendance(
            minutes=minutes,
            person=m.person,
            organisation=m.organisation or m.person.organisation,
            status=AttendanceStatus.PRESENT,
        )
        for m in memberships
    )
    audit(municipality=meeting.municipality, user=user, action="minutes_started", obj=minutes)
    return minutes


@transaction.atomic
def minutes_update(
    *,
    minutes: Minutes,
    user: AnyUser | None,
    summary: str | None = None,
    notes: Mapping[int, str] | None = None,
) -> Minutes:
    """Write the general notes and the notes per agenda item (by item id; empty text removes)."""
    meeting = minutes.meeting
    require_manager(user, meeting.group)
    require_started(meeting, "minutes")
    _require_draft(minutes)
    if summary is not None:
        minutes.summary = summary.strip()
        minutes.save(update_fields=["summary", "updated_at"])
    if notes:
        item_ids = set(meeting.agenda_items.values_list("pk", flat=True))
        unknown = set(notes) - item_ids
        if unknown:
            raise ValidationError(_("Anteckningen hör till en punkt som inte finns på mötet."))
        # A few queries however many items the form sends (the example writes thousands).
        existing = {
            n.agenda_item_id: n for n in minutes.item_notes.filter(agenda_item_id__in=notes)
        }
        added, changed, removed = [], [], []
        for item_id, text in notes.items():
            note, text = existing.get(item_id), text.strip()
            if not text:
                if note is not None:
                    removed.append(note.pk)
            elif note is None:
                added.append(MinutesItemNote(minutes=minutes, agenda_item_id=item_id, text=text))
            elif note.text != text:
                note.text = text
                changed.append(note)
        if added:
            MinutesItemNote.objects.bulk_create(added)
        if changed:
            MinutesItemNote.objects.bulk_update(changed, ["text"])
        if removed:
            MinutesItemNote.objects.filter(pk__in=removed).delete()
    audit(municipality=meeting.municipality, user=user, action="minutes_updated", obj=minutes)
    return minutes


@dataclass(frozen=True)
class AttendanceRow:
    status: str
    organisation: Organisation | None = None
    person: Person | None = None
    substitute_name: str = ""


@transaction.atomic
def attendance_set(
    *, minutes: Minutes, rows: Iterable[AttendanceRow], user: AnyUser | None
) -> None:
    """Replace the attendance: present, absent, or a substitute (named) per organisation."""
    meeting = minutes.meeting
    require_manager(user, meeting.group)
    require_started(meeting, "attendance")
    _require_draft(minutes)
    rows = list(rows)
    errors = []
    for number, row in enumerate(rows, start=1):
        if row.status not in AttendanceStatus.values:
            errors.append(_("Rad %(n)s: okänd närvaro.") % {"n": number})
        if row.organisation is None and row.person is None:
            errors.append(_("Rad %(n)s: ange person eller aktör.") % {"n": number})
        for obj in (row.organisation, row.person):
            if obj is not None and obj.municipality_id != meeting.municipality_id:
                errors.append(_("Rad %(n)s: valet finns inte i den här kommunen.") % {"n": number})
        if row.status == AttendanceStatus.SUBSTITUTE and not row.substitute_name.strip():
            errors.append(_("Rad %(n)s: skriv ersättarens namn.") % {"n": number})
    if errors:
        raise ValidationError(errors)
    minutes.attendance.all().delete()
    Attendance.objects.bulk_create(
        Attendance(
            minutes=minutes,
            organisation=row.organisation,
            person=row.person,
            status=row.status,
            substitute_name=row.substitute_name.strip()
            if row.status == AttendanceStatus.SUBSTITUTE
            else "",
        )
        for row in rows
    )
    audit(municipality=meeting.municipality, user=user, action="attendance_set", obj=minutes)


@transaction.atomic
def minutes_set_adjusters(
    *, minutes: Minutes, adjusters: Iterable[Person], user: AnyUser | None
) -> None:
    """Name the members who approve (justerar) the minutes."""
    meeting = minutes.meeting
    require_manager(user, meeting.group)
    require_started(meeting, "minutes")
    _require_draft(minutes)
    adjusters = list(adjusters)
    member_ids = set(meeting.group.memberships.values_list("person_id", flat=True))
    outsiders = [p.name for p in adjusters if p.pk not in member_ids]
    if outsiders:
        raise ValidationError(
            {
                "adjusters": _("Justerare måste vara med i gruppen: %(names)s")
                % {"names": ", ".join(outsiders)}
            }
        )
    minutes.adjusters.set(adjusters)
    minutes.approvals.all().delete()
    audit(municipality=meeting.municipality, user=user, action="adjusters_set", obj=minutes)


@transaction.atomic
def minutes_approve(
    *, minutes: Minutes, person: Person, user: AnyUser | None, at: datetime | None = None
) -> Minutes:
    """One adjuster approves; when every named adjuster has, the version is locked.

    ``at`` (default: now) lets the example date the approvals of its past meetings."""
    meeting = minutes.meeting
    _require_draft(minutes)
    require_started(meeting, "approval")
    if not minutes.adjusters.filter(pk=person.pk).exists():
        raise ValidationError(
            _("%(name)s är inte utsedd att justera protokollet.") % {"name": person}
        )
    # Justering is personal: nobody approves on someone else's behalf, not even a coordinator.
    if user is not None and person.user_id != user.pk:
        raise PermissionDenied(
            _("Bara %(name)s själv kan justera med sitt namn.") % {"name": person}
        )
    when = at or timezone.now()
    Approval.objects.get_or_create(
        minutes=minutes, person=person, defaults={"approved_at": when, "recorded_at": when}
    )
    audit(
        municipality=meeting.municipality,
        user=user,
        action="minutes_approved_by",
        obj=minutes,
        summary=f"{minutes} justerat av {person}",
    )
    _lock_when_complete(minutes, user)
    return minutes


def _lock_when_complete(minutes: Minutes, user: AnyUser | None) -> None:
    """Lock the version once every named adjuster has approved; the meeting is then held (it
    has started: no approval is taken before)."""
    meeting = minutes.meeting
    if minutes.adjusters.exclude(pk__in=minutes.approvals.values("person_id")).exists():
        return
    last = minutes.approvals.order_by("-approved_at").values_list("approved_at", flat=True)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = last.first() or timezone.now()
    minutes.save(update_fields=["status", "approved_at", "updated_at"])
    if meeting.status == MeetingStatus.PLANNED and meeting.has_started():
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status", "updated_at"])
    audit(municipality=meeting.municipality, user=user, action="minutes_locked", obj=minutes)


def paper_approval_moment(meeting: Meeting, day: date) -> datetime:
    """The moment stored for an approval signed on paper on ``day``: midday, but never before
    the meeting began nor after now (the day is what counts and what is shown)."""
    moment = timezone.make_aware(datetime.combine(day, time(12, 0)))
    return min(max(moment, meeting.starts_at), timezone.now())


@transaction.atomic
def minutes_record_paper_approval(
    *, minutes: Minutes, people: Iterable[Person], approved_on: date, user: AnyUser | None
) -> Minutes:
    """Record that named adjusters approved (justerade) the minutes on paper on ``approved_on``.

    Only a coordinator records it, for the adjusters who signed the printed minutes: who, when
    and who recorded it are kept and audited. It counts as their approval, so the version locks
    when every adjuster has approved, on paper or in samverka."""
    meeting = minutes.meeting
    if user is not None and not Access.for_user(user, meeting.municipality).is_coordinator:
        raise PermissionDenied(
            _("Bara kommunens samordnare kan registrera en justering som gjorts på papper.")
        )
    _require_draft(minutes)
    require_started(meeting, "approval")
    people = list(people)
    errors: dict[str, str] = {}
    adjuster_ids = set(minutes.adjusters.values_list("pk", flat=True))
    approved_ids = set(minutes.approvals.values_list("person_id", flat=True))
    if not people:
        errors["people"] = _("Välj vem eller vilka som justerade på papper.")
    elif outsiders := [p.name for p in people if p.pk not in adjuster_ids]:
        errors["people"] = _("Inte utsedd att justera protokollet: %(names)s") % {
            "names": ", ".join(outsiders)
        }
    elif done := [p.name for p in people if p.pk in approved_ids]:
        errors["people"] = _("Har redan justerat: %(names)s") % {"names": ", ".join(done)}
    today = timezone.localdate()
    if approved_on > today:
        errors["approved_on"] = _("Justeringen kan inte vara gjord i framtiden.")
    elif approved_on < timezone.localdate(meeting.starts_at):
        errors["approved_on"] = _("Protokollet kan inte ha justerats före mötet.")
    if errors:
        raise ValidationError(errors)
    at = paper_approval_moment(meeting, approved_on)
    recorder = user if user is not None and user.is_authenticated else None
    for person in people:
        Approval.objects.create(
            minutes=minutes, person=person, approved_at=at, on_paper=True, recorded_by=recorder
        )
    names = ", ".join(p.name for p in people)
    audit(
        municipality=meeting.municipality,
        user=user,
        action="minutes_approved_on_paper",
        obj=minutes,
        summary=f"{minutes} justerat på papper {approved_on.isoformat()} av {names}",
    )
    _lock_when_complete(minutes, user)
    return minutes


@transaction.atomic
def minutes_new_version(*, minutes: Minutes, reason: str, user: AnyUser | None) -> Minutes:
    """Start a new draft from an approved version, to be approved again."""
    meeting = minutes.meeting
    require_manager(user, meeting.group)
    require_started(meeting, "minutes")
    latest = minutes_current(meeting)
    if latest is None or latest.pk != minutes.pk:
        raise ValidationError(_("Det finns redan en nyare version av protokollet."))
    if not minutes.is_locked:
        raise ValidationError(_("Utkastet kan ändras direkt; en ny version behövs inte."))
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv varför protokollet ändras.")})
    new = Minutes.objects.create(
        meeting=meeting,
        version=minutes.version + 1,
        summary=minutes.summary,
        change_reason=reason.strip()[:300],
        created_by=user if user is not None and user.is_authenticated else None,
    )
    new.adjusters.set(minutes.adjusters.all())
    MinutesItemNote.objects.bulk_create(
        MinutesItemNote(minutes=new, agenda_item_id=n.agenda_item_id, text=n.text)
        for n in minutes.item_notes.all()
    )
    Attendance.objects.bulk_create(
        Attendance(
            minutes=new,
            organisation_id=a.organisation_id,
            person_id=a.person_id,
            status=a.status,
            substitute_name=a.substitute_name,
        )
        for a in minutes.attendance.all()
    )
    audit(municipality=meeting.municipality, user=user, action="minutes_new_version", obj=new)
    return new
