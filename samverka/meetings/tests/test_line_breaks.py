"""A line break in a group's name or a meeting's title: refused where it is typed (forms, API,
services, the organisation file), and harmless where one is already stored (the calendar files and
feeds, the notice e-mail, send_notices, which sends every other meeting's notice)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from samverka.core.forms import SingleLineField
from samverka.core.testing import World
from samverka.core.validators import one_line
from samverka.meetings import ics, services
from samverka.meetings.models import Meeting
from samverka.meetings.notifications import send_notice
from samverka.organisation.models import Group, Person
from samverka.organisation.orgfile import OrganisationFileError, parse_organisation_file
from samverka.organisation.tests.orgfile_helpers import fixture_text

BROKEN = "Styrgruppen\r\nBCC: alla@example.org\nX-Evil: 1"
SWEDISH = "Får inte innehålla radbrytningar eller andra styrtecken."


def _meeting(world: World, days: int = 3, **extra: Any) -> Meeting:
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days)
    extra.setdefault("location", "Stadshuset")  # a notice says where (and is refused without)
    return services.meeting_create(
        group=world.steering,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        user=None,
        **extra,
    )


def _break_stored_names(world: World, meeting: Meeting) -> None:
    """As if saved before the refusal existed (or through the admin's raw update)."""
    Group.objects.filter(pk=world.steering.pk).update(name=BROKEN)
    Meeting.objects.filter(pk=meeting.pk).update(title=BROKEN, location="Rum\n12")


# --- refused where typed ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\u2028b", "a\x00b", "a\x1bb", "a\tb"])
def test_a_single_line_field_refuses_line_breaks_in_swedish(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SingleLineField().clean(value)
    assert SWEDISH in caught.value.messages
    assert SingleLineField().clean("Styrgruppen Angered – öst") == "Styrgruppen Angered – öst"


def test_models_refuse_a_name_or_title_with_a_line_break(world: World) -> None:
    world.steering.name = "Styr\ngruppen"
    with pytest.raises(ValidationError) as caught:
        world.steering.full_clean()
    assert caught.value.message_dict["name"] == [SWEDISH]
    with pytest.raises(ValidationError):
        _meeting(world, title="Möte\nmed radbrytning")


def test_the_agenda_service_refuses_a_title_with_a_line_break(world: World) -> None:
    meeting = _meeting(world)
    with pytest.raises(ValidationError) as caught:
        services.agenda_item_add(meeting=meeting, title="Punkt\r\nBCC: x", user=None)
    assert caught.value.message_dict["title"] == [SWEDISH]


def test_the_organisation_file_refuses_a_group_name_with_a_line_break() -> None:
    text = fixture_text("minimal.yaml").replace(
        "  - name: Beredningsgruppen\n", '  - name: "Beredningsgruppen\\nX"\n'
    )
    with pytest.raises(OrganisationFileError) as caught:
        parse_organisation_file(text, filename="test.yaml")
    messages = [str(e) for e in caught.value.errors]
    assert any("radbrytningar" in m and "groups[1].name" in m for m in messages), messages


def test_the_api_refuses_a_meeting_title_with_a_line_break(world: World) -> None:
    from samverka.meetings.serializers import MeetingSerializer

    meeting = _meeting(world)
    serializer = MeetingSerializer(meeting, data={"title": "a\nb"}, partial=True)
    assert not serializer.is_valid()
    assert "title" in serializer.errors


# --- harmless where stored ------------------------------------------------------------------------


def test_the_calendar_of_a_group_with_a_line_break_in_its_name_is_valid(world: World) -> None:
    meeting = _meeting(world)
    _break_stored_names(world, meeting)
    group = Group.objects.get(pk=world.steering.pk)
    body = ics.calendar_bytes(
        ics.with_agenda(Meeting.objects.filter(group=group)),
        name=ics.calendar_name(group.name, "Testby"),
        options=ics.EventOptions(base_url="https://samverka.example.se"),
        feed=True,
    )
    # Every line is a property or a folded continuation: no line starts a forged header.
    for line in body.split(b"\r\n"):
        assert not line.startswith((b"BCC", b"X-Evil")), line
    calendar = Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]).startswith(one_line(BROKEN))
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == one_line(BROKEN)
    assert str(event["LOCATION"]) == "Rum 12"


def test_every_feed_of_the_group_answers(world: World, client) -> None:  # type: ignore[no-untyped-def]
    meeting = _meeting(world)
    _feed, token = services.feed_create(
        user=world.bob, municipality=world.testby, group=world.steering
    )
    _break_stored_names(world, meeting)
    url = reverse("meetings:feed", kwargs={"municipality": "testby", "token": token})
    response = client.get(url)
    assert response.status_code == 200
    Calendar.from_ical(response.content)


def test_the_notice_of_a_meeting_with_a_line_break_goes_out_as_one_line(world: World) -> None:
    meeting = _meeting(world)
    _break_stored_names(world, meeting)
    assert send_notice(meeting, reason="notice") == 1
    message = mail.outbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject.startswith("Kallelse: " + one_line(BROKEN))
    raw = message.message().as_bytes()
    assert b"\nBCC:" not in raw and b"\nX-Evil" not in raw
    assert "\nBCC: alla@example.org\n" not in message.body
    Calendar.from_ical(message.attachments[0][1])


def test_an_invalid_stored_address_does_not_stop_the_others(world: World) -> None:
    meeting = _meeting(world)
    Person.objects.filter(pk=world.bob_person.pk).update(email="bob@example.org\nBcc: x@y.se")
    assert send_notice(meeting, reason="notice") == 0  # bob was the only one with an address
    assert mail.outbox == []


def test_send_notices_sends_the_others_when_one_meeting_fails(world: World) -> None:
    broken = _meeting(world, days=2)
    _break_stored_names(world, broken)
    failing = _meeting(world, days=3)
    fine = _meeting(world, days=4)
    real = send_notice

    def flaky(meeting: Meeting, **kwargs: object) -> int:
        if meeting.pk == failing.pk:
            raise RuntimeError("en trasig kallelse")
        return real(meeting, **kwargs)  # type: ignore[arg-type]

    out, err = StringIO(), StringIO()
    with (
        mock.patch(
            "samverka.meetings.management.commands.send_notices.send_notice", side_effect=flaky
        ),
        pytest.raises(CommandError, match="1 kallelser kunde inte skickas"),
    ):
        call_command("send_notices", "--days", "7", stdout=out, stderr=err)
    assert "2 kallelser skickade." in out.getvalue()
    assert f"möte {failing.pk} (testby)" in err.getvalue()
    for meeting in (broken, fine):
        meeting.refresh_from_db()
        assert meeting.notice_sent_at is not None
    assert len(mail.outbox) == 2
