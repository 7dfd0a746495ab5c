"""The organisation file's corrupt corpus (issue 10, item 10): YAML and JSON.

Every file of ``tests.corpus.make.organisation_corpus()`` goes through the service (parse and
import), the command and the upload page, and each must be refused with Swedish messages —
never a traceback, a 5xx or ruamel's English — and change nothing. The bombs (aliases, 100 000
levels of brackets) must be refused before they are expanded: the whole corpus runs in seconds.
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
from samverka.organisation.orgfile import (
    OrganisationFileError,
    export_organisation,
    import_organisation,
    parse_organisation_file,
)
from samverka.organisation.tests.orgfile_helpers import snapshot
from tests.corpus.checks import assert_swedish
from tests.corpus.make import Case, organisation_corpus


def _service(case: Case, before: object) -> None:
    try:
        text = case.data.decode("utf-8")
    except UnicodeDecodeError:
        return  # the page and the command refuse it before parsing; checked there
    try:
        parsed = parse_organisation_file(text, filename=case.filename)
        import_organisation(parsed, dry_run=True)
    except OrganisationFileError as refused:
        assert_swedish([str(e) for e in refused.errors], f"service {case.name}")
    else:
        raise AssertionError(f"service {case.name}: accepted")
    assert snapshot() == before, f"service {case.name}"


def _command(case: Case, tmp_path: Path, before: object) -> None:
    path = tmp_path / case.filename
    path.write_bytes(case.data)
    stderr = io.StringIO()
    try:
        call_command("import_organisation", str(path), stdout=io.StringIO(), stderr=stderr)
    except CommandError as failed:
        lines = [line for line in stderr.getvalue().splitlines() if line.startswith(path.name)]
        # The file's name (this corpus's English case names) is not the message.
        named = [text.replace(path.name, "") for text in (str(failed), *lines)]
        assert_swedish(named, f"command {case.name}")
    else:
        raise AssertionError(f"command {case.name}: accepted")
    assert snapshot() == before, f"command {case.name}"


def _page(case: Case, client: Client, before: object) -> None:
    url = reverse("organisation:orgfile_import", kwargs={"municipality": "testby"})
    response = client.post(
        url, {"action": "preview", "file": SimpleUploadedFile(case.filename, case.data)}
    )
    assert response.status_code == 400, f"page {case.name}: {response.status_code}"
    errors = list(response.context.get("errors") or [])
    if not errors:  # refused by the form (size, encoding): its field errors
        form = response.context["form"]
        errors = [str(e) for messages in form.errors.values() for e in messages]
    assert_swedish(errors, f"page {case.name}")
    assert snapshot() == before, f"page {case.name}"


def test_every_corrupt_file_is_refused_everywhere_and_changes_nothing(
    world: World, tmp_path: Path
) -> None:
    corpus = organisation_corpus(export_organisation(world.testby))
    assert len(corpus) >= 30
    before = snapshot()
    client = Client(raise_request_exception=False)
    client.force_login(world.alice)
    failures = []
    for case in corpus:
        for check in (
            partial(_service, case, before),
            partial(_command, case, tmp_path, before),
            partial(_page, case, client, before),
        ):
            try:
                check()
            except Exception as exc:  # every case's failure is reported, not the first only
                failures.append(f"{case.name}: {type(exc).__name__}: {str(exc)[:300]}")
    assert not failures, f"{len(failures)} failure(s):\n" + "\n".join(failures)
