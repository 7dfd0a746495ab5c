"""Records that cannot contradict reality, at the service level: minutes, attendance, approval
(justering) and decisions only once a meeting has begun; "held" only for a meeting that has
begun and been minuted; a proposal says which meeting takes it up, or that there is none; a
notice says when and where or is not sent; an approval on paper is recorded with who and when."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World, make_membership, make_person
from samverka.meetings import selectors, services
from samverka.meetings.models import (
    Approval,
    Decision,
    Meeting,
    MeetingState,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from samverka.meetings.notifications import NoticeRefused, send_notice
from samverka.meetings.services.minutes import AttendanceRow
from samverka.meetings.tests._clock import the_meeting_begins
from samverka.organisation.models import Person


def meeting_in(world: World, days: float, *, group=None, **extra) -> Meeting:  # type: ignore[no-untyped-def]
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days)
    return services.meeting_create(
        group=group or world.steering,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        user=None,
        **extra,
    )


def minutes_with_adjusters(meeting: Meeting, *people: Person) -> Minutes:
    minutes = services.minutes_start(meeting=meeting, user=None)
    services.minutes_set_adjusters(minutes=minutes, adjusters=list(people), user=None)
    return minutes


@pytest.fixture
def anna(world: World) -> Person:
    """A second member of Styrgruppen, without an account: she can only sign on paper."""
    person = make_person(world.testby, "Anna Al")
    make_membership(world.steering, person)
    return person


class TestNothingIsRecordedBeforeTheMeetingBegins:
    def test_minutes_cannot_be_started_for_a_meeting_twelve_days_ahead(self, world: World) -> None:
        meeting = meeting_in(world, 12)
        with pytest.raises(services.MeetingNotStarted) as refused:
            services.minutes_start(meeting=meeting, user=world.bob)
        message = " ".join(refused.value.messages)
        assert "Protokollet kan skrivas först när mötet har börjat." in message
        assert "Mötet börjar" in message
        assert not Minutes.objects.exists()

    def test_a_decision_cannot_be_recorded_on_a_meeting_that_has_not_happened(
        self, world: World
    ) -> None:
        meeting = meeting_in(world, 12)
        audit_before = AuditEvent.objects.count()
        with pytest.raises(services.MeetingNotStarted, match="Beslut kan registreras först"):
            services.decision_record(meeting=meeting, title="A", text="a", user=world.bob)
        assert not Decision.objects.exists()
        assert AuditEvent.objects.count() == audit_before

    def test_the_mandate_and_the_right_to_record_are_told_before_the_time(
        self, world: World
    ) -> None:
        meeting = meeting_in(world, 12, group=world.safety_group)
        with pytest.raises(PermissionDenied):
            services.decision_record(meeting=meeting, title="A", text="a", user=world.carol)
        with pytest.raises(services.DecisionRefused):
            services.decision_record(meeting=meeting, title="A", text="a", user=world.alice)

    def test_minutes_attendance_and_approval_are_refused_on_old_minutes_of_a_coming_meeting(
        self, world: World
    ) -> None:
        # Minutes written before the rule existed, on a meeting still ahead: nothing more is added.
        meeting = meeting_in(world, 12)
        minutes = Minutes.objects.create(meeting=meeting)
        minutes.adjusters.set([world.bob_person])
        with pytest.raises(services.MeetingNotStarted):
            services.minutes_update(minutes=minutes, summary="Bra möte.", user=world.bob)
        with pytest.raises(services.MeetingNotStarted, match="Närvaron kan föras först"):
            services.attendance_set(
                minutes=minutes,
                rows=[AttendanceRow("present", person=world.bob_person)],
                user=world.bob,
            )
        with pytest.raises(services.MeetingNotStarted, match="justeras först när mötet"):
            services.minutes_approve(minutes=minutes, person=world.bob_person, user=world.bob)
        minutes.refresh_from_db()
        assert (minutes.summary, minutes.status) == ("", MinutesStatus.DRAFT)
        assert not Approval.objects.exists()

    def test_once_the_meeting_has_begun_it_is_minuted_approved_and_decided(
        self, world: World
    ) -> None:
        meeting = the_meeting_begins(meeting_in(world, 12))
        minutes = minutes_with_adjusters(meeting, world.bob_person)
        decision = services.decision_record(meeting=meeting, title="A", text="a", user=world.bob)
        services.minutes_approve(minutes=minutes, person=world.bob_person, user=world.bob)
        meeting.refresh_from_db()
        assert decision.number == 1
        assert meeting.status == MeetingStatus.HELD
        assert meeting.state == MeetingState.HELD

    def test_a_meeting_with_minutes_cannot_be_moved_ahead_of_now(self, world: World) -> None:
        meeting = the_meeting_begins(meeting_in(world, 1))
        services.minutes_start(meeting=meeting, user=None)
        later = timezone.now() + timedelta(days=3)
        with pytest.raises(services.StateConflict) as refused:
            services.meeting_update(
                meeting=meeting, starts_at=later, ends_at=later + timedelta(hours=1), user=None
            )
        assert "starts_at" in refused.value.message_dict
        meeting.refresh_from_db()
        assert meeting.starts_at < timezone.now()


class TestHeldOnlyWhenItHasBeen:
    def test_a_coming_meeting_is_planned_even_if_marked_held(self, world: World) -> None:
        meeting = meeting_in(world, 12)
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
        meeting.refresh_from_db()
        assert meeting.state == MeetingState.PLANNED
        assert meeting.state_display == "Planerat"

    def test_a_past_meeting_nobody_minuted_is_not_held(self, world: World) -> None:
        meeting = meeting_in(world, -3)
        assert meeting.status == MeetingStatus.PLANNED
        assert meeting.state == MeetingState.NOT_MINUTED
        assert meeting.state_display == "Ej protokollfört"

    def test_a_meeting_under_way_is_in_progress_and_a_cancelled_one_cancelled(
        self, world: World
    ) -> None:
        under_way = the_meeting_begins(meeting_in(world, 1))
        assert under_way.state == MeetingState.IN_PROGRESS
        cancelled = services.meeting_cancel(meeting=meeting_in(world, 5), user=None)
        assert cancelled.state == MeetingState.CANCELLED

    def test_draft_minutes_do_not_make_a_meeting_held(self, world: World) -> None:
        meeting = meeting_in(world, -3)
        minutes_with_adjusters(meeting, world.bob_person)
        meeting.refresh_from_db()
        assert (meeting.status, meeting.state) == (MeetingStatus.PLANNED, MeetingState.NOT_MINUTED)


class TestWhereAProposalGoes:
    def test_it_goes_to_the_deciding_groups_next_coming_meeting(self, world: World) -> None:
        meeting_in(world, -10)  # Styrgruppen's past meeting takes nothing new
        coming = meeting_in(world, 9)
        meeting_in(world, 30)
        proposal = services.proposal_create(
            meeting=meeting_in(world, -1, group=world.preparation), title="T", text="x", user=None
        )
        assert selectors.proposal_goes_to(proposal) == coming

    def test_without_a_coming_meeting_it_says_there_is_none_until_one_is_planned(
        self, world: World
    ) -> None:
        meeting_in(world, -10)
        proposal = services.proposal_create(
            meeting=meeting_in(world, -1, group=world.preparation), title="T", text="x", user=None
        )
        assert selectors.proposal_goes_to(proposal) is None
        planned = meeting_in(world, 20)
        assert selectors.proposal_goes_to(proposal) == planned
        assert planned.agenda_items.filter(proposal=proposal).exists()

    def test_the_year_to_plan_is_the_next_once_this_years_series_is_used_up(
        self, world: World
    ) -> None:
        year = timezone.localdate().year
        assert selectors.year_to_plan(world.steering) == year
        services.series_plan(
            group=world.steering, year=year, user=None, custom_dates=[timezone.localdate()]
        )
        assert selectors.year_to_plan(world.steering) == year + 1


@pytest.mark.usefixtures("_locmem_mail")
class TestANoticeSaysWhenAndWhere:
    def test_a_notice_without_a_place_is_refused_and_nothing_is_sent(self, world: World) -> None:
        meeting = meeting_in(world, 5)
        with pytest.raises(NoticeRefused, match="mötet har ingen plats"):
            send_notice(meeting, reason="notice")
        assert mail.outbox == []
        meeting.refresh_from_db()
        assert meeting.notice_sent_at is None

    @pytest.mark.parametrize(
        "place", [{"location": "Stadshuset"}, {"video_url": "https://video.example.se/a"}]
    )
    def test_a_place_or_a_video_link_is_enough(self, world: World, place: dict[str, str]) -> None:
        assert send_notice(meeting_in(world, 5, **place), reason="notice") == 1

    def test_the_command_skips_and_reports_a_meeting_without_a_place_and_sends_the_others(
        self, world: World
    ) -> None:
        placeless = meeting_in(world, 2, title="Utan plats")
        placed = meeting_in(world, 3, location="Stadshuset")
        out = StringIO()
        call_command("send_notices", "--days", "7", stdout=out, stderr=StringIO())
        report = out.getvalue()
        assert "1 kallelser skickade, 1 möten hoppades över." in report
        assert f"Hoppade över: möte {placeless.pk} (testby)" in report
        assert "Utan plats" in report and "ingen plats" in report
        placed.refresh_from_db()
        placeless.refresh_from_db()
        assert placed.notice_sent_at is not None
        assert placeless.notice_sent_at is None

    def test_the_dry_run_says_which_would_be_skipped(self, world: World) -> None:
        meeting_in(world, 2, title="Utan plats")
        meeting_in(world, 3, location="Stadshuset")
        out = StringIO()
        call_command("send_notices", "--days", "7", "--dry-run", stdout=out)
        assert "Utan plats  (skickas inte: saknar plats)" in out.getvalue()
        assert "1 kallelser skulle skickas (provkörning)." in out.getvalue()
        assert mail.outbox == []


@pytest.fixture
def _locmem_mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


class TestAnApprovalOnPaper:
    def test_the_coordinator_records_who_approved_on_paper_and_when(
        self, world: World, anna: Person
    ) -> None:
        meeting = meeting_in(world, -3)
        minutes = minutes_with_adjusters(meeting, world.bob_person, anna)
        signed = timezone.localdate() - timedelta(days=1)
        services.minutes_record_paper_approval(
            minutes=minutes, people=[anna], approved_on=signed, user=world.alice
        )
        approval = Approval.objects.get(minutes=minutes)
        assert (approval.person, approval.on_paper, approval.recorded_by) == (
            anna,
            True,
            world.alice,
        )
        assert timezone.localdate(approval.approved_at) == signed
        event = AuditEvent.objects.filter(action="minutes_approved_on_paper").get()
        assert "Anna Al" in event.summary and signed.isoformat() in event.summary
        minutes.refresh_from_db()
        assert minutes.status == MinutesStatus.DRAFT  # bob has not approved yet
        services.minutes_approve(minutes=minutes, person=world.bob_person, user=world.bob)
        minutes.refresh_from_db()
        meeting.refresh_from_db()
        assert minutes.status == MinutesStatus.APPROVED
        assert meeting.state == MeetingState.HELD

    def test_the_last_paper_approval_locks_the_minutes_on_the_day_signed(
        self, world: World, anna: Person
    ) -> None:
        meeting = meeting_in(world, -5)
        minutes = minutes_with_adjusters(meeting, world.bob_person, anna)
        signed = timezone.localdate() - timedelta(days=2)
        services.minutes_record_paper_approval(
            minutes=minutes, people=[world.bob_person, anna], approved_on=signed, user=None
        )
        minutes.refresh_from_db()
        assert minutes.status == MinutesStatus.APPROVED
        assert minutes.approved_at is not None
        assert timezone.localdate(minutes.approved_at) == signed

    @pytest.mark.parametrize("username", ["bob", "carol", "dave"])
    def test_only_a_coordinator_records_it(self, world: World, anna: Person, username: str) -> None:
        minutes = minutes_with_adjusters(meeting_in(world, -3), anna)
        with pytest.raises(PermissionDenied):
            services.minutes_record_paper_approval(
                minutes=minutes,
                people=[anna],
                approved_on=timezone.localdate(),
                user=world.user(username),
            )
        assert not Approval.objects.exists()

    def test_the_day_lies_between_the_meeting_and_today(self, world: World, anna: Person) -> None:
        meeting = meeting_in(world, -3)
        minutes = minutes_with_adjusters(meeting, anna)
        for day, field in (
            (timezone.localdate() + timedelta(days=1), "approved_on"),
            (timezone.localdate(meeting.starts_at) - timedelta(days=1), "approved_on"),
        ):
            with pytest.raises(ValidationError) as refused:
                services.minutes_record_paper_approval(
                    minutes=minutes, people=[anna], approved_on=day, user=world.alice
                )
            assert field in refused.value.message_dict
        assert not Approval.objects.exists()

    def test_only_named_adjusters_who_have_not_approved(self, world: World, anna: Person) -> None:
        minutes = minutes_with_adjusters(meeting_in(world, -3), world.bob_person)
        today = timezone.localdate()
        with pytest.raises(ValidationError, match="Inte utsedd att justera protokollet: Anna Al"):
            services.minutes_record_paper_approval(
                minutes=minutes, people=[anna], approved_on=today, user=world.alice
            )
        with pytest.raises(ValidationError, match="Välj vem"):
            services.minutes_record_paper_approval(
                minutes=minutes, people=[], approved_on=today, user=world.alice
            )
        services.minutes_set_adjusters(
            minutes=minutes, adjusters=[world.bob_person, anna], user=None
        )
        services.minutes_approve(minutes=minutes, person=world.bob_person, user=world.bob)
        with pytest.raises(ValidationError, match="Har redan justerat: Bob"):
            services.minutes_record_paper_approval(
                minutes=minutes, people=[world.bob_person], approved_on=today, user=world.alice
            )

    def test_not_before_the_meeting_has_begun(self, world: World, anna: Person) -> None:
        meeting = meeting_in(world, 12)
        minutes = Minutes.objects.create(meeting=meeting)
        minutes.adjusters.set([anna])
        with pytest.raises(services.MeetingNotStarted):
            services.minutes_record_paper_approval(
                minutes=minutes, people=[anna], approved_on=timezone.localdate(), user=world.alice
            )
