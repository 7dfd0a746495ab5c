"""`samverka fetch_police_events`: keeps a municipality's incidents current from the police's
feed, idempotently, and reports what it did. Never the network: a file, or a local server."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.accounts.models import Municipality
from samverka.background.worker import run_queued
from samverka.core.testing import World
from samverka.incidents.models import Incident, PoliceFeed
from samverka.incidents.services import police_feed
from samverka.incidents.tasks import fetch_police_feed

FEEDS = Path(__file__).parent / "feeds"
FEED = FEEDS / "testby-tidsomstallning.json"


def _run(*args: str) -> str:
    out = StringIO()
    call_command(
        "fetch_police_events", "--municipality", "testby", *args, stdout=out, stderr=StringIO()
    )
    return out.getvalue()


def test_a_second_run_of_the_same_feed_adds_nothing(world: World) -> None:
    first = _run("--file", str(FEED))
    second = _run("--file", str(FEED))

    assert "7 nya, 0 uppdaterade, 0 oförändrade, 0 i annan kommun" in first
    assert "0 nya, 0 uppdaterade, 7 oförändrade, 0 i annan kommun" in second
    assert Incident.objects.filter(municipality=world.testby).count() == 7


def test_a_malformed_feed_is_refused_and_writes_nothing(world: World) -> None:
    with pytest.raises(CommandError, match="2 fel – inget har importerats"):
        _run("--file", str(FEEDS / "testby-trasig.json"))
    assert Incident.objects.count() == 0


class _Feed(BaseHTTPRequestHandler):
    paths: list[str] = []

    def do_GET(self) -> None:
        _Feed.paths.append(self.path)
        body = FEED.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_feed() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Feed.paths.clear()
    try:
        yield f"http://127.0.0.1:{server.server_port}/api/events"
    finally:
        server.shutdown()
        server.server_close()


def test_the_feed_is_fetched_for_the_municipality_by_name(world: World, local_feed: str) -> None:
    with override_settings(SAMVERKA_POLICE_FEED_URL=local_feed):
        output = _run()

    assert _Feed.paths == ["/api/events?locationname=Testby"]
    assert "7 nya" in output
    assert Incident.objects.filter(municipality=world.testby).count() == 7


def test_fetching_can_be_turned_off(world: World) -> None:
    with (
        override_settings(SAMVERKA_POLICE_FEED_URL="off"),
        pytest.raises(CommandError, match="avstängd"),
    ):
        _run()
    assert Incident.objects.count() == 0


def test_an_unreachable_feed_is_a_clear_error_and_writes_nothing(world: World) -> None:
    with socket.socket() as closed:  # a port nobody listens on any more
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with (
        override_settings(SAMVERKA_POLICE_FEED_URL=f"http://127.0.0.1:{port}/api/events"),
        pytest.raises(CommandError, match="kunde inte nås"),
    ):
        _run()
    assert Incident.objects.count() == 0


def test_the_schedule_fetches_for_the_municipalities_that_turned_it_on(
    world: World, local_feed: str
) -> None:
    call_command("fetch_police_events", "--municipality", "testby", "--turn-on", stdout=StringIO())
    call_command(
        "fetch_police_events", "--municipality", "annanstad", "--turn-on", stdout=StringIO()
    )
    call_command(
        "fetch_police_events", "--municipality", "annanstad", "--turn-off", stdout=StringIO()
    )
    fetch_police_feed.enqueue()  # as the worker's schedule does every quarter of an hour

    with override_settings(SAMVERKA_POLICE_FEED_URL=local_feed):
        assert run_queued() == 1

    assert _Feed.paths == ["/api/events?locationname=Testby"]  # not Annanstad's, turned off
    assert Incident.objects.filter(municipality=world.testby).count() == 7
    feed = PoliceFeed.objects.get(municipality=world.testby)
    assert feed.last_fetched_at is not None
    assert feed.last_outcome.startswith("7 händelser i flödet, 7 nya")
    [result] = DBTaskResult.objects.all()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"testby": feed.last_outcome}


def test_one_municipalitys_failed_fetch_is_recorded_and_the_others_still_fetched(
    world: World, local_feed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    PoliceFeed.objects.create(municipality=world.annanstad)
    PoliceFeed.objects.create(municipality=world.testby)
    fetch = police_feed.fetch_feed

    def annanstad_is_down(municipality: Municipality) -> tuple[str, bytes]:
        if municipality.slug == "annanstad":
            raise ValidationError("Polisens tjänst svarade 503.")
        return fetch(municipality)

    monkeypatch.setattr(police_feed, "fetch_feed", annanstad_is_down)
    fetch_police_feed.enqueue()

    with override_settings(SAMVERKA_POLICE_FEED_URL=local_feed):
        run_queued()

    outcomes = dict(PoliceFeed.objects.values_list("municipality__slug", "last_outcome"))
    assert outcomes["annanstad"] == "Fel: Polisens tjänst svarade 503."
    assert outcomes["testby"].startswith("7 händelser i flödet, 7 nya")
    assert Incident.objects.filter(municipality=world.testby).count() == 7


def test_every_feed_failing_fails_the_task_so_the_status_page_shows_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    PoliceFeed.objects.create(municipality=world.annanstad)
    PoliceFeed.objects.create(municipality=world.testby)

    def police_down(municipality: Municipality) -> tuple[str, bytes]:
        raise ValidationError("Polisens tjänst svarade 503.")

    monkeypatch.setattr(police_feed, "fetch_feed", police_down)
    fetch_police_feed.enqueue()

    run_queued()

    [result] = DBTaskResult.objects.all()
    assert result.status == TaskResultStatus.FAILED  # no retry: the next quarter comes
    assert result.exception_class_path.endswith("PoliceFeedDown")
    assert "kunde inte hämtas för någon kommun (2 st)" in result.traceback
    assert "Polisens tjänst svarade 503." in result.traceback
    # Each feed still records its own outcome for the coordinator's page.
    assert set(PoliceFeed.objects.values_list("last_outcome", flat=True)) == {
        "Fel: Polisens tjänst svarade 503."
    }
