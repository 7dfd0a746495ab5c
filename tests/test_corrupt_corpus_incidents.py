"""The incident import's corrupt corpus (issue 10, item 10): CSV, XLSX and the police's events.

Every file of ``tests.corpus.make.incident_corpus()`` goes through the three ways in — the
service, the command and the upload page — and each must be refused with Swedish messages,
never a traceback, a 5xx or a library's English, and write no incident (the upload page leaves
its refusal on an import job: that row is the record of the refusal, not data). One test walks
the whole corpus, so that the world is made once; it reports every case that fails.
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
from samverka.incidents.imports import ImportRefused, import_file
from samverka.incidents.models import ImportJob, ImportStatus
from samverka.incidents.services.taxonomy import ensure_taxonomy
from tests.corpus.checks import assert_swedish, table_counts
from tests.corpus.make import Case, incident_corpus

CORPUS = incident_corpus()
SUFFIX_FORMAT = {".csv": "csv", ".xlsx": "xlsx", ".json": "polisen"}
APPS = ("incidents", "situation", "areas", "organisation")
JOBS = ("incidents.ImportJob",)
# A file of headings alone imports nothing and says so (tests/test_malformed_input_incidents.py).
HEADINGS_ONLY = {"header-only", "header-only-bom", "double-bom-header-only", "xlsx-header-only"}


def _without_jobs(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if k not in JOBS}


def test_the_corpus_is_big_enough() -> None:
    formats = {SUFFIX_FORMAT[Path(c.filename).suffix] for c in CORPUS}
    assert len([c for c in CORPUS if c.name not in HEADINGS_ONLY]) >= 30
    assert formats == {"csv", "xlsx", "polisen"}


def _service(case: Case, world: World, before: dict[str, int]) -> None:
    fmt = SUFFIX_FORMAT[Path(case.filename).suffix]
    try:
        checked = import_file(
            case.data,
            fmt=fmt,
            municipality=world.testby,
            organisation=None,
            user=world.alice,
            filename=case.filename,
        )
    except ImportRefused as refused:
        assert case.name not in HEADINGS_ONLY
        assert_swedish([str(e) for e in refused.errors], f"service {case.name}")
    else:
        # Headings and no rows: an import of nothing, as it has always been.
        assert case.name in HEADINGS_ONLY, f"service {case.name}: accepted"
        assert (checked.rows, checked.new_count) == (0, 0)
    assert table_counts(*APPS, exclude=JOBS) == _without_jobs(before), f"service {case.name}"


def _command(case: Case, tmp_path: Path, before: dict[str, int]) -> None:
    path = tmp_path / case.filename
    path.write_bytes(case.data)
    stderr = io.StringIO()
    try:
        call_command(
            "import_incidents",
            str(path),
            "--municipality",
            "testby",
            stdout=io.StringIO(),
            stderr=stderr,
        )
    except CommandError as failed:
        lines = [line for line in stderr.getvalue().splitlines() if line.startswith(path.name)]
        # The file's name (this corpus's English case names) is not the message.
        named = [text.replace(path.name, "") for text in (str(failed), *lines)]
        assert_swedish(named, f"command {case.name}")
    else:
        assert case.name in HEADINGS_ONLY, f"command {case.name}: accepted"
    assert table_counts(*APPS, exclude=JOBS) == _without_jobs(before), f"command {case.name}"


def _page(case: Case, client: Client, before: dict[str, int], render: bool) -> None:
    url = reverse("incidents:import", kwargs={"municipality": "testby"})
    last = ImportJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.post(url, {"file": SimpleUploadedFile(case.filename, case.data)})
    assert response.status_code in (302, 400), f"page {case.name}: {response.status_code}"
    if response.status_code == 302:
        job = ImportJob.objects.filter(pk__gt=last).first()
        assert job is not None, f"page {case.name}: no job (redirected to {response['Location']})"
        if case.name in HEADINGS_ONLY:
            assert job.total_rows == 0
        else:
            assert job.status == ImportStatus.INVALID, f"page {case.name}: {job.status}"
            assert_swedish([e["message"] for e in job.errors], f"page {case.name}")
        if render:
            assert client.get(response["Location"]).status_code == 200, f"job page {case.name}"
    assert table_counts(*APPS, exclude=JOBS) == _without_jobs(before), f"page {case.name}"


def test_every_corrupt_file_is_refused_everywhere_and_writes_nothing(
    world: World, tmp_path: Path
) -> None:
    ensure_taxonomy(world.testby)  # made on the import's first use, whatever the file
    before = table_counts(*APPS)
    client = Client(raise_request_exception=False)
    client.force_login(world.alice)
    client.get(reverse("incidents:import", kwargs={"municipality": "testby"}))
    failures = []
    for index, case in enumerate(CORPUS):
        checks = (
            partial(_service, case, world, before),
            partial(_command, case, tmp_path, before),
            # Every refused job's page is one template: render a sample of them.
            partial(_page, case, client, before, render=index % 8 == 0),
        )
        for check in checks:
            try:
                check()
            except Exception as exc:  # every case's failure is reported, not the first only
                failures.append(f"{case.name}: {type(exc).__name__}: {str(exc)[:300]}")
    assert not failures, f"{len(failures)} failure(s):\n" + "\n".join(failures)
