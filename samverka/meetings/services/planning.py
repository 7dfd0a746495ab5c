"""Planning meetings: a year's series from the cadence, single and acute meetings, moving and
cancelling. Members hear of acute meetings and cancellations at once (after commit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.core.validators import SINGLE_LINE_MESSAGE, has_control_characters
from samverka.lib.meeting_dates import PlanOptions, interval_dates, spread_dates
from samverka.meetings.models import (
    AcuteTrigger,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
)
from samverka.meetings.services._common import (
    StateConflict,
    require_manager,
    require_not_cancelled,
)
from samverka.meetings.services.agenda import agenda_build
from samverka.meetings.services.decisions import place_pending_proposals
from samverka.organisation.models import Cadence, Group

DEFAULT_START = time(9, 0)
DEFAULT_DURATION = timedelta(hours=2)
ACUTE_LEAD_TIME = timedelta(hours=2)
# Fields whose change calendar clients must pick up (RFC 5545 SEQUENCE).
SCHEDULE_FIELDS = ("starts_at", "ends_at", "location", "video_url", "status", "title")


def _send(meeting: Meeting, reason: str) -> None:
    from samverka.meetings.notifications import send_notice

    send_notice(meeting, reason=reason)


def _notify(meeting: Meeting, reason: str) -> None:
    # After commit: nobody is told of a meeting that a failed transaction never created.
    transaction.on_commit(lambda: _send(meeting, reason))


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def plan_dates(group: Group, year: int, options: PlanOptions) -> list[date]:
    """The days the group's cadence gives for ``year`` (empty for a custom cadence)."""
    if group.cadence == Cadence.TIMES_PER_YEAR and group.meetings_per_year:
        return spread_dates(year, group.meetings_per_year, options)
    if group.cadence == Cadence.EVERY_N_WEEKS and group.interval_weeks:
        return interval_dates(year, group.interval_weeks, options)
    return []


