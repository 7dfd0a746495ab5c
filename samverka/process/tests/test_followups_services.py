"""Follow-up of every measure: recording one moves the next due date, keeps the due date it
satisfied, moves an activity's progress and puts lessons in the library; an overdue follow-up
goes on the beredningsgrupp's next agenda by itself."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samverka.core.extensions import agenda_entries
from samverka.core.testing import World, make_group
from samverka.meetings.models import MeetingStatus
from samverka.organisation.models import GroupKind, Mandate
from samverka.process.agenda import overdue_followup_entries
from samverka.process.models import ActivityStatus, Lesson, MeasureStatus
from samverka.process.services import plans as services
from samverka.process.tests._plans_world import adopted_plan, measure, meeting, plan


def _overdue_by(m, days: int) -> None:  # type: ignore[no-untyped-def]
    m.next_followup_due = timezone.localdate() - timedelta(days=days)
    m.save(update_fields=["next_followup_due"])


class TestRecord:
    def test_a_followup_moves_the_next_due_date(self, world: World) -> None:
        _plan, m, _d = adopted_plan(world)
        due = m.next_followup_due
        today = timezone.localdate()
        followup = services.followup_record(
            measure=m, user=world.alice, made_on=today, as_planned="partly", outputs="10 lampor"
        )
        m.refresh_from_db()
        assert followup.due_on == due
        assert m.next_followup_due == today + timedelta(weeks=4)
        assert m.status == MeasureStatus.IN_PROGRESS

    def test_an_activitys_progress_is_recorded(self, world: World) -> None:
        _plan, m, _d = adopted_plan(world)
        activity = services.activity_create(
            measure=m, user=None, data=services.ActivityInput(title="Inventera")
        )
        services.followup_record(
            measure=m,
            user=None,
            made_on=timezone.localdate(),
            as_planned="yes",
            activity=activity,
            progress=100,
        )
        activity.refresh_from_db()
        assert (activity.progress, activity.status) == (100, ActivityStatus.DONE)

    def test_progress_needs_the_activity_when_there_are_activities(self, world: World) -> None:
        _plan, m, _d = adopted_plan(world)
        services.activity_create(measure=m, user=None, data=services.ActivityInput(title="A"))
        with pytest.raises(ValidationError) as caught:
            services.followup_record(
                measure=m, user=None, made_on=timezone.localdate(), as_planned="yes", progress=50
            )
        assert "activity" in caught.value.error_dict

    def test_lessons_go_to_the_library_with_kind_and_year(self, world: World) -> None:
        _plan, m, _d = adopted_plan(world)
        made_on = timezone.localdate() - timedelta(days=1)
        followup = services.followup_record(
            measure=m,
            user=None,
            made_on=made_on,
            as_planned="no",
            lessons="Fastighetsägaren måste vara med från början.\nAnnars dröjer belysningen.",
        )
        lesson = Lesson.objects.get()
        assert lesson.title == "Fastighetsägaren måste vara med från början."
        assert (lesson.measure, lesson.followup, lesson.measure_kind, lesson.year) == (
            m,
            followup,
            m.kind,
            made_on.year,
        )
        assert lesson.problem is not None and lesson.problem.title.startswith("Otrygghet")

    def test_a_proposed_measure_and_a_future_date_are_refused(self, world: World) -> None:
        proposed = measure(world, plan(world, "Utkast"))
        with pytest.raises(ValidationError):
            services.followup_record(
                measure=proposed, user=None, made_on=timezone.localdate(), as_planned="yes"
            )
        _plan, m, _d = adopted_plan(world)
        with pytest.raises(ValidationError) as caught:
            services.followup_record(
                measure=m,
                user=None,
                made_on=timezone.localdate() + timedelta(days=1),
                as_planned="yes",
            )
        assert "made_on" in caught.value.error_dict


class TestAgenda:
    def test_overdue_by_one_day_is_on_the_next_beredningsgrupp_agenda(self, world: World) -> None:
        _plan, m, _d = adopted_plan(world)
        _overdue_by(m, 1)
        next_meeting = meeting(world.preparation, timezone.localdate() + timedelta(days=7))
        entries = list(overdue_followup_entries(next_meeting))
        assert [e.title for e in entries] == [f"Uppföljning av {m.title} är försenad"]
        entry = entries[0]
        assert entry.overdue and entry.due == m.next_followup_due
        assert "Stadsdelsförvaltningen" in entry.detail and "Arbetsgrupp Torget" in entry.detail
        assert entry.url == f"/k/testby/arbete/atgardsplaner/atgard/{m.pk}/"
        # Through the registry, as the meetings app asks for it.
        assert entry in agenda_entries(next_meeting)

    def test_not_on_a_steering_group_agenda(self, world: World) -> None:
        _plan, m, _d = adopted_plan(world)
        _overdue_by(m, 1)
        steering = meeting(world.steering, timezone.localdate() + timedelta(days=7))
        assert list(overdue_followup_entries(steering)) == []

    def test_not_before_it_is_due_and_not_once_followed_up(self, world: World) -> None:
        _plan, m, _d = adopted_plan(world)
        m.next_followup_due = timezone.localdate() + timedelta(days=10)
        m.save()
        soon = meeting(world.preparation, timezone.localdate() + timedelta(days=7))
        assert list(overdue_followup_entries(soon)) == []
        _overdue_by(m, 1)
        assert len(list(overdue_followup_entries(soon))) == 1
        services.followup_record(
            measure=m, user=None, made_on=timezone.localdate(), as_planned="yes"
        )
        assert list(overdue_followup_entries(soon)) == []

    def test_not_on_a_held_meeting_or_another_municipalitys(self, world: World) -> None:
        _plan, m, _d = adopted_plan(world)
        _overdue_by(m, 1)
        held = meeting(
            world.preparation, timezone.localdate() + timedelta(days=1), MeetingStatus.HELD
        )
        assert list(overdue_followup_entries(held)) == []
        foreign = make_group(
            world.annanstad,
            "Annans beredning",
            kind=GroupKind.PREPARATION,
            mandate=Mandate.PREPARES,
        )
        assert list(overdue_followup_entries(meeting(foreign, date.today()))) == []

    def test_a_plan_of_another_beredningsgrupp_stays_on_its_agenda(self, world: World) -> None:
        _action_plan, m, _d = adopted_plan(world)
        _overdue_by(m, 1)
        other = make_group(
            world.testby, "Beredning Syd", kind=GroupKind.PREPARATION, mandate=Mandate.PREPARES
        )
        day = timezone.localdate() + timedelta(days=3)
        assert len(list(overdue_followup_entries(meeting(world.preparation, day)))) == 1
        assert list(overdue_followup_entries(meeting(other, day))) == []
