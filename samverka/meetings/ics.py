"""Meetings as iCalendar (RFC 5545): a group's meetings, a person's meetings, one meeting.

The same builder serves the subscription feeds, the downloads, the CLI and the notice e-mail:

- Times are written with ``TZID=Europe/Stockholm`` and the calendar carries a matching VTIMEZONE
  (from icalendar's tz database, covering the events' years), so a meeting at 09.00 stays at 09.00
  across daylight saving time in every client.
- ``UID`` is the meeting's own UUID and ``SEQUENCE`` rises with every change clients must pick up,
  so a moved or cancelled meeting updates the event a client already has instead of adding one.
- Names and titles stored before line breaks were refused (or typed in the admin) are made one
  line here: a newline in a property such as X-WR-CALNAME is not escaped by icalendar and used
  to make every feed of the group a 500.
- Need-to-know: the description holds the agenda titles (open to everyone who sees the meeting),
  never the minutes; the video link only when the viewer may see it (members, coordinators).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from samverka.accounts.access import Access
from samverka.core.validators import one_line
from samverka.meetings.models import AgendaItem, AgendaItemStatus, Meeting, MeetingStatus

TZID = "Europe/Stockholm"
PRODID = "-//samverka//Möten//SV"
UID_DOMAIN = "samverka"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often a subscribed client should fetch the feed again (RFC 7986 and the common X- form).
REFRESH = timedelta(hours=1)


def base_url() -> str:
    """Where links point when there is no request to ask (CLI, e-mail)."""
    return str(getattr(settings, "SAMVERKA_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def meeting_path(meeting: Meeting) -> str:
    return reverse(
        "meetings:detail", kwargs={"municipality": meeting.municipality.slug, "pk": meeting.pk}
    )


def with_agenda(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings with what an event needs loaded up front (no query per meeting)."""
    accepted = AgendaItem.objects.filter(status=AgendaItemStatus.ACCEPTED).order_by(
        "position", "pk"
    )
    return meetings.select_related("group", "municipality").prefetch_related(
        Prefetch("agenda_items", queryset=accepted, to_attr="ics_agenda")
    )


def agenda_lines(meeting: Meeting) -> list[str]:
    """The accepted agenda titles numbered as on the agenda page (1, 2, 2.1 …)."""
    items: list[AgendaItem] = getattr(meeting, "ics_agenda", None) or list(
        meeting.agenda_items.filter(status=AgendaItemStatus.ACCEPTED).order_by("position", "pk")
    )
    children: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
    lines = []
    top = [i for i in items if i.parent_id is None]
    for number, item in enumerate(top, start=1):
        lines.append(f"{number}. {one_line(item.title)}")
        for sub, child in enumerate(children.get(item.pk, []), start=1):
            lines.append(f"  {number}.{sub} {one_line(child.title)}")
    return lines


@dataclass(frozen=True)
class EventOptions:
    """Who the calendar is for and where its links point."""

    base_url: str
    # None: nobody in particular (a file from the CLI): no video links.
    viewer: Access | None = None
    # The notice e-mail goes to the group's own members, who may have the video link.
    for_members: bool = False

    def shows_video_link(self, meeting: Meeting) -> bool:
        if self.for_members:
            return True
        return self.viewer is not None and self.viewer.sees_internals(meeting.group_id)


def _summary(meeting: Meeting) -> str:
    title = one_line(meeting.display_title)
    if meeting.is_cancelled:
        # Clients that ignore STATUS (several do) still say it.
        return _("Inställt: %(title)s") % {"title": title}
    return title


def _description(meeting: Meeting, options: EventOptions, url: str) -> str:
    parts: list[str] = []
    if meeting.is_cancelled:
        reason = meeting.cancel_reason or _("inget skäl angivet")
        parts.append(_("Mötet är inställt (%(reason)s).") % {"reason": one_line(reason)})
    if meeting.is_acute:
        trigger = meeting.get_trigger_display()
        note = f": {one_line(meeting.trigger_note)}" if meeting.trigger_note else ""
        parts.append(_("Akut möte med anledning av %(trigger)s") % {"trigger": trigger} + note)
    if meeting.video_url and options.shows_video_link(meeting):
        parts.append(_("Videolänk: %(url)s") % {"url": one_line(meeting.video_url)})
    lines = agenda_lines(meeting)
    if lines:
        parts.append(_("Dagordning:") + "\n" + "\n".join(lines))
    parts.append(_("Mötessidan: %(url)s") % {"url": url})
    return "\n\n".join(parts)


def meeting_event(meeting: Meeting, options: EventOptions, *, stamp: datetime) -> Event:
    """One VEVENT for one meeting."""
    tz = ZoneInfo(TZID)
    url = options.base_url + meeting_path(meeting)
    event = Event()
    event.add("uid", f"{meeting.uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at.astimezone(tz))
    event.add("dtend", meeting.ends_at.astimezone(tz))
    event.add("summary", _summary(meeting))
    if meeting.location:
        event.add("location", one_line(meeting.location))
    event.add("description", _description(meeting, options, url))
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    event.add("sequence", meeting.sequence)
    categories = [one_line(meeting.group.name)]
    if meeting.is_acute:
        categories.append(str(_("Akut möte")))
    event.add("categories", categories)
    event.add("created", meeting.created_at.astimezone(ZoneInfo("UTC")))
    event.add("last-modified", meeting.updated_at.astimezone(ZoneInfo("UTC")))
    return event


def _timezone_for(meetings: list[Meeting]) -> Timezone:
    """Europe/Stockholm's VTIMEZONE for the years the events fall in (and a margin after)."""
    today = timezone.localdate()
    years = [m.starts_at.year for m in meetings] or [today.year]
    first = date(min(*years, today.year) - 1, 1, 1)
    last = date(max(*years, today.year) + 2, 1, 1)
    return Timezone.from_tzid(TZID, first_date=first, last_date=last)


def build_calendar(
    meetings: Iterable[Meeting],
    *,
    name: str,
    options: EventOptions,
    method: str = "PUBLISH",
    feed: bool = False,
) -> Calendar:
    """A VCALENDAR of ``meetings``; ``feed`` adds the refresh interval for subscriptions."""
    meetings = list(meetings)
    name = one_line(name)
    stamp = timezone.now().replace(microsecond=0).astimezone(ZoneInfo("UTC"))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-timezone", TZID)
    if feed:
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH)
    calendar.add_component(_timezone_for(meetings))
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, options, stamp=stamp))
    return calendar


def calendar_bytes(
    meetings: Iterable[Meeting],
    *,
    name: str,
    options: EventOptions,
    method: str = "PUBLISH",
    feed: bool = False,
) -> bytes:
    """The calendar as the bytes of an .ics file (UTF-8, CRLF, lines folded at 75 octets)."""
    return build_calendar(meetings, name=name, options=options, method=method, feed=feed).to_ical()


def calendar_name(title: str, municipality_name: str) -> str:
    """ "Styrgruppen – Testby kommun": the name a client shows for the calendar."""
    return f"{title} – {municipality_name}"
