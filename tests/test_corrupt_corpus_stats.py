"""The statistics import's corrupt corpus (issue 10, item 10): bra, scb, ntu, survey, geografi.

Every file of ``tests.corpus.make.statistics_corpus()`` goes through the service, the command
and the upload page (review step), and each must be refused with Swedish messages — never a
traceback, a 5xx or a library's English — and write nothing: no value, series, provenance,
geography or import record. Geography files are a platform administrator's (shared data).
"""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from samverka.stats.importers import StatisticsFileError, import_statistics
from samverka.stats.reference import ensure_reference_geographies
from samverka.stats.testing import make_geography
from tests.corpus.checks import assert_swedish, table_counts
from tests.corpus.make import Case, statistics_corpus

CORPUS = statistics_corpus()
APPS = ("stats", "areas")


def test_the_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 30
    assert {fmt for fmt, _ in CORPUS} == {"bra", "scb", "ntu", "survey", "geografi"}


def _service(fmt: str, case: Case, world: World, before: dict[str, int]) -> None:
    user = world.root if fmt == "geografi" else world.alice
    try:
        import_statistics(
            case.data, filename=case.filename, fmt=fmt, municipality=world.testby, user=user
        )
    except StatisticsFileError as refused:
        assert_swedish([str(e) for e in refused.errors], f"service {case.name}")
    else:
        raise AssertionError(f"service {case.name}: accepted")
    assert table_counts(*APPS) == before, f"service {case.name}"


def _command(fmt: str, case: Case, tmp_path: Path, before: dict[str, int]) -> None:
    path = tmp_path / case.filename
    path.write_bytes(case.data)
    stderr = io.StringIO()
    where = [] if fmt == "geografi" else ["--municipality", "testby"]
    try:
        call_command(
            "import_statistics",
            str(path),
            "--format",
            fmt,
            *where,
            stdout=io.StringIO(),
            stderr=stderr,
        )
    except CommandError as failed:
        lines = [line for line in stderr.getvalue().splitlines() if line.startswith(path.name)]
        # The file's name (this corpus's English case names) is not the message.
        named = [text.replace(path.name, "") for text in (str(failed), *lines)]
        assert_swedish(named, f"command {case.name}")
    else:
        raise AssertionError(f"command {case.name}: accepted")
    assert table_counts(*APPS) == before, f"command {case.name}"


def _page(fmt: str, case: Case, clients: dict[str, Client], before: dict[str, int]) -> None:
    client = clients["root" if fmt == "geografi" else "alice"]
    url = reverse("stats:import", kwargs={"municipality": "testby"})
    response = client.post(
        url,
        {"format": fmt, "action": "preview", "file": SimpleUploadedFile(case.filename, case.data)},
    )
    assert response.status_code == 400, f"page {case.name}: {response.status_code}"
    errors = response.context["errors"] if response.context and "errors" in response.context else []
    if not errors:  # refused by the form (size, suffix): its field errors
        form = response.context["form"]
        errors = [str(e) for messages in form.errors.values() for e in messages]
    assert_swedish(list(errors), f"page {case.name}")
    assert table_counts(*APPS) == before, f"page {case.name}"


def test_every_corrupt_file_is_refused_everywhere_and_writes_nothing(
    world: World, tmp_path: Path
) -> None:
    ensure_reference_geographies()  # as the command does first, whatever the file
    make_geography("9999", "Testby", parent="14")
    before = table_counts(*APPS)
    clients = {}
    for name, user in (("alice", world.alice), ("root", world.root)):
        clients[name] = Client(raise_request_exception=False)
        clients[name].force_login(user)
    failures = []
    for fmt, case in CORPUS:
        for check in (
            partial(_service, fmt, case, world, before),
            partial(_command, fmt, case, tmp_path, before),
            partial(_page, fmt, case, clients, before),
        ):
            try:
                check()
            except Exception as exc:  # every case's failure is reported, not the first only
                failures.append(f"{case.name}: {type(exc).__name__}: {str(exc)[:300]}")
    assert not failures, f"{len(failures)} failure(s):\n" + "\n".join(failures)
