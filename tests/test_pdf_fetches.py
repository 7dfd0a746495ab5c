"""No PDF fetches a local file or a network address: hostile text in every text field that reaches
the agenda and minutes, the lägesbild and the fact sheet is printed as text, and the one renderer
(samverka.core.pdf) serves only static files and data: URLs. A local HTTP server on 127.0.0.1
records every hit and must see none."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.core import pdf
from samverka.core.testing import World
from samverka.incidents.tests.factories import make_incident
from samverka.meetings import services as meetings
from samverka.organisation.models import GoverningDocument, Group, Organisation
from samverka.reports import services as reports
from samverka.situation import services as situation
from samverka.situation.periods import parse_period


@dataclass
class Trap:
    """A web server nobody may reach, and the URLs the PDF renderer asked for."""

    port: int
    hits: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    served: list[str] = field(default_factory=list)

    def hostile(self, label: str) -> str:
        base = f"http://127.0.0.1:{self.port}"
        # Under 200 characters: it must fit a title.
        return (
            f'{label}<img src="file:///etc/passwd">'
            f'<link rel="stylesheet" href="{base}">'
            f'<b style="background:url({base})"></b>'
            f"<style>@import url({base});</style>"
        )


@pytest.fixture
def trap(monkeypatch: pytest.MonkeyPatch) -> Iterator[Trap]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body::after { content: 'LACKT' }")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state = Trap(port=server.server_address[1], hits=hits)
    original = pdf.StaticOnlyFetcher.fetch

    def recording(self: pdf.StaticOnlyFetcher, url: str, headers: Any = None) -> Any:
        state.asked.append(url)
        response = original(self, url, headers)
        state.served.append(url)
        return response

    monkeypatch.setattr(pdf.StaticOnlyFetcher, "fetch", recording)
    yield state
    server.shutdown()
    server.server_close()


def pdf_text(data: bytes) -> str:
    program = shutil.which("pdftotext")
    assert program, "pdftotext is not installed (apt-get install poppler-utils)"
    assert data.startswith(b"%PDF-")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dokument.pdf"
        path.write_bytes(data)
        result = subprocess.run(
            [program, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
        )
    return "".join(result.stdout.decode("utf-8").split())  # no whitespace: lines wrap anywhere


def _assert_nothing_fetched(trap: Trap) -> None:
    assert trap.hits == []
    for url in trap.served:
        assert url.startswith("data:") or pdf.static_path(url) is not None, url
    assert not any("passwd" in url or "127.0.0.1" in url for url in trap.served)


# --- the renderer itself --------------------------------------------------------------------------


def test_the_renderer_refuses_files_networks_and_traversal_and_serves_static(trap: Trap) -> None:
    base = f"http://127.0.0.1:{trap.port}"
    html = (
        '<link rel="stylesheet" href="/static/samverka.css">'
        f'<link rel="stylesheet" href="{base}/a.css">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        f"<style>@import url({base}/b.css); @import url(file:///etc/passwd);</style>"
        f'<div style="background: url({base}/c.png)">Innehåll</div>'
        f'<img src="ftp://127.0.0.1:{trap.port}/d.png">'
        '<img src="/static/../../../../etc/passwd">'
        '<img src="/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd">'
        '<img src="/static/..%2f..%2f..%2fetc/passwd">'
        '<img src="/static//etc/passwd">'
        '<img src="https://samverka.invalid/static/../config/settings.py">'
        f'<img src="{base}/static/samverka.css">'
        '<img src="gopher://127.0.0.1/x">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    )
    text = pdf_text(pdf.html_to_pdf(html))
    assert "Innehåll" in text and "LACKT" not in text
    assert trap.hits == []
    assert any(url.endswith("/static/samverka.css") for url in trap.served)
    assert "file:///etc/passwd" in trap.asked  # asked for, and refused
    _assert_nothing_fetched(trap)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/static/samverka.css",
        "https://samverka.invalid/static/../../etc/passwd",
        "https://samverka.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://samverka.invalid/static/vendor/..%2f..%2fsamverka.css",
        "https://samverka.invalid/static/%2fetc/passwd",
        "https://samverka.invalid/static/a%5c..%5c..%5cetc",
        "https://samverka.invalid/static/samverka.css%00.png",
        "https://samverka.invalid/static/",
        "https://samverka.invalid/etc/passwd",
        "ftp://samverka.invalid/static/samverka.css",
    ],
)
def test_static_path_refuses_anything_but_a_plain_static_file(url: str) -> None:
    assert pdf.static_path(url) is None


def test_static_path_finds_the_apps_own_files() -> None:
    found = pdf.static_path("https://samverka.invalid/static/samverka.css")
    assert found is not None and found.name == "samverka.css"


# --- every PDF, with hostile text in every field --------------------------------------------------

ESCAPED = '<imgsrc="file:///etc/passwd">'


def test_the_meeting_pdfs_print_hostile_text_as_text(
    world: World, client: Client, trap: Trap
) -> None:
    Group.objects.filter(pk=world.steering.pk).update(name=trap.hostile("grupp"))
    world.steering.refresh_from_db()
    starts = timezone.now().replace(microsecond=0) - timedelta(days=2)
    meeting = meetings.meeting_create(
        group=world.steering,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        user=None,
        title=trap.hostile("titel"),
        location=trap.hostile("plats"),
    )
    item = meetings.agenda_item_add(meeting=meeting, title=trap.hostile("punkt"), user=None)
    minutes = meetings.minutes_start(meeting=meeting, user=None)
    meetings.minutes_update(
        minutes=minutes,
        user=None,
        summary=trap.hostile("sammanfattning"),
        notes={item.pk: trap.hostile("anteckning")},
    )
    meetings.decision_record(
        meeting=meeting,
        title=trap.hostile("beslut"),
        text=trap.hostile("beslutstext"),
        agenda_item=item,
        user=None,
    )
    client.force_login(world.alice)
    kwargs = {"municipality": "testby", "pk": meeting.pk}
    agenda = client.get(reverse("meetings:agenda_pdf", kwargs=kwargs))
    assert agenda.status_code == 200
    text = pdf_text(agenda.content)
    assert ESCAPED in text and "punkt" in text
    minutes_url = reverse("meetings:minutes_pdf", kwargs={**kwargs, "version": minutes.version})
    response = client.get(minutes_url)
    assert response.status_code == 200, minutes_url
    text = pdf_text(response.content)
    assert ESCAPED in text and "beslutstext" in text and "sammanfattning" in text
    _assert_nothing_fetched(trap)


def test_the_lagesbild_pdf_prints_hostile_text_as_text(
    world: World, client: Client, trap: Trap
) -> None:
    world.area.name = trap.hostile("omrade")
    world.area.save()
    Organisation.objects.filter(pk=world.administration.pk).update(name=trap.hostile("aktor"))
    period = parse_period("2026-W45/2026-W46")
    for day in range(3):
        make_incident(
            world.testby,
            world.area,
            place_name=trap.hostile("platsnamn"),
            occurred_at=timezone.make_aware(datetime(2026, 11, 3 + day, 21)),
            organisation=world.administration,
        )
    report = situation.report_create(
        municipality=world.testby, area=world.area, period=period, user=world.alice
    )
    situation.report_update(
        report=report,
        user=world.alice,
        assessment=trap.hostile("bedomning"),
        statuses={world.area.pk: ("red", trap.hostile("skal"))},
    )
    client.force_login(world.alice)
    response = client.get(
        reverse("situation:pdf", kwargs={"municipality": "testby", "pk": report.pk})
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert ESCAPED in text and "bedomning" in text and "skal" in text
    _assert_nothing_fetched(trap)


def test_the_fact_sheet_pdf_prints_hostile_text_as_text(
    world: World, client: Client, trap: Trap
) -> None:
    world.area.name = trap.hostile("omrade")
    world.area.save()
    Group.objects.filter(area=world.area).update(name=trap.hostile("grupp"))
    GoverningDocument.objects.filter(pk=world.document.pk).update(title=trap.hostile("dokument"))
    reports.fact_sheet_text_set(
        municipality=world.testby,
        key="kom_igang",
        title=trap.hostile("rubrik"),
        body=trap.hostile("text") + "\n\n- " + trap.hostile("punkt"),
        user=world.alice,
    )
    client.force_login(world.alice)
    response = client.get(
        reverse("reports:factsheet_pdf", kwargs={"municipality": "testby", "pk": world.area.pk})
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert ESCAPED in text and "omrade" in text
    _assert_nothing_fetched(trap)
