"""Malformed input to the incident pages, imports, API and commands never crashes: a message
and a 4xx (or the form again), never a 500, and a refused write changes nothing.

The sweep in test_malformed_input.py covers every form of ours generically; this adds what it
cannot know: broken files of every import format, date-time fields, query filters, weeks, and
the import command.
"""

from __future__ import annotations

import io
import json
from functools import partial
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from samverka.core.testing import World
from samverka.incidents.imports.jobs import process_job
from samverka.incidents.models import ImportJob, ImportStatus
from samverka.incidents.tests.factories import category
from tests.test_malformed_input import HUGE, NUL, _client, _Crashes

BAD_DATETIMES = [
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-02-31T12:00",
    "2026-13-01",
    "10000-01-01T00:00",
    "2026-03-29T02:30",  # does not exist in Sweden (summer time starts)
    "abc",
    HUGE,
    NUL,
    "",
]
BAD_NUMBERS = ["1e400", "-1e400", "nan", "inf", "abc", "99999999999999999999", NUL]


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BAD_FILES: list[tuple[str, bytes]] = [
    ("tom.csv", b""),
    ("nul.csv", b"tidpunkt;kategori\x00;omr\n\x00\x00"),
    ("binar.csv", bytes(range(256)) * 20),
    ("cp1252.csv", "tidpunkt;kategori;område\n2026-11-02;Skadegörelse;Ö\n".encode("cp1252")),
    ("citat.csv", b'tidpunkt;kategori;omr\xc3\xa5de\n"2026-11-02;"Klotter\n'),
    ("bara-rubrik.csv", "tidpunkt;kategori;område\n".encode()),
    (
        "lang-cell.csv",
        ("tidpunkt;kategori;område\n2026-11-02;" + "x" * 2_000_000 + ";A\n").encode(),
    ),
    ("manga-kolumner.csv", (";".join(["a"] * 5000) + "\n").encode()),
    (
        "datum.csv",
        (
            "tidpunkt;kategori;område\n0001-01-01;Klotter;Norra Testby\n"
            "9999-12-31 23:59;Klotter;Norra Testby\n2026-11-02 25:61;Klotter;Norra Testby\n"
        ).encode(),
    ),
    (
        "tal.csv",
        b"tidpunkt;kategori;latitud;longitud;antal\n2026-11-02;Klotter;nan;inf;1e400\n"
        b"2026-11-02;Klotter;1e400;-1e400;-5\n",
    ),
    ("inte-zip.xlsx", b"PK\x03\x04\x14\x00garbage"),
    ("tom.xlsx", b""),
    (
        "celler.xlsx",
        _xlsx(
            [
                ["tidpunkt", "kategori", "område", "antal"],
                [float("inf"), 1e300, True, "x"],
                [None, None, None, 10**20],
            ]
        ),
    ),
    ("tom.json", b""),
    ("djup.json", b"[" * 100_000),
    ("objekt.json", b'{"events": []}'),
    (
        "fel-typer.json",
        json.dumps(
            [
                None,
                1,
                "a",
                [],
                {"id": {"a": 1}, "datetime": 5, "type": [], "location": "x"},
                {
                    "id": 1,
                    "datetime": "0001-01-01 00:00:00 +01:00",
                    "type": "Brand",
                    "location": {"gps": "1e400,5"},
                },
            ]
        ).encode(),
    ),
    (
        "surrogat.json",
        b'[{"id": "\\ud800", "datetime": "2026-11-02 10:00:00 +01:00", "type": "Brand", '
        b'"location": {"name": "\\u0000"}}]',
    ),
]


def _url(name: str, **kwargs: Any) -> str:
    return reverse(f"incidents:{name}", kwargs={"municipality": "testby", **kwargs})


def test_broken_import_files_are_refused_with_messages(prepared_world: World, db: None) -> None:
    world = prepared_world
    client = _client(world)
    crashes = _Crashes()
    for name, content in BAD_FILES:
        for fmt in ("", "csv", "xlsx", "polisen"):
            data = {"file": SimpleUploadedFile(name, content), "format": fmt}
            crashes.check(
                "POST",
                _url("import"),
                {"file": name, "format": fmt},
                partial(client.post, _url("import"), data),
            )
    crashes.assert_none()
    jobs = ImportJob.objects.exclude(filename="authz.csv")
    assert jobs.exists()
    assert not jobs.exclude(status=ImportStatus.INVALID).exclude(summary__new=0).exists()
    for job in jobs.filter(status=ImportStatus.INVALID)[:5]:
        page = client.get(_url("import_job", pk=job.pk))
        assert page.status_code == 200
        assert job.errors and all(e["message"] for e in job.errors)


