"""What later apps put on a meeting's agenda (samverka.core.extensions.register_agenda_source):
listed under the follow-up item next to the open commitments — on the meeting page, in the
agenda's PDF, in the minutes and in the API — each with its title, detail, due date, a written
"Försenad" when overdue and its link; only on the meetings the source names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samverka.accounts.access import Access
from samverka.core import extensions
from samverka.core.extensions import AgendaEntry, register_agenda_source, unregister_agenda_source
from samverka.core.testing import World
from samverka.meetings import services
from samverka.meetings.documents import document_context
from samverka.meetings.models import Meeting
from samverka.meetings.pdf import meeting_pdf
from samverka.meetings.selectors import agenda_for
from samverka.meetings.tests.test_pdf import pdf_text

pytestmark = pytest.mark.django_db

LATE = "Uppföljning av trygghetsvandringen i Hjällbo"
COMING = "Utvärdera belysningen i tunneln"
FOLLOW_UP_URL = "/k/testby/arbete/uppfoljningar/12/"


def entries_for(group_id: int, due_late: date, due_coming: date) -> Any:
    """A fake source: two follow-ups for the meetings of one group, nothing for others."""

    def source(meeting: Meeting) -> list[AgendaEntry]:
        if meeting.group_id != group_id:
            return []
        return [
            AgendaEntry(
                key="test.followup:12",
                title=LATE,
                detail="Arbetsgruppen Hjällbo har inte rapporterat",
                url=FOLLOW_UP_URL,
                due=due_late,
                overdue=True,
                source="Åtgärdsplan",
            ),
            AgendaEntry(
                key="test.followup:13",
                title=COMING,
                url="javascript:alert(1)",
                due=due_coming,
                source="Åtgärdsplan",
            ),
        ]

    return source


@pytest.fixture(autouse=True)
def only_test_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """The apps' own sources (the process app's overdue follow-ups …) are left out here: these
    tests are about how meetings shows what any source brings."""
    monkeypatch.setattr(extensions, "_AGENDA_SOURCES", {})


@pytest.fixture
def late(world: World) -> Iterator[tuple[date, date]]:
    """The fake source registered for the steering group, taken away after the test."""
    today = timezone.localdate()
    dues = (today - timedelta(days=1), today + timedelta(days=14))
    register_agenda_source("test-follow-ups", entries_for(world.steering.pk, *dues))
    yield dues
    unregister_agenda_source("test-follow-ups")


def meeting_of(group, days: int = 5) -> Meeting:  # type: ignore[no-untyped-def]
    start = timezone.now().replace(microsecond=0) + timedelta(days=days)
    return services.meeting_create(
        group=group, starts_at=start, ends_at=start + timedelta(hours=2), user=None
    )


def detail_url(meeting: Meeting) -> str:
    return reverse("meetings:detail", kwargs={"municipality": "testby", "pk": meeting.pk})


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_follow_up_item_lists_the_sources_entries(client, world: World, late) -> None:
    due_late, _due_coming = late
    meeting = meeting_of(world.steering)
    client.force_login(world.dave)

    response = client.get(detail_url(meeting))

    assert response.status_code == 200
    follow_up = next(e for e in response.context["agenda"].entries if e.from_sources)
    assert follow_up.item.kind == "commitments"
    assert [e.title for e in follow_up.from_sources] == [LATE, COMING]
    page = response.content.decode()
    text = words(page)
    assert "Mer att följa upp" in text
    assert f'<a href="{FOLLOW_UP_URL}">{LATE}</a>' in page
    assert "Arbetsgruppen Hjällbo har inte rapporterat" in text
    # The due date as Swedish dates are written, with its week.
    assert f"{due_late:%Y-%m-%d} (v. {due_late.isocalendar()[1]})" in text
    # Overdue is said in words, not only by colour; the other is not late.
    assert text.count("Försenad") == 1
    assert "Ej försenad" in text
    # A link that is not a path on this site is dropped, the entry stays.
    assert "javascript:" not in page
    assert COMING in text


def test_other_groups_meetings_get_nothing(client, world: World, late) -> None:
    meeting = meeting_of(world.preparation)
    agenda = agenda_for(meeting)
    assert all(not entry.from_sources for entry in agenda.flat())
    client.force_login(world.alice)
    assert LATE not in client.get(detail_url(meeting)).content.decode()


def test_without_a_follow_up_item_nothing_is_listed(world: World, late) -> None:
    meeting = meeting_of(world.steering)
    meeting.agenda_items.filter(kind="commitments").delete()
    assert all(not entry.from_sources for entry in agenda_for(meeting).flat())


def test_the_agenda_pdf_lists_them_with_the_sites_address(world: World, late) -> None:
    due_late, _due_coming = late
    meeting = meeting_of(world.steering)
    viewer = Access.for_user(world.dave, world.testby)

    text = pdf_text(meeting_pdf(meeting, None, viewer, base_url="https://s.example"))

    # pdftotext lays a table cell's wrapped lines out between the other columns.
    assert "Mer att följa upp" in text
    assert "Uppföljning av trygghetsvandringen" in text and COMING in text
    assert "Försenad" in text and "Ej försenad" in text
    assert f"{due_late:%Y-%m-%d}" in text


def test_the_minutes_document_lists_them_with_absolute_links(world: World, late) -> None:
    from django.template.loader import render_to_string

    start = timezone.now().replace(microsecond=0) - timedelta(days=1)
    meeting = services.meeting_create(
        group=world.steering, starts_at=start, ends_at=start + timedelta(hours=2), user=None
    )
    minutes = services.minutes_start(meeting=meeting, user=None)
    viewer = Access.for_user(world.alice, world.testby)
    context = document_context(
        meeting, minutes, viewer, for_print=True, base_url="https://s.example"
    )

    html = render_to_string("meetings/meeting_document.html", context)

    assert f'href="https://s.example{FOLLOW_UP_URL}"' in html
    assert "Försenad" in words(html)


def test_the_api_agenda_has_them(client, world: World, late) -> None:
    due_late, _due_coming = late
    meeting = meeting_of(world.steering)
    client.force_login(world.dave)

    response = client.get(f"/api/v1/municipalities/testby/meetings/{meeting.pk}/agenda/")

    assert response.status_code == 200
    follow_up = next(e for e in response.json()["entries"] if e["from_sources"])
    first, second = follow_up["from_sources"]
    assert first == {
        "key": "test.followup:12",
        "title": LATE,
        "detail": "Arbetsgruppen Hjällbo har inte rapporterat",
        "url": f"http://testserver{FOLLOW_UP_URL}",
        "due": due_late.isoformat(),
        "overdue": True,
        "source": "Åtgärdsplan",
    }
    assert second["url"] == "" and second["overdue"] is False


def test_no_source_no_table(client, world: World) -> None:
    meeting = meeting_of(world.steering)
    client.force_login(world.dave)
    page = client.get(detail_url(meeting)).content.decode()
    assert "Mer att följa upp" not in page
