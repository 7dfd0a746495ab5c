"""The notice (kallelse) by e-mail: one message per member with an address, the meeting as a
calendar file attached; acute meetings and cancellations are sent at once by the services."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World, make_membership, make_person
from samverka.meetings import services
from samverka.meetings.models import AcuteTrigger, Meeting
from samverka.meetings.notifications import send_notice
from samverka.meetings.tests.test_ics import assert_valid_ics
from samverka.organisation.models import MembershipRole

pytestmark = pytest.mark.usefixtures("_locmem_mail")


@pytest.fixture
def _locmem_mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SAMVERKA_BASE_URL = "https://samverka.example.se"


def _meeting(world: World, days: int = 7, **extra) -> Meeting:  # type: ignore[no-untyped-def]
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days)
    extra.setdefault("location", "Stadshuset")  # a notice says where (and is refused without)
    return services.meeting_create(
        group=world.steering,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        user=None,
        **extra,
    )


def _members(world: World) -> None:
    """Styrgruppen: bob (bob@example.org), anna with an address, a public contact, and
    someone without an address."""
    make_membership(world.steering, make_person(world.testby, "Anna Al", email="anna@example.org"))
    make_membership(
        world.steering,
        make_person(world.testby, "Kontakt", email="info@example.org", is_public_contact=True),
    )
    make_membership(world.steering, make_person(world.testby, "Utan Adress"))


def _attachment(message: mail.EmailMessage) -> tuple[str, bytes, str]:
    (attachment,) = message.attachments
    name, content, mimetype = attachment  # type: ignore[misc]
    return name, content if isinstance(content, bytes) else content.encode(), mimetype


class TestSendNotice:
    def test_every_member_with_an_address_gets_one_message(self, world: World) -> None:
        _members(world)
        meeting = _meeting(world, location="Stadshuset", video_url="https://video.example.se/x")
        assert send_notice(meeting, reason="notice") == 2
        assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bob@example.org"]
        assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
        meeting.refresh_from_db()
        assert meeting.notice_sent_at is not None

    def test_the_message_is_swedish_and_carries_the_calendar_file(self, world: World) -> None:
        meeting = _meeting(world, location="Stadshuset", video_url="https://video.example.se/x")
        send_notice(meeting, reason="notice")
        (message,) = mail.outbox
        local = timezone.localtime(meeting.starts_at)
        assert message.subject.startswith("Kallelse: Styrgruppen ")
        assert f"kl. {local:%H.%M}" in message.subject
        assert f"(v. {local.isocalendar().week})" in message.subject
        assert "Hej Bob Berg" in message.body
        assert "Plats:    Stadshuset" in message.body
        assert "https://video.example.se/x" in message.body  # members get the video link
        assert "1. Mötets öppnande och val av justerare" in message.body
        assert f"https://samverka.example.se/k/testby/moten/{meeting.pk}/" in message.body
        name, content, mimetype = _attachment(message)
        assert name == "mote.ics"
        assert mimetype.startswith("text/calendar")
        assert "method=PUBLISH" in mimetype
        calendar = assert_valid_ics(content)
        (event,) = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"{meeting.uid}@samverka"
        assert "https://video.example.se/x" in str(event["DESCRIPTION"])

    def test_an_acute_meeting_is_sent_at_once_with_akut_in_the_subject(
        self, world: World, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            meeting = services.meeting_convene_acute(
                group=world.steering,
                trigger=AcuteTrigger.SHOOTING,
                trigger_note="Skottlossning vid torget",
                user=world.bob,
            )
        (message,) = mail.outbox
        assert message.subject.startswith("AKUT: Möte i Styrgruppen")
        assert "skjutning" in message.subject
        assert "Skottlossning vid torget" in message.body
        assert_valid_ics(_attachment(message)[1])
        meeting.refresh_from_db()
        assert meeting.notice_sent_at is not None

    def test_a_cancellation_is_sent_at_once_and_cancels_the_event(
        self, world: World, django_capture_on_commit_callbacks
    ) -> None:
        meeting = _meeting(world)
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_cancel(meeting=meeting, user=world.alice, reason="Sjukdom")
        (message,) = mail.outbox
        assert message.subject.startswith("Inställt: Styrgruppen")
        assert "INSTÄLLT" in message.body
        assert "Skäl: Sjukdom" in message.body
        (event,) = assert_valid_ics(_attachment(message)[1]).walk("VEVENT")
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] == 1

    def test_the_text_is_plain_not_html_escaped(self, world: World) -> None:
        meeting = _meeting(world, title="Trygghet & skola <nu>", location="Hus A & B")
        send_notice(meeting, reason="notice")
        (message,) = mail.outbox
        assert "Trygghet & skola <nu>" in message.subject
        assert "Hus A & B" in message.body
        assert "&amp;" not in f"{message.subject} {message.body}"
        assert "\n\n\n" not in message.body

    def test_no_notice_for_a_cancelled_or_past_meeting(self, world: World) -> None:
        meeting = _meeting(world)
        services.meeting_cancel(meeting=meeting, user=None)
        with pytest.raises(ValidationError):
            send_notice(meeting, reason="notice")
        with pytest.raises(ValidationError):
            send_notice(_meeting(world, days=-3), reason="notice")
        assert mail.outbox == []

    def test_a_failing_mail_server_is_logged_not_raised(self, world: World) -> None:
        meeting = _meeting(world)
        with mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=smtplib.SMTPServerDisconnected("borta"),
        ):
            assert send_notice(meeting, reason="notice") == 0
        meeting.refresh_from_db()
        assert meeting.notice_sent_at is None  # tried again next time

    def test_an_unknown_reason_is_a_programming_error(self, world: World) -> None:
        with pytest.raises(ValueError, match="unknown notice reason"):
            send_notice(_meeting(world), reason="påminnelse")


class TestNoticeSendPage:
    def _url(self, meeting: Meeting) -> str:
        return reverse("meetings:notice_send", kwargs={"municipality": "testby", "pk": meeting.pk})

    def test_the_chair_sends_the_notice(self, world: World, client: Client) -> None:
        meeting = _meeting(world)
        client.force_login(world.bob)
        response = client.post(self._url(meeting), follow=True)
        assert response.status_code == 200
        assert "Kallelsen är skickad till 1 medlem." in response.content.decode()
        assert len(mail.outbox) == 1
        assert AuditEvent.objects.filter(action="meeting_notice_sent", user=world.bob).exists()

    def test_members_without_address_are_named_as_a_count(
        self, world: World, client: Client
    ) -> None:
        _members(world)
        client.force_login(world.alice)
        response = client.post(self._url(_meeting(world)), follow=True)
        html = response.content.decode()
        assert "Kallelsen är skickad till 2 medlemmar." in html
        assert "2 medlemmar har ingen e-postadress" in html

    @pytest.mark.parametrize("username", ["carol", "dave"])
    def test_others_may_not_send_it(self, world: World, client: Client, username: str) -> None:
        meeting = _meeting(world)
        client.force_login(getattr(world, username))
        assert client.post(self._url(meeting)).status_code == 403
        assert mail.outbox == []

    def test_a_plain_member_may_not_send_it(self, world: World, client: Client) -> None:
        make_membership(world.steering, world.carol_person, role=MembershipRole.MEMBER)
        client.force_login(world.carol)
        assert client.post(self._url(_meeting(world))).status_code == 403

    def test_the_calendar_file_parses_as_icalendar(self, world: World) -> None:
        send_notice(_meeting(world), reason="notice")
        content = _attachment(mail.outbox[0])[1]
        assert Calendar.from_ical(content)["METHOD"] == "PUBLISH"
