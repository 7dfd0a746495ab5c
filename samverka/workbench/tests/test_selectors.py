"""The start page's lists, per person: their own work, never another group's, another person's
or another municipality's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samverka.accounts.access import Access
from samverka.accounts.models import User
from samverka.core.testing import World
from samverka.incidents.models import Incident, NothingToReport
from samverka.lib.dates import week_code
from samverka.meetings.models import Approval, CommitmentStatus, MeetingStatus, Minutes
from samverka.workbench import selectors
from samverka.workbench.tests.factories import Work, seed_changes, seed_work


@pytest.fixture
def work(world: World) -> Work:
    return seed_work(world)


def access(world: World, user: User) -> Access:
    return Access.for_user(user, world.testby)


def test_meetings_are_those_of_my_groups_soonest_first(world: World, work: Work) -> None:
    assert selectors.next_meetings(access(world, world.bob)) == [work.steering_meeting]
    assert selectors.next_meetings(access(world, world.carol)) == [work.safety_meeting]
    # alice coordinates, but her list is her own groups': the beredningsgrupp and SSPF Norra.
    assert selectors.next_meetings(access(world, world.alice)) == [
        work.sspf_meeting,
        work.preparation_meeting,
    ]


def test_meetings_leave_out_cancelled_and_past_ones(world: World, work: Work) -> None:
    work.steering_meeting.status = MeetingStatus.CANCELLED
    work.steering_meeting.save()
    assert selectors.next_meetings(access(world, world.bob)) == []


def test_someone_in_no_group_has_no_meetings(world: World, work: Work) -> None:
    assert selectors.next_meetings(Access.for_user(world.olle, world.annanstad)) == []


def test_minutes_wait_for_their_named_adjuster_only(world: World, work: Work) -> None:
    assert selectors.minutes_to_approve(access(world, world.bob)) == [work.bob_minutes]
    assert selectors.minutes_to_approve(access(world, world.carol)) == [work.carol_minutes]
    assert selectors.minutes_to_approve(access(world, world.alice)) == [work.alice_minutes]
    # A reader may be named too (dave sits in Trygghetsgruppen); olle, of another
    # municipality, has no person in Testby.
    assert selectors.minutes_to_approve(access(world, world.dave)) == [work.carol_minutes]
    assert selectors.minutes_to_approve(Access.for_user(world.olle, world.testby)) == []


def test_minutes_leave_the_list_once_approved_or_superseded(world: World, work: Work) -> None:
    Approval.objects.create(minutes=work.bob_minutes, person=world.bob_person)
    assert selectors.minutes_to_approve(access(world, world.bob)) == []

    newer = Minutes.objects.create(meeting=work.carol_minutes.meeting, version=2)
    assert selectors.minutes_to_approve(access(world, world.carol)) == []
    newer.adjusters.add(world.carol_person)
    assert selectors.minutes_to_approve(access(world, world.carol)) == [newer]


def test_commitments_are_mine_or_my_organisations_late_ones_marked(
    world: World, work: Work
) -> None:
    bob = selectors.my_commitments(access(world, world.bob))
    assert bob == [work.bob_late, work.police_commitment]
    assert [c.late for c in bob] == [True, False]  # type: ignore[attr-defined]
    # The SSPF group's commitment to the police stays hidden from bob, who is not in it.
    assert work.sspf_commitment not in bob
    assert selectors.my_commitments(access(world, world.carol)) == [work.carol_commitment]
    assert work.other_commitment not in selectors.my_commitments(access(world, world.alice))


def test_done_commitments_leave_the_list(world: World, work: Work) -> None:
    work.bob_late.status = CommitmentStatus.DONE
    work.bob_late.save()
    assert selectors.my_commitments(access(world, world.bob)) == [work.police_commitment]


def test_followups_due_are_my_working_groups_and_organisations(world: World, work: Work) -> None:
    carol = selectors.followups_due(access(world, world.carol))
    assert carol == [work.safety_measure]
    assert carol[0].may_follow_up and not carol[0].late  # type: ignore[attr-defined]
    bob = selectors.followups_due(access(world, world.bob))
    # The police's late measure; its next follow-up 60 days on is not due yet.
    assert bob == [work.police_measure]
    assert bob[0].late and not bob[0].may_follow_up  # type: ignore[attr-defined]


def test_planners_see_every_late_followup_of_their_municipality(world: World, work: Work) -> None:
    alice = selectors.followups_due(access(world, world.alice))
    assert alice == [work.police_measure]
    assert work.other_measure not in alice


def test_rounds_list_my_organisations_unanswered_lines(world: World, work: Work) -> None:
    today = timezone.localdate()
    bob = selectors.unanswered_rounds(access(world, world.bob), today=today)
    assert {r.organisation for r in bob} == {"Polisen LPO Testby"}
    assert len(bob) == selectors.ROUND_WEEKS
    assert bob[0].week == week_code(today - timedelta(weeks=1))
    assert bob[0].url.endswith(f"?week={bob[0].week}")
    carol = selectors.unanswered_rounds(access(world, world.carol), today=today)
    assert {r.organisation for r in carol} == {"Stadsdelsförvaltningen"}
    # The coordinator runs the round: every line of her municipality, none of another's.
    alice = selectors.unanswered_rounds(access(world, world.alice), today=today)
    assert {r.organisation for r in alice} == {"Polisen LPO Testby", "Stadsdelsförvaltningen"}
    # A reader reports nothing, so nothing waits for him.
    assert selectors.unanswered_rounds(access(world, world.dave), today=today) == []


def test_a_round_answered_with_nothing_to_report_or_a_report_leaves_the_list(
    world: World, work: Work
) -> None:
    today = timezone.localdate()
    last_week = week_code(today - timedelta(weeks=1))
    NothingToReport.objects.create(
        municipality=world.testby, area=world.area, organisation=world.police, week=last_week
    )
    two_weeks_ago = today - timedelta(weeks=2)
    from samverka.situation.testing import at, make_category

    Incident.objects.create(
        municipality=world.testby,
        area=world.area,
        category=make_category(world.testby, "klotter"),
        occurred_at=at(two_weeks_ago),
        organisation=world.police,
    )
    weeks = {r.week for r in selectors.unanswered_rounds(access(world, world.bob), today=today)}
    assert last_week not in weeks
    assert week_code(two_weeks_ago) not in weeks
    assert len(weeks) == selectors.ROUND_WEEKS - 2


def test_lagesbilder_wait_for_the_compiling_groups_members(world: World, work: Work) -> None:
    assert selectors.reports_to_adopt(access(world, world.carol)) == [work.safety_report]
    assert selectors.reports_to_adopt(access(world, world.bob)) == []
    alice = selectors.reports_to_adopt(access(world, world.alice))
    assert set(alice) == {work.preparation_report, work.safety_report}
    assert selectors.reports_to_adopt(Access.for_user(world.olle, world.annanstad)) == [
        work.other_report
    ]


def test_changes_are_others_on_what_i_may_open(world: World, work: Work) -> None:
    seed_changes(world, work)
    titles = {c.title for c in selectors.changes_since(access(world, world.bob), since=None)}
    assert work.steering_meeting.display_title + " (Styrgruppen)" in titles
    assert work.bob_late.title in titles
    assert str(work.safety_report) in titles
    assert work.police_measure.title in titles
    # Trygghetsgruppen's minutes are internal to its members; the SSPF meeting does not exist
    # for bob; Annanstad's meeting is another municipality's.
    assert not any("Protokoll" in t for t in titles)
    assert not any("SSPF" in t for t in titles)
    assert not any("Annanstad" in t for t in titles)

    carol = {c.kind for c in selectors.changes_since(access(world, world.carol), since=None)}
    assert "Protokoll" in carol


def test_changes_leave_out_my_own_and_those_before_my_last_visit(world: World, work: Work) -> None:
    # On PostgreSQL the capture trigger also recorded the seeding itself (by nobody): look
    # from after it.
    before = timezone.now()
    seed_changes(world, work)
    root = Access.for_user(world.root, world.testby)
    assert selectors.changes_since(root, since=before) == []
    assert selectors.changes_since(access(world, world.bob), since=before) != []
    later = timezone.now() + timedelta(minutes=1)
    assert selectors.changes_since(access(world, world.bob), since=later) == []


def test_changes_show_one_line_per_object_the_latest(world: World, work: Work) -> None:
    seed_changes(world, work)
    from samverka.accounts.audit import audit

    audit(
        municipality=world.testby,
        user=world.carol,
        action="meeting_cancelled",
        obj=work.steering_meeting,
    )
    lines = [
        c
        for c in selectors.changes_since(access(world, world.bob), since=None)
        if c.kind == "Möte" and c.url.endswith(f"/{work.steering_meeting.pk}/")
    ]
    assert [(c.what, c.by) for c in lines] == [("inställt", "carol")]


def test_a_measure_no_longer_followed_up_leaves_the_list(world: World, work: Work) -> None:
    from samverka.process.models import MeasureStatus

    work.police_measure.status = MeasureStatus.DONE
    work.police_measure.save()
    assert selectors.followups_due(access(world, world.bob)) == []
    assert selectors.followups_due(access(world, world.alice)) == []


def test_changes_asked_for_in_small_batches_are_the_newest_visible_ones(
    world: World, work: Work, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The objects are fetched newest first a batch at a time; objects bob may not open (the
    # SSPF meeting, Trygghetsgruppen's minutes) must not use up his lines.
    seed_changes(world, work)
    everything = selectors.changes_since(access(world, world.bob), since=None)
    assert len(everything) >= 3
    monkeypatch.setattr(selectors, "CHANGES_SHOWN", 2)
    monkeypatch.setattr(selectors, "CHANGES_BATCH", 1)
    newest = selectors.changes_since(access(world, world.bob), since=None)
    assert [(c.kind, c.url) for c in newest] == [(c.kind, c.url) for c in everything[:2]]
