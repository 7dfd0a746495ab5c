"""The Angered example's year of meetings: each group meets as the fact sheet says, past
meetings have approved minutes and future ones agendas only, the beredningsgrupp proposes and the
Ledningsgrupp decides, commitments are open, overdue, done and carried over, SSPF minutes hold no
personal data, and loading twice changes nothing.

The example is loaded once for the class (``setUpTestData``) on a fixed day late in 2026, so the
year has a past and a future whatever day the tests run.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from samverka.accounts.models import Municipality, Role
from samverka.core.examples import example_loaders
from samverka.core.testing import grant, make_user
from samverka.meetings import selectors
from samverka.meetings.example import load_example
from samverka.meetings.models import (
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Decision,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesItemNote,
    MinutesStatus,
    Proposal,
    ProposalStatus,
)
from samverka.organisation.models import Group, GroupKind, Person
from samverka.organisation.orgfile import import_organisation, parse_organisation_file

ANGERED = Path(settings.BASE_DIR) / "examples" / "angered.yaml"
TODAY = date(2026, 11, 25)
# 10 or 12 digits with an optional - or + before the last four; an e-mail address.
IDENTITY_NUMBER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def import_angered() -> Municipality:
    parsed = parse_organisation_file(
        ANGERED.read_text(encoding="utf-8"), filename=ANGERED.name, base_dir=ANGERED.parent
    )
    import_organisation(parsed)
    return Municipality.objects.get(slug=parsed.slug)


def _local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


class TestAngeredYearOfMeetings(TestCase):
    municipality: Municipality
    summary: str
    progress: list[tuple[str, int, int]]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.municipality = import_angered()
        cls.progress = []
        cls.summary = load_example(
            cls.municipality,
            lambda label, done, total: cls.progress.append((label, done, total)),
            today=TODAY,
        )

    def group(self, name: str) -> Group:
        return Group.objects.get(municipality=self.municipality, name=name)

    def meetings(self, name: str, kind: str = MeetingKind.ORDINARY) -> list[Meeting]:
        return list(Meeting.objects.filter(group=self.group(name), kind=kind))

    def test_ledningsgruppen_meets_six_times_and_acutely_after_the_shooting_and_explosion(
        self,
    ) -> None:
        self.assertEqual(len(self.meetings("Ledningsgruppen Trygg i Angered")), 6)
        acute = self.meetings("Ledningsgruppen Trygg i Angered", MeetingKind.ACUTE)
        self.assertEqual(sorted(m.trigger for m in acute), ["explosion", "shooting"])
        for meeting in acute:
            self.assertTrue(meeting.trigger_note)
            # A short agenda, minutes and a decision with commitments, like any held meeting.
            self.assertEqual(meeting.agenda_items.count(), 3)
            self.assertEqual(meeting.status, MeetingStatus.HELD)
            decision = meeting.decisions.get()
            self.assertTrue(decision.commitments.exists())

    def test_trygghetsradet_meets_four_times(self) -> None:
        self.assertEqual(len(self.meetings("Trygghetsrådet i Angered")), 4)

    def test_the_beredningsgrupp_meets_every_other_week(self) -> None:
        meetings = self.meetings("Beredningsgruppen Trygg i Angered")
        self.assertTrue(24 <= len(meetings) <= 27, len(meetings))
        days = [_local_day(m.starts_at) for m in meetings]
        gaps = {(b - a).days for a, b in itertools.pairwise(days)}
        self.assertEqual(gaps, {14})

    def test_custom_cadence_groups_get_a_handful_and_the_coordination_unit_none(self) -> None:
        for kind in (GroupKind.AREA_SAFETY, GroupKind.SSPF):
            groups = Group.objects.filter(municipality=self.municipality, kind=kind)
            self.assertEqual(groups.count(), 11)
            for group in groups:
                count = Meeting.objects.filter(group=group).count()
                self.assertTrue(4 <= count <= 8, f"{group}: {count}")
        self.assertFalse(Meeting.objects.filter(group=self.group("Trygghetssamordningen")).exists())

    def test_the_working_group_meets_only_between_its_start_and_end_dates(self) -> None:
        group = self.group("Arbetsgrupp Trygg i Hammarkullen")
        days = [_local_day(m.starts_at) for m in Meeting.objects.filter(group=group)]
        self.assertTrue(len(days) >= 3)
        assert group.start_date is not None and group.end_date is not None
        self.assertTrue(all(group.start_date <= day <= group.end_date for day in days))

    def test_past_meetings_have_approved_minutes_and_future_ones_only_agendas(self) -> None:
        meetings = Meeting.objects.filter(municipality=self.municipality)
        past = [m for m in meetings if _local_day(m.starts_at) < TODAY]
        future = [m for m in meetings if _local_day(m.starts_at) >= TODAY]
        self.assertTrue(past and future)
        this_morning = timezone.make_aware(datetime.combine(TODAY, time(8)))
        for meeting in past:
            minutes = meeting.minutes_versions.get()
            self.assertEqual(minutes.status, MinutesStatus.APPROVED, meeting)
            self.assertEqual(meeting.status, MeetingStatus.HELD)
            self.assertTrue(minutes.attendance.exists())
            self.assertTrue(minutes.item_notes.exists())
            # Approved by every named adjuster, after the meeting and not in the future.
            adjusters = set(minutes.adjusters.values_list("pk", flat=True))
            self.assertTrue(adjusters)
            self.assertEqual(set(minutes.approvals.values_list("person_id", flat=True)), adjusters)
            assert minutes.approved_at is not None
            self.assertTrue(meeting.ends_at < minutes.approved_at <= this_morning)
        for meeting in future:
            self.assertFalse(meeting.minutes_versions.exists())
            self.assertEqual(meeting.status, MeetingStatus.PLANNED)
            self.assertTrue(meeting.agenda_items.exists())
            self.assertNotEqual(meeting.kind, MeetingKind.ACUTE)

    def test_a_proposal_of_the_beredningsgrupp_is_decided_by_the_ledningsgrupp(self) -> None:
        ber = self.group("Beredningsgruppen Trygg i Angered")
        lg = self.group("Ledningsgruppen Trygg i Angered")
        proposal = Proposal.objects.get(title="Förstärkt belysning vid Hjällbo torg")
        self.assertEqual((proposal.from_group, proposal.to_group), (ber, lg))
        self.assertEqual(proposal.status, ProposalStatus.DECIDED)
        decision = proposal.decisions.get()
        assert proposal.meeting is not None and decision.agenda_item is not None
        self.assertEqual(decision.meeting.group, lg)
        self.assertGreater(decision.meeting.starts_at, proposal.meeting.starts_at)
        # The decision links back to the proposal and to the agenda item that carried it.
        self.assertEqual(decision.agenda_item.proposal, proposal)
        self.assertEqual(decision.agenda_item.meeting, decision.meeting)
        self.assertTrue(decision.commitments.filter(owner_person__name="Lars Gren").exists())
        # One proposal is sent back (återremiss) and one is tabled: still pending.
        statuses = set(Proposal.objects.values_list("status", flat=True))
        self.assertTrue({ProposalStatus.RETURNED, ProposalStatus.PENDING} <= statuses)

    def test_only_the_ledningsgrupp_decides(self) -> None:
        deciding = set(Decision.objects.values_list("meeting__group__name", flat=True))
        self.assertEqual(deciding, {"Ledningsgruppen Trygg i Angered"})

    def test_commitments_are_done_open_overdue_and_carried_over(self) -> None:
        commitments = Commitment.objects.filter(municipality=self.municipality)
        self.assertTrue(commitments.filter(status=CommitmentStatus.DONE).exists())
        self.assertTrue(commitments.open().filter(due_date__gte=TODAY).exists())
        overdue = commitments.overdue(TODAY)
        self.assertTrue(2 <= overdue.count() <= 8, overdue.count())
        for commitment in commitments:
            assert commitment.meeting is not None and commitment.due_date is not None
            self.assertTrue(commitment.owner_person and commitment.owner_organisation)
            self.assertGreaterEqual(commitment.due_date, _local_day(commitment.meeting.starts_at))
        # An overdue commitment stays on the follow-up of the group's later meetings.
        late = overdue.get(title__startswith="Ny belysning i gångstråket")
        later = Meeting.objects.filter(
            group=late.group, starts_at__gt=late.created_at, kind=MeetingKind.ORDINARY
        )
        self.assertTrue(later.exists())
        for meeting in later:
            self.assertIn(late, selectors.open_commitments_at(late.group, meeting.starts_at))
        self.assertTrue(late.updates.exists())

    def test_every_commitment_page_answers_200(self) -> None:
        # The example's follow-ups have no author (nobody logged in wrote them); the history table
        # once failed on that with a 500 for most of the example's commitments.
        coordinator = make_user("samordnare_exempel")
        grant(coordinator, self.municipality, Role.COORDINATOR)
        self.client.force_login(coordinator)
        commitments = Commitment.objects.filter(municipality=self.municipality)
        self.assertTrue(CommitmentUpdate.objects.filter(commitment__in=commitments, by=None))
        statuses = {
            commitment.pk: self.client.get(
                reverse(
                    "meetings:commitment",
                    kwargs={"municipality": self.municipality.slug, "pk": commitment.pk},
                )
            ).status_code
            for commitment in commitments
        }
        self.assertGreater(len(statuses), 50)
        self.assertEqual({pk: s for pk, s in statuses.items() if s != 200}, {})

    def test_sspf_minutes_hold_no_personal_identity_numbers_emails_or_names(self) -> None:
        sspf = Meeting.objects.filter(municipality=self.municipality, group__kind=GroupKind.SSPF)
        texts = list(MinutesItemNote.objects.filter(minutes__meeting__in=sspf).values_list("text"))
        texts += list(Minutes.objects.filter(meeting__in=sspf).values_list("summary"))
        texts += list(sspf.values_list("title"))
        self.assertTrue(len(texts) > 100)
        names = list(Person.objects.filter(municipality=self.municipality).values_list("name"))
        for (text,) in texts:
            self.assertIsNone(IDENTITY_NUMBER.search(text), text)
            self.assertIsNone(EMAIL.search(text), text)
            for (name,) in names:
                self.assertNotIn(name, text)
        self.assertFalse(Commitment.objects.filter(group__kind=GroupKind.SSPF).exists())
        self.assertFalse(sspf.filter(minutes_versions__attendance__substitute_name__gt="").exists())

    def test_everything_is_marked_as_example(self) -> None:
        self.assertFalse(Meeting.objects.filter(is_example=False).exists())
        self.assertFalse(Proposal.objects.filter(is_example=False).exists())
        self.assertFalse(Decision.objects.filter(is_example=False).exists())
        self.assertFalse(Commitment.objects.filter(is_example=False).exists())

    def test_loading_twice_changes_nothing(self) -> None:
        models = (Meeting, Minutes, MinutesItemNote, Proposal, Decision, Commitment)
        before = [model.objects.count() for model in models]
        message = load_example(self.municipality, lambda *args: None, today=TODAY)
        self.assertIn("har inte lagts till", message)
        self.assertEqual([model.objects.count() for model in models], before)

    def test_it_reports_progress_per_group_and_sums_up(self) -> None:
        series = [p for p in self.progress if p[0] == "Mötesserier"]
        groups = Group.objects.filter(municipality=self.municipality).count()
        self.assertEqual(series[-1], ("Mötesserier", groups, groups))
        self.assertEqual(self.progress[-1][1], self.progress[-1][2])
        self.assertIn("Möten 2026:", self.summary)
        self.assertIn("(varav 2 akuta)", self.summary)


def test_the_loader_is_registered_right_after_the_organisation_file() -> None:
    loader = next(loader for loader in example_loaders() if loader.name == "meetings")
    assert loader.order == 10
    assert loader.load is load_example


@pytest.mark.django_db
def test_early_in_the_year_every_meeting_is_still_ahead() -> None:
    municipality = import_angered()
    load_example(municipality, lambda *args: None, today=date(2026, 1, 5))
    meetings = Meeting.objects.filter(municipality=municipality)
    assert meetings.count() > 100
    assert not meetings.filter(kind=MeetingKind.ACUTE).exists()
    assert not Minutes.objects.exists()
    assert not Proposal.objects.exists()
    assert not Commitment.objects.exists()
