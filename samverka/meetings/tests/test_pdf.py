"""The agenda and the minutes as PDF: read back with pdftotext (poppler), the agenda items, the
notes and the decisions are in it — and the internal notes only for those who may see them."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.accounts.access import Access
from samverka.core.testing import World
from samverka.meetings import services
from samverka.meetings.models import Meeting, Minutes
from samverka.meetings.pdf import html_to_pdf, meeting_pdf


def pdf_text(data: bytes) -> str:
    program = shutil.which("pdftotext")
    assert program, "pdftotext is not installed (apt-get install poppler-utils)"
    assert data.startswith(b"%PDF-")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dokument.pdf"
        path.write_bytes(data)
        result = subprocess.run(
            [program, "-enc", "UTF-8", "-layout", str(path), "-"],
            capture_output=True,
            timeout=60,
            check=True,
        )
    # pdftotext may break a long line; compare words, not layout.
    return " ".join(result.stdout.decode("utf-8").split())


def _held_meeting(world: World) -> tuple[Meeting, Minutes]:
    starts = timezone.now().replace(microsecond=0) - timedelta(days=2)
    meeting = services.meeting_create(
        group=world.steering,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        user=None,
        title="Styrgruppen, december",
        location="Stadshuset",
    )
    item = services.agenda_item_add(meeting=meeting, title="Belysning i Hjällbo", user=None)
    services.agenda_item_add(meeting=meeting, title="Gångvägen vid skolan", parent=item, user=None)
    minutes = services.minutes_start(meeting=meeting, user=None)
    services.minutes_update(
        minutes=minutes,
        user=None,
        summary="Allmän intern sammanfattning",
        notes={item.pk: "Intern anteckning om belysningen"},
    )
    services.decision_record(
        meeting=meeting,
        title="Ny belysning längs gångvägen",
        text="Styrgruppen beslutar att förvaltningen sätter upp belysning före mars.",
        agenda_item=item,
        user=None,
    )
    return meeting, minutes


class TestPdf:
    def test_the_agenda_pdf_holds_the_items_and_the_decisions(self, world: World) -> None:
        meeting, _minutes = _held_meeting(world)
        mv = Access.for_user(world.dave, world.testby)
        text = pdf_text(meeting_pdf(meeting, None, mv, base_url="https://samverka.example.se"))
        assert "Styrgruppen, december" in text
        assert "Belysning i Hjällbo" in text
        assert "Gångvägen vid skolan" in text
        assert "Mötets öppnande och val av justerare" in text
        assert "§ 1 Ny belysning längs gångvägen" in text
        assert "Intern anteckning" not in text

    def test_the_minutes_pdf_holds_the_notes_for_a_member(self, world: World) -> None:
        meeting, minutes = _held_meeting(world)
        mv = Access.for_user(world.bob, world.testby)
        text = pdf_text(meeting_pdf(meeting, minutes, mv, base_url=""))
        assert "Intern anteckning om belysningen" in text
        assert "Allmän intern sammanfattning" in text
        assert "Version 1" in text
        assert "förvaltningen sätter upp belysning före mars" in text

    def test_the_minutes_are_left_out_for_someone_outside_the_group(self, world: World) -> None:
        meeting, minutes = _held_meeting(world)
        mv = Access.for_user(world.carol, world.testby)
        text = pdf_text(meeting_pdf(meeting, minutes, mv, base_url=""))
        assert "Intern anteckning" not in text
        assert "Belysning i Hjällbo" in text

    def test_the_renderer_fetches_nothing_from_outside(self, tmp_path: Path) -> None:
        secret = tmp_path / "hemlig.css"
        secret.write_text("body::after { content: 'LÄCKT' }")
        html = (
            f'<link rel="stylesheet" href="file://{secret}">'
            '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
            "<p>Innehåll</p>"
        )
        text = pdf_text(html_to_pdf(html, base_url=""))
        assert "Innehåll" in text
        assert "LÄCKT" not in text


class TestPdfViews:
    def _urls(self, meeting: Meeting) -> tuple[str, str]:
        kwargs = {"municipality": "testby", "pk": meeting.pk}
        return (
            reverse("meetings:agenda_pdf", kwargs=kwargs),
            reverse("meetings:minutes_pdf", kwargs={**kwargs, "version": 1}),
        )

    def test_a_member_downloads_both(self, world: World, client: Client) -> None:
        meeting, _minutes = _held_meeting(world)
        agenda, minutes = self._urls(meeting)
        client.force_login(world.bob)
        response = client.get(agenda)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="dagordning-styrgruppen-' in response["Content-Disposition"]
        assert "Belysning i Hjällbo" in pdf_text(response.content)
        response = client.get(minutes)
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('-v1.pdf"')
        assert "Intern anteckning om belysningen" in pdf_text(response.content)

    @pytest.mark.parametrize("username", ["carol", "dave"])
    def test_others_get_the_agenda_not_the_minutes(
        self, world: World, client: Client, username: str
    ) -> None:
        meeting, _minutes = _held_meeting(world)
        agenda, minutes = self._urls(meeting)
        client.force_login(getattr(world, username))
        assert client.get(agenda).status_code == 200
        assert client.get(minutes).status_code == 403

    def test_a_version_that_does_not_exist(self, world: World, client: Client) -> None:
        meeting, _minutes = _held_meeting(world)
        client.force_login(world.alice)
        url = reverse(
            "meetings:minutes_pdf",
            kwargs={"municipality": "testby", "pk": meeting.pk, "version": 7},
        )
        assert client.get(url).status_code == 404
