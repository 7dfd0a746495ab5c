"""The follow-up item of an agenda: the commitments open at that meeting's time, as they stood
then, from their follow-up history. A commitment done or cancelled later stays on the old
agendas; it leaves the agendas of the meetings after."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import World
from samverka.meetings import selectors, services
from samverka.meetings.models import AgendaItemKind, Commitment, CommitmentStatus, Meeting
from samverka.meetings.tests.test_api_meetings import api, url


def _at(days: int, hour: int = 9) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _meeting(world: World, days: int) -> Meeting:
    return services.meeting_create(
        group=world.steering, starts_at=_at(days), ends_at=_at(days, 11), user=None
    )


def _followed_up(meeting: Meeting) -> dict[str, str]:
    """Title → status of the commitments on the meeting's follow-up item."""
    entry = next(
        e
        for e in selectors.agenda_for(meeting).entries
        if e.item.kind == AgendaItemKind.COMMITMENTS
    )
    return {c.title: c.status for c in entry.commitments}


def _commitment(world: World, made_at: Meeting, title: str = "Inventera belysningen") -> Commitment:
    commitment = services.commitment_create(
        meeting=made_at, title=title, owner_person=world.bob_person, user=None
    )
    commitment.created_at = made_at.ends_at
    commitment.save()
    return commitment


def _update(commitment: Commitment, status: str, days: int) -> None:
    services.commitment_update(commitment=commitment, status=status, user=None, at=_at(days, 12))


class TestOldAgendas:
    @pytest.mark.parametrize("closing", [CommitmentStatus.CANCELLED, CommitmentStatus.DONE])
    def test_a_commitment_closed_later_stays_on_the_agendas_before(
        self, world: World, closing: str
    ) -> None:
        made, before, after = _meeting(world, -40), _meeting(world, -20), _meeting(world, -5)
        commitment = _commitment(world, made)
        _update(commitment, CommitmentStatus.IN_PROGRESS, -30)
        _update(commitment, closing, -10)

        assert _followed_up(made) == {}  # made at that meeting, followed up from the next
        assert _followed_up(before) == {"Inventera belysningen": CommitmentStatus.IN_PROGRESS}
        assert _followed_up(after) == {}
        commitment.refresh_from_db()
        assert commitment.status == closing  # the old agenda's view is never saved

    def test_each_agenda_shows_the_status_of_its_own_time(self, world: World) -> None:
        made = _meeting(world, -40)
        first, second, next_one = _meeting(world, -30), _meeting(world, -10), _meeting(world, 10)
        commitment = _commitment(world, made)
        _update(commitment, CommitmentStatus.IN_PROGRESS, -20)

        assert _followed_up(first) == {"Inventera belysningen": CommitmentStatus.OPEN}
        assert _followed_up(second) == {"Inventera belysningen": CommitmentStatus.IN_PROGRESS}
        assert _followed_up(next_one) == {"Inventera belysningen": CommitmentStatus.IN_PROGRESS}

    def test_a_reopened_commitment_returns_to_the_agendas_after(self, world: World) -> None:
        made = _meeting(world, -40)
        while_done, next_one = _meeting(world, -10), _meeting(world, 10)
        commitment = _commitment(world, made)
        _update(commitment, CommitmentStatus.DONE, -20)
        _update(commitment, CommitmentStatus.IN_PROGRESS, -5)

        assert _followed_up(while_done) == {}
        assert _followed_up(next_one) == {"Inventera belysningen": CommitmentStatus.IN_PROGRESS}

    def test_an_update_made_at_the_meeting_leaves_it_on_that_agenda(self, world: World) -> None:
        """The meeting that follows a commitment up and closes it had it on its agenda."""
        made, closing = _meeting(world, -40), _meeting(world, -20)
        commitment = _commitment(world, made)
        services.commitment_update(
            commitment=commitment,
            status=CommitmentStatus.DONE,
            meeting=closing,
            at=closing.starts_at,
            user=None,
        )

        assert _followed_up(closing) == {"Inventera belysningen": CommitmentStatus.OPEN}
        assert _followed_up(_meeting(world, -10)) == {}

    def test_a_commitment_without_history_counts_as_it_is(self, world: World) -> None:
        made, later = _meeting(world, -40), _meeting(world, -20)
        _commitment(world, made, "Öppet")
        closed = _commitment(world, made, "Stängt utan historik")
        Commitment.objects.filter(pk=closed.pk).update(status=CommitmentStatus.CANCELLED)

        assert _followed_up(later) == {"Öppet": CommitmentStatus.OPEN}


class TestOldAgendaOutputs:
    def _history(self, world: World) -> Meeting:
        made, before = _meeting(world, -40), _meeting(world, -20)
        commitment = _commitment(world, made)
        _update(commitment, CommitmentStatus.IN_PROGRESS, -30)
        _update(commitment, CommitmentStatus.CANCELLED, -10)
        return before

    def test_the_api_agenda_shows_the_commitment_as_it_stood(self, world: World) -> None:
        before = self._history(world)
        response = api(world, "dave").get(url("meeting-agenda", pk=before.pk))
        assert response.status_code == 200
        listed = [c for e in response.json()["entries"] for c in e["commitments"]]
        assert [(c["title"], c["status"]) for c in listed] == [
            ("Inventera belysningen", CommitmentStatus.IN_PROGRESS)
        ]

    def test_the_meeting_page_shows_the_commitment_as_it_stood(
        self, world: World, client: Client
    ) -> None:
        before = self._history(world)
        client.force_login(world.dave)
        page = client.get(
            reverse("meetings:detail", kwargs={"municipality": "testby", "pk": before.pk})
        ).content.decode()
        row = page[page.index("Öppna åtaganden att följa upp") :]
        assert "Inventera belysningen" in row
        assert "Pågår" in row[: row.index("</table>")]


class TestOverdueOnAgendas:
    """An agenda flags as late what was late on the meeting's day, not what is late today."""

    def _due_between(self, world: World) -> tuple[Meeting, Meeting, Meeting]:
        made, early, late = _meeting(world, -40), _meeting(world, -30), _meeting(world, -10)
        commitment = _commitment(world, made)
        commitment.due_date = timezone.localdate() - timedelta(days=20)
        commitment.save()
        return made, early, late

    def test_a_meeting_before_the_due_date_does_not_flag_it(self, world: World) -> None:
        _made, early, late = self._due_between(world)
        flagged = {
            m.pk: [
                c.overdue_then  # type: ignore[attr-defined]
                for e in selectors.agenda_for(m).entries
                for c in e.commitments
            ]
            for m in (early, late)
        }
        assert flagged == {early.pk: [False], late.pk: [True]}

    def test_the_api_agenda_says_the_same(self, world: World) -> None:
        _made, early, late = self._due_between(world)
        client = api(world, "dave")
        overdue = {}
        for meeting in (early, late):
            body = client.get(url("meeting-agenda", pk=meeting.pk)).json()
            overdue[meeting.pk] = [
                c["is_overdue"] for e in body["entries"] for c in e["commitments"]
            ]
        assert overdue == {early.pk: [False], late.pk: [True]}
