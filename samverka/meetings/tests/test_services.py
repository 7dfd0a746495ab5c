"""The rules of the meeting services: mandate, proposals to the deciding group, carry-over of
commitments, locked minutes with versions, and the series planned from a cadence."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samverka.core.testing import World, make_group, make_membership, make_person
from samverka.meetings import selectors, services
from samverka.meetings.models import (
    AgendaItemKind,
    AgendaItemStatus,
    Commitment,
    CommitmentStatus,
    Decision,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Proposal,
    ProposalStatus,
)
from samverka.meetings.tests._clock import the_meeting_begins
from samverka.organisation.models import Cadence, GroupKind, Mandate, MembershipRole


def _at(days: int, hour: int = 9) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _meeting(group, days: int) -> Meeting:  # type: ignore[no-untyped-def]
    return services.meeting_create(
        group=group, starts_at=_at(days), ends_at=_at(days, 11), user=None
    )


def _counts() -> dict[str, int]:
    return {
        "decisions": Decision.objects.count(),
        "proposals": Proposal.objects.count(),
        "meetings": Meeting.objects.count(),
    }


class TestMandate:
    def test_a_safety_group_cannot_decide_and_is_told_who_decides(self, world: World) -> None:
        meeting = _meeting(world.safety_group, 3)
        before = _counts()
        with pytest.raises(services.DecisionRefused) as refused:
            services.decision_record(
                meeting=meeting, title="Ny belysning", text="Vi beslutar.", user=world.alice
            )
        message = " ".join(refused.value.messages)
        assert "Trygghetsgruppen Norra har inget mandat" in message
        # The safety group reports to the beredningsgrupp, which reports to Styrgruppen.
        assert "Styrgruppen" in message
        assert _counts() == before

    def test_the_steering_group_decides_and_numbers_its_decisions(self, world: World) -> None:
        meeting = _meeting(world.steering, -3)
        first = services.decision_record(meeting=meeting, title="A", text="a", user=world.bob)
        second = services.decision_record(meeting=meeting, title="B", text="b", user=world.alice)
        assert (first.number, second.number) == (1, 2)

    def test_a_plain_member_may_not_record_decisions(self, world: World) -> None:
        meeting = _meeting(world.steering, 3)
        make_membership(world.steering, world.carol_person)  # a member, not an officer
        with pytest.raises(PermissionDenied):
            services.decision_record(meeting=meeting, title="A", text="a", user=world.carol)
        assert not Decision.objects.exists()

    @pytest.mark.parametrize("username", ["carol", "bob", "dave"])
    def test_who_may_not_record_is_refused_before_the_mandate(
        self, world: World, username: str
    ) -> None:
        # carol is a plain member of the safety group, bob chairs another group, dave reads.
        meeting = _meeting(world.safety_group, 3)
        with pytest.raises(PermissionDenied) as refused:
            services.decision_record(
                meeting=meeting, title="A", text="a", user=world.user(username)
            )
        assert "mandat" not in str(refused.value)
        assert not Decision.objects.exists()

    def test_without_any_deciding_group_the_message_says_so(self, world: World) -> None:
        lone = make_group(world.annanstad, "Ensam grupp", mandate=Mandate.PREPARES)
        world.other_group.mandate = Mandate.ADVISES
        world.other_group.save()
        meeting = _meeting(lone, 3)
        with pytest.raises(services.DecisionRefused, match="ingen grupp med beslutsmandat"):
            services.decision_record(meeting=meeting, title="A", text="a", user=None)


class TestProposals:
    def test_a_proposal_goes_on_the_steering_groups_next_agenda_and_the_decision_links_back(
        self, world: World
    ) -> None:
        past = _meeting(world.steering, -10)
        later = _meeting(world.steering, 30)
        upcoming = _meeting(world.steering, 5)
        preparation_meeting = _meeting(world.preparation, 1)
        proposal = services.proposal_create(
            meeting=preparation_meeting,
            title="Belysning vid torget",
            text="Beredningsgruppen föreslår att belysningen förstärks.",
            user=world.alice,
        )
        assert proposal.to_group == world.steering
        agenda = selectors.agenda_for(upcoming)
        proposal_items = [e for e in agenda.flat() if e.item.proposal_id == proposal.pk]
        assert len(proposal_items) == 1
        # Under the standing "proposals for decision" item, numbered as a sub-item.
        assert proposal_items[0].number.count(".") == 1
        assert not past.agenda_items.filter(proposal=proposal).exists()
        assert not later.agenda_items.filter(proposal=proposal).exists()

        decision = services.decision_record(
            meeting=the_meeting_begins(upcoming),
            title="Belysning vid torget",
            text="Bifall.",
            proposal=proposal,
            user=world.bob,
        )
        proposal.refresh_from_db()
        assert decision.proposal == proposal
        assert decision.agenda_item is not None and decision.agenda_item.proposal == proposal
        assert proposal.status == ProposalStatus.DECIDED
        assert list(proposal.decisions.all()) == [decision]

    def test_a_proposal_made_before_any_meeting_is_planned_waits_for_the_next_one(
        self, world: World
    ) -> None:
        proposal = services.proposal_create(
            meeting=_meeting(world.preparation, 1), title="T", text="x", user=None
        )
        assert not proposal.agenda_items.exists()
        meeting = _meeting(world.steering, 14)
        assert meeting.agenda_items.filter(proposal=proposal).exists()

    def test_cancelling_a_meeting_moves_its_proposals_to_the_next(self, world: World) -> None:
        first, second = _meeting(world.steering, 5), _meeting(world.steering, 20)
        proposal = services.proposal_create(
            meeting=_meeting(world.preparation, 1), title="T", text="x", user=None
        )
        assert first.agenda_items.filter(proposal=proposal).exists()
        services.meeting_cancel(meeting=first, user=world.alice, reason="Krock")
        assert second.agenda_items.filter(proposal=proposal).exists()
        assert not first.agenda_items.filter(proposal=proposal).exists()

    def test_a_decision_on_another_groups_proposal_is_refused(self, world: World) -> None:
        other = make_group(world.testby, "Annan beslutsgrupp", mandate=Mandate.DECIDES)
        proposal = services.proposal_create(
            meeting=_meeting(world.preparation, 1), title="T", text="x", user=None
        )
        with pytest.raises(ValidationError, match="ställt till Styrgruppen"):
            services.decision_record(
                meeting=_meeting(other, -2), title="T", text="x", proposal=proposal, user=None
            )


class TestCommitments:
    def test_an_unfinished_commitment_carries_over_until_done_and_is_flagged_overdue(
        self, world: World
    ) -> None:
        first = _meeting(world.steering, -30)
        commitment = services.commitment_create(
            meeting=first,
            title="Inventera belysningen",
            owner_person=world.bob_person,
            due_date=timezone.localdate() - timedelta(days=3),
            user=world.bob,
        )
        commitment.created_at = first.ends_at
        commitment.save()
        second, third = _meeting(world.steering, 2), _meeting(world.steering, 20)
        for meeting in (second, third):
            follow_up = next(
                e
                for e in selectors.agenda_for(meeting).entries
                if e.item.kind == AgendaItemKind.COMMITMENTS
            )
            assert commitment in follow_up.commitments
        assert commitment.is_overdue()
        assert commitment.owner_organisation == world.police  # from the owner's employer
        assert list(Commitment.objects.filter(group=world.steering).overdue()) == [commitment]

        services.commitment_update(
            commitment=commitment, status=CommitmentStatus.DONE, note="Klart", user=world.bob
        )
        commitment.refresh_from_db()
        assert not commitment.is_overdue()
        fourth = _meeting(world.steering, 40)
        assert commitment not in selectors.open_commitments_at(world.steering, fourth.starts_at)
        assert commitment.updates.count() == 1

    def test_only_owner_officers_and_coordinators_follow_up(self, world: World) -> None:
        commitment = services.commitment_create(
            meeting=_meeting(world.steering, 1),
            title="X",
            owner_organisation=world.police,
            user=None,
        )
        with pytest.raises(PermissionDenied):
            services.commitment_update(
                commitment=commitment, status=CommitmentStatus.DONE, user=world.carol
            )
        services.commitment_update(
            commitment=commitment, status=CommitmentStatus.IN_PROGRESS, user=world.alice
        )

    def test_a_commitment_needs_an_owner(self, world: World) -> None:
        with pytest.raises(ValidationError, match="vem som ansvarar"):
            services.commitment_create(
                meeting=_meeting(world.steering, 1), title="X", user=world.alice
            )


class TestMinutes:
    def _approved(self, world: World) -> Minutes:
        meeting = _meeting(world.steering, -1)
        minutes = services.minutes_start(meeting=meeting, user=world.bob)
        item = meeting.agenda_items.first()
        assert item is not None
        services.minutes_update(
            minutes=minutes, summary="Bra möte", notes={item.pk: "Noterat"}, user=world.bob
        )
        services.minutes_set_adjusters(minutes=minutes, adjusters=[world.bob_person], user=None)
        return services.minutes_approve(minutes=minutes, person=world.bob_person, user=world.bob)

    def test_approved_minutes_are_locked_and_a_change_makes_a_new_version(
        self, world: World
    ) -> None:
        minutes = self._approved(world)
        assert minutes.status == MinutesStatus.APPROVED
        assert minutes.meeting.status == MeetingStatus.HELD
        with pytest.raises(ValidationError, match="justerad"):
            services.minutes_update(minutes=minutes, summary="Ändrat i efterhand", user=world.bob)
        with pytest.raises(ValidationError, match="justerat"):
            services.decision_record(
                meeting=minutes.meeting, title="Sent", text="x", user=world.bob
            )
        minutes.refresh_from_db()
        assert minutes.summary == "Bra möte"

        second = services.minutes_new_version(minutes=minutes, reason="Stavfel", user=world.bob)
        services.minutes_update(minutes=second, summary="Bra möte, rättat", user=world.bob)
        minutes.refresh_from_db()
        assert (minutes.version, minutes.summary) == (1, "Bra möte")
        assert (second.version, second.summary) == (2, "Bra möte, rättat")
        assert second.item_notes.get().text == "Noterat"
        assert services.minutes_current(minutes.meeting) == second

    def test_only_the_adjuster_approves_for_themself(self, world: World) -> None:
        meeting = _meeting(world.steering, -1)
        minutes = services.minutes_start(meeting=meeting, user=world.alice)
        services.minutes_set_adjusters(minutes=minutes, adjusters=[world.bob_person], user=None)
        with pytest.raises(PermissionDenied):
            services.minutes_approve(minutes=minutes, person=world.bob_person, user=world.alice)
        with pytest.raises(ValidationError, match="inte utsedd"):
            services.minutes_approve(minutes=minutes, person=world.carol_person, user=world.carol)
        minutes.refresh_from_db()
        assert minutes.status == MinutesStatus.DRAFT

    def test_adjusters_must_sit_in_the_group(self, world: World) -> None:
        minutes = services.minutes_start(meeting=_meeting(world.steering, -1), user=None)
        with pytest.raises(ValidationError, match="Carol Ek"):
            services.minutes_set_adjusters(
                minutes=minutes, adjusters=[world.carol_person], user=None
            )

    def test_attendance_starts_from_the_members(self, world: World) -> None:
        minutes = services.minutes_start(meeting=_meeting(world.steering, -1), user=None)
        row = minutes.attendance.get()
        assert (row.person, row.organisation) == (world.bob_person, world.police)


class TestPlanning:
    def test_six_times_a_year_gives_six_meetings_outside_summer_and_christmas(
        self, world: World
    ) -> None:
        series = services.series_plan(group=world.steering, year=2027, user=world.alice)
        days = [
            m.starts_at.astimezone(timezone.get_current_timezone()) for m in series.meetings.all()
        ]
        assert len(days) == 6
        for day in days:
            assert not 27 <= day.isocalendar().week <= 32
            assert day.weekday() < 5
            assert (day.hour, day.minute) == (9, 0)
        assert all(m.agenda_items.exists() for m in series.meetings.all())

    def test_every_other_week_gives_about_26(self, world: World) -> None:
        world.preparation.meeting_weekday = 2
        world.preparation.save()
        series = services.series_plan(group=world.preparation, year=2027, user=None)
        meetings = list(series.meetings.all())
        assert 24 <= len(meetings) <= 27
        gaps = {(b.starts_at - a.starts_at).days for a, b in itertools.pairwise(meetings)}
        assert gaps <= {13, 14, 15, 28}  # a holiday moves a day; the Christmas week is skipped

    def test_a_year_is_planned_once(self, world: World) -> None:
        services.series_plan(group=world.steering, year=2027, user=None)
        with pytest.raises(ValidationError, match="redan en planerad mötesserie"):
            services.series_plan(group=world.steering, year=2027, user=None)

    def test_a_custom_cadence_needs_dates(self, world: World) -> None:
        world.safety_group.cadence = Cadence.CUSTOM
        world.safety_group.save()
        with pytest.raises(ValidationError, match="ingen regelbunden mötesfrekvens"):
            services.series_plan(group=world.safety_group, year=2027, user=None)
        series = services.series_plan(
            group=world.safety_group,
            year=2027,
            user=None,
            custom_dates=[date(2027, 3, 2), date(2027, 9, 7)],
        )
        assert series.meetings.count() == 2

    def test_a_member_who_is_not_an_officer_cannot_plan(self, world: World) -> None:
        with pytest.raises(PermissionDenied):
            services.series_plan(group=world.safety_group, year=2027, user=world.carol)

    def test_an_acute_meeting_is_convened_within_hours(
        self, world: World, django_capture_on_commit_callbacks
    ) -> None:  # type: ignore[no-untyped-def]
        meeting = services.meeting_convene_acute(
            group=world.steering, trigger="shooting", user=world.bob, notify=False
        )
        assert meeting.kind == MeetingKind.ACUTE
        assert timedelta(0) < meeting.starts_at - timezone.now() <= timedelta(hours=3)
        assert meeting.agenda_items.count() == 3

    def test_moving_a_meeting_raises_its_calendar_sequence(self, world: World) -> None:
        meeting = _meeting(world.steering, 3)
        moved = services.meeting_update(
            meeting=meeting,
            starts_at=meeting.starts_at + timedelta(days=1),
            ends_at=meeting.ends_at + timedelta(days=1),
            user=world.bob,
        )
        assert moved.sequence == 1
        with pytest.raises(ValidationError, match="sluta efter"):
            services.meeting_update(meeting=moved, ends_at=moved.starts_at, user=world.bob)


class TestAgenda:
    def test_members_suggest_and_officers_accept(self, world: World) -> None:
        meeting = _meeting(world.safety_group, 3)
        item = services.agenda_item_suggest(meeting=meeting, title="Klotter", user=world.carol)
        assert item.status == AgendaItemStatus.SUGGESTED
        assert item not in [e.item for e in selectors.agenda_for(meeting).flat()]
        with pytest.raises(PermissionDenied):
            services.agenda_item_accept(item=item, user=world.carol)
        with pytest.raises(PermissionDenied):
            services.agenda_item_suggest(meeting=meeting, title="X", user=world.dave)
        services.agenda_item_accept(item=item, user=world.alice)
        assert item in [e.item for e in selectors.agenda_for(meeting).flat()]

    def test_nesting_is_one_level(self, world: World) -> None:
        meeting = _meeting(world.steering, 3)
        parent = services.agenda_item_add(meeting=meeting, title="Rapporter", user=world.bob)
        child = services.agenda_item_add(
            meeting=meeting, title="Skolan", parent=parent, user=world.bob
        )
        with pytest.raises(ValidationError, match="underpunkt"):
            services.agenda_item_add(meeting=meeting, title="Djup", parent=child, user=world.bob)

    def test_the_preparation_groups_standing_agenda_follows_the_fact_sheet(
        self, world: World
    ) -> None:
        kinds = [kind for _title, kind in services.agenda_template_for(world.preparation)]
        assert kinds[1:5] == [
            AgendaItemKind.SITUATION,
            AgendaItemKind.PLAIN,
            AgendaItemKind.COMMITMENTS,
            AgendaItemKind.REPORTS,
        ]


class TestSspf:
    def test_sspf_meetings_exist_only_for_members_and_coordinators(self, world: World) -> None:
        from django.http import Http404

        from samverka.accounts.access import Access
        from samverka.meetings.access import meeting_for_user

        sspf = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF)
        person = make_person(world.testby, "Dave Dahl", user=world.dave)
        make_membership(sspf, person, role=MembershipRole.MEMBER)
        meeting = _meeting(sspf, 2)
        for user, sees in ((world.carol, False), (world.dave, True), (world.alice, True)):
            mv = Access.for_user(user, world.testby)
            if sees:
                assert meeting_for_user(mv, meeting.pk) == meeting
            else:
                with pytest.raises(Http404):
                    meeting_for_user(mv, meeting.pk)
