"""The must-show, end to end: a follow-up overdue by one day appears by itself on the
beredningsgrupp's next meeting page, under the follow-up item, with its link to the measure and
"Försenad" in words; the steering group's meeting does not get it."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import World
from samverka.meetings import services as meetings
from samverka.meetings.models import Meeting
from samverka.process.tests._plans_world import adopted_plan


def _next_meeting(group) -> Meeting:  # type: ignore[no-untyped-def]
    start = timezone.now().replace(microsecond=0) + timedelta(days=6)
    return meetings.meeting_create(
        group=group, starts_at=start, ends_at=start + timedelta(hours=2), user=None
    )


def _page(client: Client, meeting: Meeting) -> str:
    url = reverse("meetings:detail", kwargs={"municipality": "testby", "pk": meeting.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_overdue_by_one_day_is_on_the_next_beredningsgrupp_meeting_page(
    world: World, client: Client
) -> None:
    _plan, m, _d = adopted_plan(world)
    m.next_followup_due = timezone.localdate() - timedelta(days=1)
    m.save(update_fields=["next_followup_due"])
    client.force_login(world.alice)

    page = _page(client, _next_meeting(world.preparation))

    title = f"Uppföljning av {m.title} är försenad"
    measure_url = f"/k/testby/arbete/atgardsplaner/atgard/{m.pk}/"
    assert f'<a href="{measure_url}">{title}</a>' in page
    assert "Försenad" in page
    assert title not in _page(client, _next_meeting(world.steering))


def test_not_there_when_followed_up_in_time(world: World, client: Client) -> None:
    _plan, _m, _d = adopted_plan(world)  # due four weeks after a start two weeks ago
    client.force_login(world.alice)
    assert "är försenad" not in _page(client, _next_meeting(world.preparation))
