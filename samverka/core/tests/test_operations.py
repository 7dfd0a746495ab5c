"""Operations (docs/operations.md): liveness without the database, readiness that says when the
database is down, a request id on every answer and log record, and /metrics for monitoring only."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, override_settings

from samverka.core.request_id import JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def database_down() -> Iterator[None]:
    def refuse(self: BaseDatabaseWrapper) -> None:
        raise OperationalError('connection to server at "127.0.0.1", port 9 failed')

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse):
        yield


def test_live_answers_without_the_database(database_down: None) -> None:
    response = Client(raise_request_exception=False).get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_answers_503_when_the_database_is_down(database_down: None) -> None:
    response = Client(raise_request_exception=False).get("/health/ready")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response.json()["detail"] == "Databasen går inte att nå."


@pytest.mark.django_db
def test_ready_reports_the_unfinished_background_jobs(world: object) -> None:
    from samverka.incidents.models import ImportJob, ImportStatus

    ImportJob.objects.create(
        municipality=world.testby,  # type: ignore[attr-defined]
        filename="händelser.csv",
        status=ImportStatus.QUEUED,
    )
    response = Client().get("/health/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "not configured"
    assert body["background_jobs_unfinished"]["incidents.importjob"] == 1


def test_a_well_formed_request_id_is_kept_and_a_malformed_one_replaced(
    database_down: None,
) -> None:
    client = Client(raise_request_exception=False)
    assert client.get("/health/live", HTTP_X_REQUEST_ID="nginx-4f2a9c")["X-Request-ID"] == (
        "nginx-4f2a9c"
    )
    forged = client.get("/health/live", HTTP_X_REQUEST_ID="a\nb INFO forged line")
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])
    first = client.get("/health/live")["X-Request-ID"]
    assert first != client.get("/health/live")["X-Request-ID"]


def test_every_log_record_of_a_request_carries_its_id(database_down: None) -> None:
    """Through the configured filter and the JSON formatter: the readiness probe logs the
    database error, and Django logs the 503 after the middleware has returned."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        # The test client closes the response, as a WSGI server does.
        Client(raise_request_exception=False).get("/health/ready", HTTP_X_REQUEST_ID="drill-0001")
    finally:
        root.removeHandler(handler)
    records = [json.loads(line) for line in lines]
    assert {r["logger"] for r in records} >= {"samverka.core.health_views", "django.request"}
    assert {r["request_id"] for r in records} == {"drill-0001"}
    assert any("exception" in r for r in records)


def test_log_format_json_writes_json_lines(tmp_path: Path) -> None:
    code = (
        "import django, logging, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        "django.setup(); logging.getLogger('samverka.x').warning('hej %s', 'då')"
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "SAMVERKA_DATA_DIR": str(tmp_path / "data"),
        "LOG_FORMAT": "json",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["message"] == "hej då"
    assert entry["level"] == "WARNING"
    assert entry["request_id"] == "-"


def test_metrics_is_off_without_a_token_or_address(db: None) -> None:
    assert Client().get("/metrics").status_code == 404


@override_settings(SAMVERKA_METRICS_TOKEN="s3cret-token", SAMVERKA_METRICS_ALLOWED_IPS=[])
def test_metrics_needs_the_token(db: None) -> None:
    client = Client()
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="s3cret-token").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200


@override_settings(SAMVERKA_METRICS_TOKEN="", SAMVERKA_METRICS_ALLOWED_IPS=["10.0.5.0/24"])
def test_metrics_answers_an_allowed_network_only(db: None) -> None:
    assert Client(REMOTE_ADDR="10.0.5.17").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="10.0.6.17").get("/metrics").status_code == 403


def _samples(text: str) -> dict[str, float]:
    """Sample lines of the Prometheus text format: ``name{labels}`` → value."""
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            samples[key] = float(value)
    return samples


@override_settings(SAMVERKA_METRICS_TOKEN="s3cret-token")
@pytest.mark.django_db
def test_metrics_count_requests_queries_and_jobs_in_prometheus_format(world: object) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    from samverka.incidents.models import ImportJob, ImportStatus

    ImportJob.objects.create(
        municipality=world.testby,  # type: ignore[attr-defined]
        filename="a.csv",
        status=ImportStatus.DONE,
    )
    client = Client()
    auth = {"Authorization": "Bearer s3cret-token"}
    before = _samples(client.get("/metrics", headers=auth).content.decode())
    client.get("/health/ready")
    client.get("/health/ready")
    response = client.get("/metrics", headers=auth)
    assert response["Content-Type"].startswith("text/plain; version=")
    text = response.content.decode()
    families = {f.name: f for f in text_string_to_metric_families(text)}  # parses, or raises
    assert families["samverka_http_request_duration_seconds"].type == "histogram"
    after = _samples(text)

    key = 'samverka_http_requests_total{method="GET",status="200",view="health-ready"}'
    assert after[key] - before.get(key, 0) == 2
    queries = 'samverka_db_queries_total{view="health-ready"}'
    assert after[queries] - before.get(queries, 0) >= 2
    count = 'samverka_http_request_duration_seconds_count{view="health-ready"}'
    assert after[count] - before.get(count, 0) == 2
    assert after['samverka_background_jobs{kind="incidents.importjob",state="done"}'] == 1
    assert after["samverka_database_up"] == 1
