"""Writing the minutes, naming the adjusters, approval (justering) that locks them, and a new
version whose predecessor stays readable."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import make_membership, make_person
from samverka.meetings import services
from samverka.meetings.models import (
    AttendanceStatus,
    MeetingStatus,
    Minutes,
    MinutesItemNote,
    MinutesStatus,
)
from samverka.meetings.services.minutes import AttendanceRow


def url(name: str, slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"meetings:{name}", kwargs={"municipality": slug, **kwargs})


@pytest.fixture
def meeting(world):
    start = timezone.now() - timedelta(hours=3)
    return services.meeting_create(
        group=world.steering, starts_at=start, ends_at=start + timedelta(hours=2), user=None
    )


def attendance_data(rows: list[dict[str, object]], initial: int = 0) -> dict[str, object]:
    data: dict[str, object] = {
        "narvaro-TOTAL_FORMS": str(len(rows)),
        "narvaro-INITIAL_FORMS": str(initial),
        "narvaro-MIN_NUM_FORMS": "0",
        "narvaro-MAX_NUM_FORMS": "200",
    }
    for n, row in enumerate(rows):
        data |= {f"narvaro-{n}-{k}": v for k, v in row.items()}
    return data


def test_chair_starts_the_minutes_with_the_members_present(client, world, meeting):
    client.force_login(world.bob)

    response = client.post(url("minutes_start", pk=meeting.pk))

    assert response.status_code == 302
    assert response["Location"] == url("minutes_edit", pk=meeting.pk)
    minutes = Minutes.objects.get(meeting=meeting)
    assert [(a.person, a.status) for a in minutes.attendance.all()] == [
        (world.bob_person, AttendanceStatus.PRESENT)
    ]
    page = client.get(url("minutes_edit", pk=meeting.pk)).content.decode()
    assert "Anteckning till punkt 1: Mötets öppnande och val av justerare" in page


def test_chair_writes_notes_per_item(client, world, meeting):
    minutes = services.minutes_start(meeting=meeting, user=None)
    first, second = meeting.agenda_items.order_by("position")[:2]
    client.force_login(world.bob)

    response = client.post(
        url("minutes_edit", pk=meeting.pk),
        {
            "summary": "Alla var på plats.",
            f"note_{first.pk}": "Bob Berg valdes till justerare.",
            f"note_{second.pk}": "",
        },
    )

    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.summary == "Alla var på plats."
    assert dict(minutes.item_notes.values_list("agenda_item_id", "text")) == {
        first.pk: "Bob Berg valdes till justerare."
    }


def test_attendance_per_organisation_with_a_substitute(client, world, meeting):
    minutes = services.minutes_start(meeting=meeting, user=None)
    client.force_login(world.alice)

    response = client.post(
        url("minutes_attendance", pk=meeting.pk),
        attendance_data(
            [
                {
                    "organisation": world.police.pk,
                    "person": world.bob_person.pk,
                    "status": "absent",
                },
                {
                    "organisation": world.administration.pk,
                    "person": "",
                    "status": AttendanceStatus.SUBSTITUTE,
                    "substitute_name": "Eva Ersättare",
                },
                {"organisation": "", "person": "", "status": "", "substitute_name": ""},
            ],
            initial=1,
        ),
    )

    assert response.status_code == 302
    rows = sorted(minutes.attendance.values_list("organisation__name", "status", "substitute_name"))
    assert rows == [
        ("Polisen LPO Testby", "absent", ""),
        ("Stadsdelsförvaltningen", "substitute", "Eva Ersättare"),
    ]


def test_a_substitute_without_a_name_is_refused(client, world, meeting):
    minutes = services.minutes_start(meeting=meeting, user=None)
    client.force_login(world.alice)

    response = client.post(
        url("minutes_attendance", pk=meeting.pk),
        attendance_data([{"organisation": world.police.pk, "status": "substitute"}]),
    )

    assert response.status_code == 400
    assert "skriv ersättarens namn" in response.content.decode()
    assert minutes.attendance.get().status == AttendanceStatus.PRESENT


def test_an_adjuster_outside_the_group_is_not_offered(client, world, meeting):
    services.minutes_start(meeting=meeting, user=None)
    client.force_login(world.alice)

    response = client.post(
        url("minutes_adjusters", pk=meeting.pk), {"adjusters": [world.carol_person.pk]}
    )

    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_each_adjuster_approves_for_themself_and_then_the_minutes_lock(client, world, meeting):
    minutes = services.minutes_start(meeting=meeting, user=None)
    carol = world.carol_person
    make_membership(world.steering, carol)
    client.force_login(world.bob)
    response = client.post(
        url("minutes_adjusters", pk=meeting.pk), {"adjusters": [world.bob_person.pk, carol.pk]}
    )
    assert response.status_code == 302

    # A coordinator cannot approve on someone's behalf.
    client.force_login(world.alice)
    assert client.post(url("minutes_approve", pk=meeting.pk)).status_code == 403

    client.force_login(world.bob)
    assert "Justera protokollet" in client.get(url("detail", pk=meeting.pk)).content.decode()
    client.post(url("minutes_approve", pk=meeting.pk))
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT
    assert "Justera protokollet" not in client.get(url("detail", pk=meeting.pk)).content.decode()

    client.force_login(world.carol)
    response = client.post(url("minutes_approve", pk=meeting.pk))

    assert response.status_code == 302
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    assert meeting.status == MeetingStatus.HELD


def test_approved_minutes_cannot_be_changed_in_place(client, world, meeting):
    minutes = services.minutes_start(meeting=meeting, user=None)
    item = meeting.agenda_items.first()
    services.minutes_update(minutes=minutes, notes={item.pk: "Justerad text"}, user=None)
    services.minutes_set_adjusters(minutes=minutes, adjusters=[world.bob_person], user=None)
    services.minutes_approve(minutes=minutes, person=world.bob_person, user=None)
    client.force_login(world.alice)

    response = client.post(url("minutes_edit", pk=meeting.pk), {f"note_{item.pk}": "Ändrad"})

    assert response.status_code == 400
    assert "justerat och kan inte ändras" in response.content.decode()
    assert MinutesItemNote.objects.get().text == "Justerad text"
    # The agenda is locked too.
    response = client.post(
        url("agenda_item_action", pk=meeting.pk, item_pk=item.pk), {"action": "delete"}
    )
    assert response.status_code == 400
    assert "justerat" in response.content.decode()


def test_a_new_version_keeps_the_approved_one_readable(client, world, meeting):
    minutes = services.minutes_start(meeting=meeting, user=None)
    item = meeting.agenda_items.first()
    services.minutes_update(minutes=minutes, notes={item.pk: "Första lydelsen"}, user=None)
    services.minutes_set_adjusters(minutes=minutes, adjusters=[world.bob_person], user=None)
    services.minutes_approve(minutes=minutes, person=world.bob_person, user=None)
    client.force_login(world.bob)

    refused = client.post(url("minutes_new_version", pk=meeting.pk), {"reason": ""})
    assert refused.status_code == 400
    response = client.post(
        url("minutes_new_version", pk=meeting.pk), {"reason": "Fel namn i punkt 1"}
    )
    assert response.status_code == 302
    client.post(url("minutes_edit", pk=meeting.pk), {f"note_{item.pk}": "Rättad lydelse"})

    first = client.get(url("minutes_version", pk=meeting.pk, version=1)).content.decode()
    second = client.get(url("minutes_version", pk=meeting.pk, version=2)).content.decode()
    assert "Första lydelsen" in first
    assert "Rättad lydelse" not in first
    assert "Rättad lydelse" in second
    assert "Fel namn i punkt 1" in second
    detail = client.get(url("detail", pk=meeting.pk)).content.decode()
    assert url("minutes_version", pk=meeting.pk, version=1) in detail


def test_the_members_substitute_can_be_a_person_of_another_actor(client, world, meeting):
    minutes = services.minutes_start(meeting=meeting, user=None)
    stand_in = make_person(world.testby, "Sara Ställföreträdare", organisation=world.police)
    services.attendance_set(
        minutes=minutes,
        rows=[AttendanceRow(status="present", organisation=world.police, person=stand_in)],
        user=None,
    )
    client.force_login(world.bob)

    page = client.get(url("minutes_version", pk=meeting.pk, version=1)).content.decode()

    assert "Sara Ställföreträdare" in page


@pytest.mark.parametrize("username", ["carol", "dave"])
def test_outsiders_cannot_write_the_minutes(client, world, meeting, username):
    client.force_login(world.user(username))

    assert client.get(url("minutes_edit", pk=meeting.pk)).status_code == 403
    assert client.post(url("minutes_start", pk=meeting.pk)).status_code == 403
    assert not Minutes.objects.exists()
