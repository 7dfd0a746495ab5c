"""The list of upcoming meetings, week by week, and convening an acute meeting."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import make_group, make_membership
from samverka.meetings import services
from samverka.meetings.models import AcuteTrigger, Meeting, MeetingKind
from samverka.organisation.models import GroupKind, Mandate


def url(name: str, slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"meetings:{name}", kwargs={"municipality": slug, **kwargs})


def at(days: int, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=hour)


def meeting(group, days: int, **extra):
    return services.meeting_create(
        group=group, starts_at=at(days), ends_at=at(days, 12), user=None, **extra
    )


def test_upcoming_meetings_are_grouped_by_iso_week_with_swedish_dates(client, world):
    first = meeting(world.steering, 7, title="Första mötet")
    meeting(world.preparation, 14, title="Andra mötet")
    meeting(world.steering, -7, title="Förra veckans möte")
    client.force_login(world.dave)

    response = client.get(url("index"))

    assert response.status_code == 200
    weeks = response.context["weeks"]
    assert [m.title for w in weeks for m in w.meetings] == ["Första mötet", "Andra mötet"]
    day = timezone.localtime(first.starts_at).date()
    assert weeks[0].number == day.isocalendar().week
    page = response.content.decode()
    assert f"Vecka {day.isocalendar().week}" in page
    assert "Förra veckans möte" not in page
    # Swedish month names, and each group's meeting page is linked.
    month = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti"]
    month += ["september", "oktober", "november", "december"]
    assert month[day.month - 1] in page
    assert url("group", group_pk=world.steering.pk) in page


def test_an_acute_meeting_is_marked_in_words_not_by_colour_alone(client, world):
    services.meeting_convene_acute(
        group=world.steering, trigger=AcuteTrigger.SHOOTING, user=None, notify=False
    )
    client.force_login(world.carol)

    page = client.get(url("index")).content.decode()

    assert "meeting--acute" in page
    assert "Akut möte: skjutning" in page


def test_a_cancelled_meeting_stays_on_the_list_marked_cancelled(client, world):
    cancelled = meeting(world.steering, 3)
    services.meeting_cancel(meeting=cancelled, user=None, reason="Sjukdom")
    client.force_login(world.dave)

    page = client.get(url("index")).content.decode()

    assert "Inställt" in page


def test_my_meetings_shows_only_the_groups_i_sit_in(client, world):
    meeting(world.steering, 3, title="Styrgruppens möte")
    meeting(world.safety_group, 4, title="Trygghetsgruppens möte")
    client.force_login(world.carol)

    response = client.get(url("index"), {"mina": "on"})

    titles = [m.title for w in response.context["weeks"] for m in w.meetings]
    assert titles == ["Trygghetsgruppens möte"]


def test_sspf_meetings_are_not_listed_for_those_outside_the_group(client, world):
    sspf = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF, mandate=Mandate.CARRIES_OUT)
    meeting(sspf, 2, title="SSPF-möte")
    make_membership(sspf, world.carol_person)

    client.force_login(world.dave)
    assert "SSPF-möte" not in client.get(url("index")).content.decode()
    client.force_login(world.carol)
    assert "SSPF-möte" in client.get(url("index")).content.decode()
    client.force_login(world.alice)
    assert "SSPF-möte" in client.get(url("index")).content.decode()


def test_index_of_another_municipality_is_404(client, world):
    client.force_login(world.olle)

    assert client.get(url("index")).status_code == 404


def test_only_managers_see_the_acute_button(client, world):
    client.force_login(world.dave)
    assert url("acute") not in client.get(url("index")).content.decode()
    client.force_login(world.bob)
    assert url("acute") in client.get(url("index")).content.decode()


def test_export_lists_the_upcoming_meetings_as_csv(client, world):
    meeting(world.steering, 5, title="Exportmötet", location="Stadshuset")
    client.force_login(world.dave)

    response = client.get(url("index_export", fmt="csv"))

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Datum", "Vecka", "Börjar", "Slutar", "Grupp"]
    assert rows[1][4:6] == ["Styrgruppen", "Exportmötet"]
    assert rows[1][1].startswith("v. ")


def test_export_in_an_unknown_format_is_404(client, world):
    client.force_login(world.dave)

    assert client.get(url("index_export", fmt="pdf")).status_code == 404


# --- Acute meetings ---------------------------------------------------------------------------


def test_acute_form_starts_two_hours_from_now(client, world):
    client.force_login(world.bob)

    response = client.get(url("acute"), {"grupp": world.steering.pk})

    assert response.status_code == 200
    form = response.context["form"]
    start = timezone.make_aware(datetime.combine(form.initial["date"], form.initial["start"]))
    assert timedelta(hours=1, minutes=59) < start - timezone.now() <= timedelta(hours=2, minutes=15)
    assert form.initial["group"] == world.steering
    # bob chairs only Styrgruppen: it is the only group he can convene.
    assert list(form.fields["group"].queryset) == [world.steering]


def test_chair_convenes_an_acute_meeting(client, world):
    client.force_login(world.bob)
    start = timezone.localtime() + timedelta(hours=3)

    response = client.post(
        url("acute"),
        {
            "group": world.steering.pk,
            "trigger": AcuteTrigger.EXPLOSION,
            "trigger_note": "Explosion vid centrum i natt",
            "date": start.date().isoformat(),
            "start": start.strftime("%H:%M"),
            "duration": "60",
            "location": "Polisstationen",
        },
    )

    acute = Meeting.objects.get(kind=MeetingKind.ACUTE)
    assert response.status_code == 302
    assert response["Location"] == url("detail", pk=acute.pk)
    assert (acute.group, acute.trigger, acute.location) == (
        world.steering,
        AcuteTrigger.EXPLOSION,
        "Polisstationen",
    )
    assert acute.agenda_items.count() == 3


def test_acute_meeting_for_another_event_needs_a_description(client, world):
    client.force_login(world.alice)
    start = timezone.localtime() + timedelta(hours=3)

    response = client.post(
        url("acute"),
        {
            "group": world.steering.pk,
            "trigger": AcuteTrigger.OTHER,
            "date": start.date().isoformat(),
            "start": start.strftime("%H:%M"),
            "duration": "60",
        },
    )

    assert response.status_code == 400
    assert "Beskriv kort vad som har hänt." in response.content.decode()
    assert not Meeting.objects.exists()


def test_acute_meeting_of_a_group_the_user_does_not_manage_is_refused(client, world):
    client.force_login(world.bob)
    start = timezone.localtime() + timedelta(hours=3)

    response = client.post(
        url("acute"),
        {
            "group": world.safety_group.pk,
            "trigger": AcuteTrigger.SHOOTING,
            "date": start.date().isoformat(),
            "start": start.strftime("%H:%M"),
            "duration": "60",
        },
    )

    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("username", ["dave", "carol"])
def test_members_and_readers_cannot_convene(client, world, username):
    client.force_login(world.user(username))

    assert client.get(url("acute")).status_code == 403
    assert client.post(url("acute"), {}).status_code == 403