def test_broken_files_never_crash_the_command(world: World, tmp_path: Any) -> None:
    refused = []
    for name, content in BAD_FILES:
        path = tmp_path / name
        path.write_bytes(content)
        try:  # a clear refusal or, for a file of headings only, nothing imported
            call_command(
                "import_incidents",
                str(path),
                "--municipality",
                "testby",
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
        except CommandError:
            refused.append(name)
    assert set(refused) == {name for name, _ in BAD_FILES} - {"bara-rubrik.csv"}
    with pytest.raises(CommandError):
        call_command(
            "import_incidents", str(tmp_path / "finns-inte.csv"), "--municipality", "testby"
        )
    with pytest.raises(CommandError):
        call_command("import_incidents", str(tmp_path / "tom.csv"), "--municipality", "nowhere")


def test_a_job_whose_file_has_gone_fails_with_a_message(prepared_world: World, db: None) -> None:
    job = ImportJob.objects.get(filename="authz.csv")
    job.file.delete(save=False)
    job.status = ImportStatus.QUEUED
    job.save()
    assert process_job(job.pk).status == ImportStatus.FAILED  # type: ignore[union-attr]


def test_the_entry_form_refuses_bad_times_and_numbers(prepared_world: World, db: None) -> None:
    world = prepared_world
    client = _client(world)
    crashes = _Crashes()
    base = {
        "category": str(category(world.testby, "klotter").pk),
        "area": str(world.area.pk),
        "occurred_at": "2026-11-20T21:14",
        "event_count": "1",
    }
    for field in ("occurred_at", "occurred_until"):
        for value in BAD_DATETIMES:
            data = {**base, field: value}
            crashes.check("POST", _url("create"), data, partial(client.post, _url("create"), data))
    for field in ("latitude", "longitude", "event_count"):
        for value in BAD_NUMBERS:
            data = {**base, "latitude": "57.7", "longitude": "12.2", field: value}
            crashes.check("POST", _url("create"), data, partial(client.post, _url("create"), data))
    crashes.assert_none()


def test_filters_weeks_and_mappings_never_crash(prepared_world: World, db: None) -> None:
    world = prepared_world
    client = _client(world)
    crashes = _Crashes()
    junk = ["abc", "-1", "99999999999999999999", "2026-02-31", "2026-W99", "0001-01-01", NUL, HUGE]
    for value in junk:
        for name in ("index", "round"):
            for key in ("area", "category", "start", "end", "status", "source", "week", "sida"):
                url = _url(name)
                crashes.check("GET", url, {key: value}, partial(client.get, url, {key: value}))
        url = _url("nothing_to_report")
        data = {"area": world.area.pk, "organisation": world.police.pk, "week": value}
        crashes.check("POST", url, data, partial(client.post, url, data))
        url = _url("remind")
        crashes.check("POST", url, {"week": value}, partial(client.post, url, {"week": value}))
        url = _url("column_mapping")
        data = {"organisation": value, "occurred_at": value, "category": value}
        crashes.check("POST", url, data, partial(client.post, url, data))
        url = _url("roster_entry", pk=world.area.pk)
        crashes.check("POST", url, {"action": value}, partial(client.post, url, {"action": value}))
    crashes.assert_none()


def test_api_filters_and_times_never_crash(prepared_world: World, db: None) -> None:
    world = prepared_world
    client: Client = _client(world)
    crashes = _Crashes()
    api = partial(reverse, kwargs={"municipality_slug": "testby"})
    junk = ["abc", "-1", "99999999999999999999", "2026-02-31", "2026-W99", NUL, HUGE]
    for value in junk:
        for key in ("area", "category", "organisation", "start", "end", "week", "status", "source"):
            url = api("api-incident-list")
            crashes.check("GET", url, {key: value}, partial(client.get, url, {key: value}))
        for key in ("area", "weeks"):
            url = api("api-incident-coverage")
            crashes.check("GET", url, {key: value}, partial(client.get, url, {key: value}))
        for key in ("week",):
            url = api("api-nothing-to-report-list")
            crashes.check("GET", url, {key: value}, partial(client.get, url, {key: value}))
    body: dict[str, Any] = {
        "category": category(world.testby, "brand").pk,
        "area": world.area.pk,
        "occurred_at": "2026-11-20T21:14:00+01:00",
    }
    url = api("api-incident-list")
    for field in ("occurred_at", "occurred_until"):
        values: list[Any] = [*BAD_DATETIMES, "2026-11-20T21:14:00+99:00", 1e300, 10**30]
        for value in values:
            payload = {**body, field: value}
            crashes.check(
                "POST",
                url,
                payload,
                partial(client.post, url, json.dumps(payload), content_type="application/json"),
            )
    for field in ("latitude", "longitude"):
        for raw in ("1e400", "NaN", "Infinity", "-1e400"):
            text = json.dumps(body)[:-1] + f', "{field}": {raw}}}'
            crashes.check(
                "POST", url, text, partial(client.post, url, text, content_type="application/json")
            )
    crashes.assert_none()
