"""Records that cannot contradict reality, through the API: minutes, approval and decisions for a
meeting that has not begun are a 409 with the reason (the project's answer to a rule refusal);
the meeting's ``state`` says held only when it has been; a proposal's ``goes_to`` names the
meeting that takes it up, or is null; a notice without a place is a 409; a coordinator records an
approval made on paper."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World, make_membership, make_person
from samverka.meetings import services
from samverka.meetings.models import Approval, Decision, Meeting, MeetingStatus, Minutes
from samverka.meetings.tests._clock import the_meeting_begins
from samverka.meetings.tests.test_api_meetings import api, send, url


def meeting_in(world: World, days: float, *, group=None, **extra) -> Meeting:  # type: ignore[no-untyped-def]
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days)
    return services.meeting_create(
        group=group or world.steering,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        user=None,
        **extra,
    )


class TestNothingBeforeTheMeeting:
    def test_minutes_for_a_coming_meeting_are_a_409_with_the_reason(self, world: World) -> None:
        meeting = meeting_in(world, 12)
        response = send(api(world, "bob"), "POST", url("minutes-list"), {"meeting": meeting.pk})
        assert response.status_code == 409
        assert "Protokollet kan skrivas först när mötet har börjat." in response.json()["detail"]
        assert not Minutes.objects.exists()

    def test_a_decision_on_a_coming_meeting_is_a_409_and_nothing_is_written(
        self, world: World
    ) -> None:
        meeting = meeting_in(world, 12)
        client = api(world, "bob")  # signed in first: on PostgreSQL the login is audited too
        audit_before = AuditEvent.objects.count()
        response = send(
            client,
            "POST",
            url("decision-list"),
            {"meeting": meeting.pk, "title": "Belysning", "text": "Beslutat."},
        )
        assert response.status_code == 409
        assert "Beslut kan registreras först" in response.json()["detail"]
        assert not Decision.objects.exists()
        assert AuditEvent.objects.count() == audit_before

    def test_a_group_without_mandate_still_hears_about_the_mandate(self, world: World) -> None:
        meeting = meeting_in(world, 12, group=world.safety_group)
        response = send(
            api(world, "alice"),
            "POST",
            url("decision-list"),
            {"meeting": meeting.pk, "title": "Belysning", "text": "Beslutat."},
        )
        assert response.status_code == 400
        assert response.json()["deciding_group"]["name"] == "Styrgruppen"

    def test_approving_old_minutes_of_a_coming_meeting_is_a_409(self, world: World) -> None:
        minutes = Minutes.objects.create(meeting=meeting_in(world, 12))
        minutes.adjusters.set([world.bob_person])
        response = send(api(world, "bob"), "POST", url("minutes-approve", pk=minutes.pk))
        assert response.status_code == 409
        assert not Approval.objects.exists()

    def test_moving_a_minuted_meeting_ahead_of_now_is_a_409(self, world: World) -> None:
        meeting = the_meeting_begins(meeting_in(world, 1))
        services.minutes_start(meeting=meeting, user=None)
        later = (timezone.localtime() + timedelta(days=3)).replace(microsecond=0)
        response = send(
            api(world, "bob"),
            "PATCH",
            url("meeting-detail", pk=meeting.pk),
            {"starts_at": later.isoformat()},
        )
        assert response.status_code == 409
        assert "kan inte flyttas" in response.json()["detail"]

    def test_once_it_has_begun_the_minutes_open(self, world: World) -> None:
        meeting = the_meeting_begins(meeting_in(world, 12))
        response = send(api(world, "bob"), "POST", url("minutes-list"), {"meeting": meeting.pk})
        assert response.status_code == 201, response.content


class TestTheMeetingsState:
    def test_held_only_when_it_has_been(self, world: World) -> None:
        coming = meeting_in(world, 12)
        Meeting.objects.filter(pk=coming.pk).update(status=MeetingStatus.HELD)
        unminuted = meeting_in(world, -3)
        client = api(world, "dave")
        assert client.get(url("meeting-detail", pk=coming.pk)).json()["state"] == "planned"
        data = client.get(url("meeting-detail", pk=unminuted.pk)).json()
        assert (data["status"], data["state"], data["state_display"]) == (
            "planned",
            "not_minuted",
            "Ej protokollfört",
        )


class TestWhereAProposalGoes:
    def _propose(self, world: World) -> dict[str, object]:
        preparing = meeting_in(world, -1, group=world.preparation)
        response = send(
            api(world, "alice"),
            "POST",
            url("proposal-list"),
            {"meeting": preparing.pk, "title": "Kameror", "text": "Förslag."},
        )
        assert response.status_code == 201, response.content
        return response.json()

    def test_goes_to_names_the_coming_meeting(self, world: World) -> None:
        coming = meeting_in(world, 9, title="Decembermötet")
        goes_to = self._propose(world)["goes_to"]
        assert isinstance(goes_to, dict)
        assert (goes_to["id"], goes_to["title"]) == (coming.pk, "Decembermötet")
        assert goes_to["starts_at"].startswith(
            timezone.localtime(coming.starts_at).date().isoformat()
        )

    def test_goes_to_is_null_without_a_coming_meeting(self, world: World) -> None:
        meeting_in(world, -20)
        assert self._propose(world)["goes_to"] is None


@pytest.fixture
def _locmem_mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.usefixtures("_locmem_mail")
class TestTheNotice:
    def test_a_notice_without_a_place_is_a_409_and_nothing_is_sent(self, world: World) -> None:
        meeting = meeting_in(world, 5)
        response = send(api(world, "bob"), "POST", url("meeting-notice", pk=meeting.pk))
        assert response.status_code == 409
        assert "mötet har ingen plats" in response.json()["detail"]
        assert mail.outbox == []

    def test_with_a_place_it_is_sent(self, world: World) -> None:
        meeting = meeting_in(world, 5, location="Stadshuset")
        response = send(api(world, "bob"), "POST", url("meeting-notice", pk=meeting.pk))
        assert (response.status_code, response.json()) == (200, {"sent": 1})


class TestAnApprovalOnPaper:
    @pytest.fixture
    def minutes(self, world: World) -> Minutes:
        anna = make_person(world.testby, "Anna Al")
        make_membership(world.steering, anna)
        minutes = services.minutes_start(meeting=meeting_in(world, -3), user=None)
        services.minutes_set_adjusters(
            minutes=minutes, adjusters=[world.bob_person, anna], user=None
        )
        return minutes

    def test_the_coordinator_records_it_and_it_shows_as_on_paper(
        self, world: World, minutes: Minutes
    ) -> None:
        signed = timezone.localdate() - timedelta(days=1)
        response = send(
            api(world, "alice"),
            "POST",
            url("minutes-paper-approval", pk=minutes.pk),
            {"adjusters": [world.bob_person.pk], "approved_on": signed.isoformat()},
        )
        assert response.status_code == 200, response.content
        (approval,) = response.json()["approvals"]
        assert (approval["person_name"], approval["on_paper"]) == ("Bob Berg", True)
        assert approval["approved_at"].startswith(signed.isoformat())
        assert response.json()["status"] == "draft"  # Anna has not approved yet
        assert AuditEvent.objects.filter(action="minutes_approved_on_paper").exists()

    def test_the_chair_may_not(self, world: World, minutes: Minutes) -> None:
        response = send(
            api(world, "bob"),
            "POST",
            url("minutes-paper-approval", pk=minutes.pk),
            {"adjusters": [world.bob_person.pk], "approved_on": timezone.localdate().isoformat()},
        )
        assert response.status_code == 403
        assert not Approval.objects.exists()

    def test_a_day_before_the_meeting_is_refused_by_field(
        self, world: World, minutes: Minutes
    ) -> None:
        day = timezone.localdate() - timedelta(days=10)
        response = send(
            api(world, "alice"),
            "POST",
            url("minutes-paper-approval", pk=minutes.pk),
            {"adjusters": [world.bob_person.pk], "approved_on": day.isoformat()},
        )
        assert response.status_code == 400
        assert "approved_on" in response.json()
        assert not Approval.objects.exists()

    def test_not_before_the_meeting_has_begun(self, world: World) -> None:
        minutes = Minutes.objects.create(meeting=meeting_in(world, 12))
        minutes.adjusters.set([world.bob_person])
        response = send(
            api(world, "alice"),
            "POST",
            url("minutes-paper-approval", pk=minutes.pk),
            {"adjusters": [world.bob_person.pk], "approved_on": timezone.localdate().isoformat()},
        )
        assert response.status_code == 409
        assert not Approval.objects.exists()
