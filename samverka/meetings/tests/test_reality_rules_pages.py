"""Records that cannot contradict reality, on the pages: a coming meeting offers no minutes, no
approval and no decision and says when they can be made; what is posted anyway is refused with
the reason; "Genomfört" only for a meeting that has been held; a proposal names the meeting that
takes it up or offers to plan one; no notice without a place; a coordinator records an approval
made on paper."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import World, make_membership, make_person
from samverka.meetings import services
from samverka.meetings.models import (
    Approval,
    Decision,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Proposal,
)
from samverka.meetings.tests._clock import the_meeting_begins
from samverka.organisation.models import Person


def url(name: str, **kwargs: object) -> str:
    return reverse(f"meetings:{name}", kwargs={"municipality": "testby", **kwargs})


def meeting_in(world: World, days: float, *, group=None, **extra) -> Meeting:  # type: ignore[no-untyped-def]
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days)
    return services.meeting_create(
        group=group or world.steering,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        user=None,
        **extra,
    )


def signed_in(world: World, username: str) -> Client:
    client = Client()
    user = world.user(username)
    assert user is not None
    client.force_login(user)
    return client


class TestAComingMeeting:
    def test_its_page_offers_no_minutes_nor_decision_and_says_when(self, world: World) -> None:
        meeting = meeting_in(world, 12)
        page = signed_in(world, "bob").get(url("detail", pk=meeting.pk)).content.decode()
        assert "Börja skriva protokollet" not in page
        assert url("decision_create", pk=meeting.pk) not in page
        assert "Protokoll, närvaro och justering förs när mötet har börjat." in page
        assert "Beslut registreras när mötet har börjat." in page

    def test_minutes_posted_anyway_are_refused_with_the_reason(self, world: World) -> None:
        meeting = meeting_in(world, 12)
        response = signed_in(world, "bob").post(url("minutes_start", pk=meeting.pk))
        assert response.status_code == 400
        assert "Protokollet kan skrivas först när mötet har börjat." in response.content.decode()
        assert not Minutes.objects.exists()

    def test_the_minutes_page_explains_and_holds_no_form(self, world: World) -> None:
        meeting = meeting_in(world, 12)
        response = signed_in(world, "bob").get(url("minutes_edit", pk=meeting.pk))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Mötet har inte börjat än" in page
        assert url("minutes_start", pk=meeting.pk) not in page

    def test_the_decision_page_explains_and_a_posted_decision_is_refused(
        self, world: World
    ) -> None:
        meeting = meeting_in(world, 12)
        client = signed_in(world, "bob")
        form = client.get(url("decision_create", pk=meeting.pk)).content.decode()
        assert "Mötet har inte börjat än." in form
        assert 'name="text"' not in form
        response = client.post(
            url("decision_create", pk=meeting.pk),
            {"title": "Belysning", "text": "Beslutat.", "outcome": "approved"},
        )
        assert response.status_code == 400
        assert "Beslut kan registreras först när mötet har börjat." in response.content.decode()
        assert not Decision.objects.exists()

    def test_once_it_has_begun_the_minutes_and_decisions_are_offered(self, world: World) -> None:
        meeting = the_meeting_begins(meeting_in(world, 12))
        page = signed_in(world, "bob").get(url("detail", pk=meeting.pk)).content.decode()
        assert "Börja skriva protokollet" in page
        assert url("decision_create", pk=meeting.pk) in page


class TestHeldOnlyWhenItHasBeen:
    def test_a_past_meeting_nobody_minuted_says_so(self, world: World) -> None:
        meeting = meeting_in(world, -3)
        client = signed_in(world, "dave")
        detail = client.get(url("detail", pk=meeting.pk)).content.decode()
        group = client.get(url("group", group_pk=world.steering.pk)).content.decode()
        for page in (detail, group):
            assert "Ej protokollfört" in page
            assert "Genomfört" not in page

    def test_a_coming_meeting_stored_as_held_is_not_shown_as_held(self, world: World) -> None:
        meeting = meeting_in(world, 12)
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
        page = signed_in(world, "dave").get(url("detail", pk=meeting.pk)).content.decode()
        assert "Genomfört" not in page
        assert "planerat" in page

    def test_a_minuted_meeting_is_held(self, world: World) -> None:
        meeting = meeting_in(world, -3)
        minutes = services.minutes_start(meeting=meeting, user=None)
        services.minutes_set_adjusters(minutes=minutes, adjusters=[world.bob_person], user=None)
        services.minutes_approve(minutes=minutes, person=world.bob_person, user=world.bob)
        page = signed_in(world, "dave").get(url("detail", pk=meeting.pk)).content.decode()
        assert "Genomfört" in page


class TestWhereAProposalGoes:
    def _propose(self, client: Client, world: World) -> tuple[Proposal, str]:
        preparing = meeting_in(world, -1, group=world.preparation)
        response = client.post(
            url("proposal_create", pk=preparing.pk),
            {"title": "Kameror", "text": "Förslag.", "to_group": world.steering.pk},
            follow=True,
        )
        assert response.status_code == 200
        return Proposal.objects.get(), response.content.decode()

    def test_the_message_names_the_coming_meeting_with_its_date(self, world: World) -> None:
        coming = meeting_in(world, 9, title="Styrgruppens decembermöte")
        client = signed_in(world, "alice")
        proposal, page = self._propose(client, world)
        day = timezone.localtime(coming.starts_at)
        assert "tas upp på gruppens nästa möte: Styrgruppens decembermöte" in page
        assert f"{day.day} " in page and str(day.year) in page
        detail = client.get(url("proposal", pk=proposal.pk)).content.decode()
        assert url("detail", pk=coming.pk) in detail

    def test_without_a_coming_meeting_it_says_so_and_offers_to_plan_one(self, world: World) -> None:
        meeting_in(world, -20)  # Styrgruppen met, but has nothing planned ahead
        client = signed_in(world, "alice")
        proposal, page = self._propose(client, world)
        assert "Styrgruppen har inget kommande möte" in page
        assert "står på gruppens nästa dagordning" not in page
        year = timezone.localdate().year
        plan = url("series_plan", group_pk=world.steering.pk) + f"?ar={year}"
        assert plan in page
        assert url("meeting_create", group_pk=world.steering.pk) in page
        # Someone who cannot plan Styrgruppen's meetings is told whom to ask instead.
        other = signed_in(world, "dave").get(url("proposal", pk=proposal.pk)).content.decode()
        assert "Styrgruppen har inget kommande möte." in other
        assert plan not in other
        assert "att planera nästa möte" in other


@pytest.fixture
def _locmem_mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.usefixtures("_locmem_mail")
class TestANoticeSaysWhere:
    def test_no_send_button_without_a_place_and_the_page_says_why(self, world: World) -> None:
        meeting = meeting_in(world, 5)
        page = signed_in(world, "bob").get(url("detail", pk=meeting.pk)).content.decode()
        assert url("notice_send", pk=meeting.pk) not in page
        assert "Kallelsen skickas inte: mötet har ingen plats." in page

    def test_a_notice_posted_anyway_is_refused_in_the_page(self, world: World) -> None:
        meeting = meeting_in(world, 5)
        response = signed_in(world, "bob").post(url("notice_send", pk=meeting.pk), follow=True)
        assert "Kallelsen skickas inte: mötet har ingen plats." in response.content.decode()
        assert mail.outbox == []
        meeting.refresh_from_db()
        assert meeting.notice_sent_at is None

    def test_with_a_place_the_notice_goes_out(self, world: World) -> None:
        meeting = meeting_in(world, 5, location="Stadshuset")
        client = signed_in(world, "bob")
        assert (
            url("notice_send", pk=meeting.pk)
            in client.get(url("detail", pk=meeting.pk)).content.decode()
        )
        response = client.post(url("notice_send", pk=meeting.pk), follow=True)
        assert "Kallelsen är skickad till 1 medlem." in response.content.decode()


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

    def test_the_coordinator_is_offered_the_form_and_records_it(
        self, world: World, minutes: Minutes
    ) -> None:
        client = signed_in(world, "alice")
        meeting = minutes.meeting
        assert "Justering på papper" in client.get(url("detail", pk=meeting.pk)).content.decode()
        anna = Person.objects.get(name="Anna Al")
        signed = timezone.localdate() - timedelta(days=1)
        response = client.post(
            url("minutes_paper_approval", pk=meeting.pk),
            {"papper-people": [anna.pk], "papper-approved_on": signed.isoformat()},
            follow=True,
        )
        page = response.content.decode()
        assert "Justeringen på papper är registrerad." in page
        assert f"justerat på papper {signed.day} " in page
        assert "registrerat av" in page
        approval = Approval.objects.get()
        assert (approval.person, approval.on_paper, approval.recorded_by) == (
            anna,
            True,
            world.alice,
        )

    def test_the_chair_is_not_offered_it_and_may_not_post_it(
        self, world: World, minutes: Minutes
    ) -> None:
        client = signed_in(world, "bob")
        meeting = minutes.meeting
        assert (
            "Justering på papper" not in client.get(url("detail", pk=meeting.pk)).content.decode()
        )
        response = client.post(
            url("minutes_paper_approval", pk=meeting.pk),
            {
                "papper-people": [world.bob_person.pk],
                "papper-approved_on": timezone.localdate().isoformat(),
            },
        )
        assert response.status_code == 403
        assert not Approval.objects.exists()

    def test_a_day_in_the_future_is_refused_with_the_reason(
        self, world: World, minutes: Minutes
    ) -> None:
        response = signed_in(world, "alice").post(
            url("minutes_paper_approval", pk=minutes.meeting_id),
            {
                "papper-people": [world.bob_person.pk],
                "papper-approved_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            },
        )
        assert response.status_code == 400
        assert "Justeringen kan inte vara gjord i framtiden." in response.content.decode()
        assert not Approval.objects.exists()
        minutes.refresh_from_db()
        assert minutes.status == MinutesStatus.DRAFT
