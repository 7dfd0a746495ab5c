"""The notice (kallelse) by e-mail, with the meeting as a calendar file attached.

One message per member, so that nobody sees the others' addresses. The attachment is the same
VEVENT as in the feeds (same UID, rising SEQUENCE), so a calendar that already holds the meeting
updates it — a moved or cancelled meeting does not leave a stale copy behind.

The calendar file uses ``METHOD:PUBLISH``, not ``REQUEST``. iTIP's REQUEST (RFC 5546) needs an
ORGANIZER and an ATTENDEE per recipient, and makes Outlook, Gmail and Apple Mail show
accept/decline buttons whose answers go to the organiser's mailbox; samverka has no mailbox that
reads them, so an answer would vanish and the sender would believe it had been seen. With PUBLISH
the clients offer "add to calendar" and update the event by its UID — what a kallelse needs.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.core.validators import one_line
from samverka.lib.dates import week_label
from samverka.meetings import ics
from samverka.meetings.models import Meeting
from samverka.meetings.services._common import StateConflict
from samverka.organisation.models import Person

logger = logging.getLogger(__name__)

REASONS = ("notice", "acute", "cancelled")
# Swedish e-mails whatever the sender's interface language: the members read Swedish.
MAIL_LANGUAGE = "sv"


class NoticeRefused(StateConflict):
    """The notice cannot go out as the meeting stands (cancelled, over, or without a place);
    nothing is sent. The command skips the meeting and reports it; the API answers 409."""


def notice_problem(meeting: Meeting, reason: str = "notice") -> str:
    """Why the notice of ``meeting`` cannot be sent now, or "" when it can.

    A kallelse says when and where: every meeting has its time, but a place (or, for a meeting
    held online, a video link) may still be missing. A cancellation needs neither."""
    if reason == "cancelled":
        return ""
    if meeting.is_cancelled:
        return _("Mötet är inställt; ingen kallelse skickas.")
    if reason == "notice" and meeting.ends_at < timezone.now():
        return _("Mötet har redan ägt rum; ingen kallelse skickas.")
    if reason == "notice" and not meeting.has_place:
        return _(
            "Kallelsen skickas inte: mötet har ingen plats. Ange var mötet hålls, en plats eller "
            "en videolänk, under ”Flytta eller ändra mötet” och skicka sedan kallelsen."
        )
    return ""


@dataclass(frozen=True)
class Audience:
    with_mail: list[Person]
    without_mail: list[Person]


def notice_audience(meeting: Meeting) -> Audience:
    """The group's current members: those who get the notice by e-mail and those who cannot
    (no address, or a public contact who never gets mail from samverka)."""
    today = timezone.localdate()
    memberships = (
        meeting.group.memberships.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=meeting.starts_at.date()))
        .select_related("person")
        .order_by("person__name")
    )
    people = list({m.person_id: m.person for m in memberships}.values())
    return Audience(
        with_mail=[p for p in people if p.may_receive_mail],
        without_mail=[p for p in people if not p.may_receive_mail],
    )


def notice_recipients(meeting: Meeting) -> list[Person]:
    return notice_audience(meeting).with_mail


def _context(meeting: Meeting, person: Person, reason: str) -> dict[str, object]:
    local = timezone.localtime(meeting.starts_at)
    base = ics.base_url()
    # Every stored text made one line: a title with a line break must not break the subject
    # header or write lines of its own into the message (values from before it was refused).
    return {
        "meeting": meeting,
        "person": person,
        "reason": reason,
        "group": meeting.group,
        "title": one_line(meeting.display_title),
        "group_name": one_line(meeting.group.name),
        "person_name": one_line(person.name),
        "location": one_line(meeting.location),
        "trigger_note": one_line(meeting.trigger_note),
        "cancel_reason": one_line(meeting.cancel_reason),
        "day": date_format(local, "l j F Y"),
        "today": local.date() == timezone.localdate(),
        "week": week_label(local.date()),
        "start": date_format(local, "H.i"),
        "end": date_format(timezone.localtime(meeting.ends_at), "H.i"),
        "agenda": ics.agenda_lines(meeting),
        "url": base + ics.meeting_path(meeting),
        "base_url": base,
    }


def _message(meeting: Meeting, person: Person, reason: str, attachment: bytes) -> EmailMessage:
    context = _context(meeting, person, reason)
    subject = render_to_string(f"meetings/email/{reason}_subject.txt", context)
    body = render_to_string(f"meetings/email/{reason}_body.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    message.attach("mote.ics", attachment, "text/calendar; charset=utf-8; method=PUBLISH")
    return message


def send_notice(meeting: Meeting, *, reason: str, user: AnyUser | None = None) -> int:
    """E-mail the notice to every member with an address; returns how many messages went out.

    ``reason``: "notice" (the ordinary kallelse), "acute" (an acute meeting, subject "AKUT: …"),
    "cancelled". A notice that cannot go out as the meeting stands (cancelled, over, no place:
    ``notice_problem``) raises ``NoticeRefused`` and sends nothing. A mail server that fails is
    logged, not raised: the services call this after
    their commit, and the meeting is planned whether or not the mail got through (0 is returned
    and the ordinary notice stays unsent, for the next try)."""
    if reason not in REASONS:
        raise ValueError(f"unknown notice reason {reason!r}")
    meeting = Meeting.objects.select_related("group", "municipality").get(pk=meeting.pk)
    problem = notice_problem(meeting, reason)
    if problem:
        raise NoticeRefused(problem)
    recipients = []
    for person in notice_recipients(meeting):
        try:
            validate_email(person.email)
        except ValidationError:
            # An address from before it was checked (an old import): one bad address must not
            # stop the notice of the others (a line break in it would fail the whole batch).
            logger.warning(
                "Notice for meeting %s: person %s has an invalid address", meeting.pk, person.pk
            )
            continue
        recipients.append(person)
    if not recipients:
        return 0
    with translation.override(MAIL_LANGUAGE):
        attachment = ics.calendar_bytes(
            ics.with_agenda(Meeting.objects.filter(pk=meeting.pk)),
            name=ics.calendar_name(meeting.display_title, meeting.municipality.name),
            options=ics.EventOptions(base_url=ics.base_url(), for_members=True),
        )
        messages = [_message(meeting, person, reason, attachment) for person in recipients]
    try:
        sent = get_connection().send_messages(messages) or 0
    except (smtplib.SMTPException, OSError):
        logger.exception("Notice for meeting %s (%s) could not be sent", meeting.pk, reason)
        return 0
    if sent and reason in ("notice", "acute"):
        Meeting.objects.filter(pk=meeting.pk).update(notice_sent_at=timezone.now())
    audit(
        municipality=meeting.municipality,
        user=user,
        action=f"meeting_{reason}_sent",
        obj=meeting,
        summary=f"{meeting.display_title}: {reason}, {sent} mottagare",
    )
    return sent