@transaction.atomic
def series_plan(
    *,
    group: Group,
    year: int,
    user: AnyUser | None,
    start: time = DEFAULT_START,
    duration: timedelta = DEFAULT_DURATION,
    location: str = "",
    skip_summer: bool | None = None,
    skip_christmas: bool = True,
    custom_dates: Sequence[date] = (),
    is_example: bool = False,
) -> MeetingSeries:
    """Create the group's ordinary meetings for ``year`` from its cadence (or from
    ``custom_dates`` for a custom cadence), each with the group's standing agenda."""
    require_manager(user, group)
    _check_single_line(location=location)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Ange ett år mellan 2000 och 2100.")})
    if duration <= timedelta(0):
        raise ValidationError({"duration": _("Mötet måste vara längre än noll minuter.")})
    existing = MeetingSeries.objects.filter(group=group, year=year).first()
    if existing is not None:
        raise ValidationError(
            _("%(group)s har redan en planerad mötesserie för %(year)s (%(n)s möten).")
            % {"group": group.name, "year": year, "n": existing.meetings.count()}
        )
    options = PlanOptions(
        weekday=group.meeting_weekday or PlanOptions.weekday,
        skip_summer=skip_summer,
        skip_christmas=skip_christmas,
    )
    days = sorted(set(custom_dates)) if custom_dates else plan_dates(group, year, options)
    if not days:
        raise ValidationError(
            _(
                "%(group)s har ingen regelbunden mötesfrekvens. Ange mötesdagarna själv, eller "
                "ange gruppens mötesfrekvens först."
            )
            % {"group": group.name}
        )
    if any(day.year != year for day in days):
        raise ValidationError({"custom_dates": _("Alla mötesdagar måste ligga i %s.") % year})
    series = MeetingSeries.objects.create(
        group=group,
        year=year,
        skip_summer=skip_summer,
        skip_christmas=skip_christmas,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    for day in days:
        starts = _aware(day, start)
        meeting = Meeting.objects.create(
            municipality=group.municipality,
            group=group,
            series=series,
            kind=MeetingKind.ORDINARY,
            starts_at=starts,
            ends_at=starts + duration,
            location=location,
            is_example=is_example,
            created_by=series.created_by,
        )
        agenda_build(meeting)
    place_pending_proposals(group)
    audit(
        municipality=group.municipality,
        user=user,
        action="meeting_series_planned",
        obj=series,
        summary=f"{group.name} {year}: {len(days)} möten",
    )
    return series


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Mötet måste sluta efter att det har börjat.")})
    if ends_at - starts_at > timedelta(days=2):
        raise ValidationError({"ends_at": _("Ett möte kan inte vara längre än två dygn.")})


def _check_single_line(**fields: str) -> None:
    """A title or place goes into calendar files and e-mail subjects: one line only."""
    errors = {
        name: SINGLE_LINE_MESSAGE for name, value in fields.items() if has_control_characters(value)
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(
    *,
    group: Group,
    starts_at: datetime,
    ends_at: datetime,
    user: AnyUser | None,
    kind: str = MeetingKind.EXTRA,
    title: str = "",
    location: str = "",
    video_url: str = "",
    is_example: bool = False,
) -> Meeting:
    """A single meeting outside the series (an extra meeting, or one of a custom cadence)."""
    require_manager(user, group)
    _check_times(starts_at, ends_at)
    if kind == MeetingKind.ACUTE:
        raise ValidationError(_("Ett akut möte kallas in med funktionen för akuta möten."))
    _check_single_line(title=title, location=location)
    meeting = Meeting.objects.create(
        municipality=group.municipality,
        group=group,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        video_url=video_url,
        is_example=is_example,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    agenda_build(meeting)
    place_pending_proposals(group)
    audit(municipality=group.municipality, user=user, action="meeting_created", obj=meeting)
    return meeting


@transaction.atomic
def meeting_convene_acute(
    *,
    group: Group,
    trigger: str,
    user: AnyUser | None,
    trigger_note: str = "",
    starts_at: datetime | None = None,
    duration: timedelta = timedelta(hours=1),
    location: str = "",
    video_url: str = "",
    notify: bool = True,
    is_example: bool = False,
) -> Meeting:
    """Convene an acute meeting (after a shooting, an explosion, social unrest …) within hours,
    and notify every member at once."""
    require_manager(user, group)
    if trigger not in AcuteTrigger.values:
        raise ValidationError({"trigger": _("Ange vad som har hänt.")})
    if trigger == AcuteTrigger.OTHER and not trigger_note.strip():
        raise ValidationError({"trigger_note": _("Beskriv kort vad som har hänt.")})
    starts = starts_at or timezone.now() + ACUTE_LEAD_TIME
    _check_times(starts, starts + duration)
    _check_single_line(location=location)
    meeting = Meeting.objects.create(
        municipality=group.municipality,
        group=group,
        kind=MeetingKind.ACUTE,
        trigger=trigger,
        trigger_note=trigger_note.strip(),
        starts_at=starts,
        ends_at=starts + duration,
        location=location,
        video_url=video_url,
        is_example=is_example,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    agenda_build(meeting)
    audit(
        municipality=group.municipality,
        user=user,
        action="meeting_acute_convened",
        obj=meeting,
        summary=f"{group.name}: {meeting.get_trigger_display()}",
    )
    if notify:
        _notify(meeting, "acute")
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, user: AnyUser | None, **changes: Any) -> Meeting:
    """Move a meeting, or give it a title, a place or a video link."""
    require_manager(user, meeting.group)
    require_not_cancelled(meeting)
    allowed = {"starts_at", "ends_at", "title", "location", "video_url"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("Okända fält: %s") % ", ".join(sorted(unknown)))
    before = {f: getattr(meeting, f) for f in SCHEDULE_FIELDS}
    for field, value in changes.items():
        setattr(meeting, field, value)
    _check_times(meeting.starts_at, meeting.ends_at)
    # Minutes and decisions say the meeting took place: it cannot move to a time still ahead.
    if not meeting.has_started() and (
        meeting.minutes_versions.exists() or meeting.decisions.exists()
    ):
        raise StateConflict(
            {
                "starts_at": _(
                    "Mötet har protokoll eller beslut och har alltså redan ägt rum: det kan inte "
                    "flyttas till en tid som inte har kommit än."
                )
            }
        )
    meeting.full_clean(exclude=["group", "municipality", "series", "created_by"])
    if any(getattr(meeting, f) != before[f] for f in SCHEDULE_FIELDS):
        meeting.sequence = F("sequence") + 1
    meeting.save()
    meeting.refresh_from_db()
    audit(municipality=meeting.municipality, user=user, action="meeting_updated", obj=meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, user: AnyUser | None, reason: str = "") -> Meeting:
    """Cancel a meeting; its proposals move to the group's next meeting; members are told."""
    require_manager(user, meeting.group)
    require_not_cancelled(meeting)
    if meeting.minutes_versions.exists():
        raise ValidationError(_("Mötet har ett protokoll och kan inte ställas in."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason.strip()
    meeting.sequence = F("sequence") + 1
    meeting.save()
    meeting.refresh_from_db()
    # Proposals waiting on this agenda go to the next meeting instead.
    meeting.agenda_items.filter(proposal__isnull=False).delete()
    place_pending_proposals(meeting.group)
    audit(municipality=meeting.municipality, user=user, action="meeting_cancelled", obj=meeting)
    _notify(meeting, "cancelled")
    return meeting
