"""Importing the organisation file from the web: upload, review, confirm."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World
from samverka.organisation.forms_orgfile import MAX_SIZE
from samverka.organisation.models import Group
from samverka.organisation.orgfile import export_organisation
from samverka.organisation.tests.orgfile_helpers import snapshot
from samverka.organisation.views.orgfile import _session_key

PURPOSE = "Leder och prioriterar det brottsförebyggande arbetet."


def url(name: str = "orgfile_import", slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"organisation:{name}", kwargs={"municipality": slug, **kwargs})


def upload(text: str | bytes, name: str = "organisationsfil.yaml") -> SimpleUploadedFile:
    content = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def with_purpose(text: str) -> str:
    """The exported file with a purpose for Styrgruppen (one group changed)."""
    changed = text.replace(
        "  - name: Styrgruppen\n", f"  - name: Styrgruppen\n    purpose: {PURPOSE}\n", 1
    )
    assert changed != text
    return changed


def preview(client: Client, text: str | bytes, name: str = "organisationsfil.yaml"):  # type: ignore[no-untyped-def]
    return client.post(url(), {"action": "preview", "file": upload(text, name)})


@pytest.fixture
def alice(client: Client, world: World) -> Client:
    client.force_login(world.alice)
    return client


def test_get_shows_the_form_explanation_and_backup_link(alice: Client) -> None:
    response = alice.get(url())

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert 'type="file"' in page
    assert '<label for="id_file">' in page
    assert "Det som inte finns med i filen tas bort." in page
    assert url("orgfile_download", fmt="yaml") in page


def test_start_page_links_to_import_for_coordinators_only(client: Client, world: World) -> None:
    client.force_login(world.alice)
    assert url() in client.get(url("municipality")).content.decode()
    client.force_login(world.dave)
    assert url() not in client.get(url("municipality")).content.decode()


def test_preview_shows_counts_and_writes_nothing(alice: Client, world: World) -> None:
    text = with_purpose(export_organisation(world.testby))
    before = snapshot()

    response = preview(alice, text)

    assert response.status_code == 200
    assert snapshot() == before
    summary = response.context["summary"]
    assert summary.dry_run
    assert summary.sections["groups"].updated == 1
    assert summary.sections["groups"].unchanged == 2
    assert summary.sections["areas"].unchanged == 2
    assert not any(c.created or c.removed for c in summary.sections.values())
    page = response.content.decode()
    assert '<div class="table-wrap">' in page
    assert "<caption>" in page
    assert "Genomför importen" in page
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert f'value="{digest}"' in page
    assert alice.session[_session_key(world.testby)]["sha256"] == digest


def test_preview_shows_warnings(alice: Client, world: World) -> None:
    text = export_organisation(world.testby).replace(
        "    next_review: 2027-01-01\n",
        "    next_review: 2027-01-01\n    file: bilagor/avtal.pdf\n",
    )

    response = preview(alice, text)

    assert response.status_code == 200
    assert response.context["warnings"]
    assert "bilagor/avtal.pdf" in response.content.decode()


def test_confirm_imports_the_reviewed_file(alice: Client, world: World) -> None:
    text = with_purpose(export_organisation(world.testby))
    digest = preview(alice, text).context["sha256"]
    assert Group.objects.get(pk=world.steering.pk).purpose == ""

    response = alice.post(url(), {"action": "confirm", "sha256": digest})

    assert response.status_code == 302
    assert response["Location"] == url("municipality")
    assert Group.objects.get(pk=world.steering.pk).purpose == PURPOSE
    assert _session_key(world.testby) not in alice.session
    assert AuditEvent.objects.filter(municipality=world.testby, action="import").exists()
    page = alice.get(response["Location"]).content.decode()
    assert "Organisationsfilen är importerad: 0 nya, 1 ändrade" in page

    # The stored file is gone: confirming again is refused.
    again = alice.post(url(), {"action": "confirm", "sha256": digest})
    assert again.status_code == 400
    assert "Ladda upp filen igen" in again.content.decode()


def test_malformed_yaml_shows_the_line_and_writes_nothing(alice: Client, world: World) -> None:
    lines = export_organisation(world.testby).splitlines(keepends=True)
    index = lines.index("    mandate: decides\n")
    lines[index] = "    mandate: decides: really\n"
    before = snapshot()

    response = preview(alice, "".join(lines))

    assert response.status_code == 400
    assert snapshot() == before
    assert _session_key(world.testby) not in alice.session
    page = response.content.decode()
    assert 'role="alert"' in page
    assert f"rad {index + 1}" in page
    assert "Genomför importen" not in page


def test_every_error_is_listed_with_line_and_path(alice: Client, world: World) -> None:
    text = (
        export_organisation(world.testby)
        .replace("    kind: beredningsgrupp\n", "    kind: beredning\n")
        .replace("      - person: Carol Ek\n", "      - person: Carola Ek\n")
    )
    before = snapshot()

    response = preview(alice, text)

    assert response.status_code == 400
    assert snapshot() == before
    errors = response.context["errors"]
    assert len(errors) == 2
    assert all(e.startswith("rad ") for e in errors)
    assert any("groups[1].kind" in e for e in errors)
    assert any("groups[2].members[0].person" in e for e in errors)


def test_a_file_for_another_municipality_is_refused(alice: Client, world: World) -> None:
    text = export_organisation(world.annanstad)
    before = snapshot()

    response = preview(alice, text)

    assert response.status_code == 400
    assert snapshot() == before
    assert _session_key(world.testby) not in alice.session
    page = response.content.decode()
    assert "annanstad" in page
    assert "bara importera till sin egen kommun" in page


def test_confirm_with_a_wrong_hash_is_refused(alice: Client, world: World) -> None:
    text = with_purpose(export_organisation(world.testby))
    preview(alice, text)
    before = snapshot()

    response = alice.post(url(), {"action": "confirm", "sha256": "0" * 64})

    assert response.status_code == 400
    assert snapshot() == before
    assert "inte den som granskades" in response.content.decode()
    assert alice.post(url(), {"action": "confirm", "sha256": "åäö"}).status_code == 400
    assert snapshot() == before


def test_confirm_without_a_reviewed_file_is_refused(alice: Client, world: World) -> None:
    before = snapshot()

    response = alice.post(url(), {"action": "confirm", "sha256": "0" * 64})

    assert response.status_code == 400
    assert snapshot() == before
    assert "Ladda upp filen igen" in response.content.decode()


def test_the_reviewed_file_is_bound_to_its_municipality(client: Client, world: World) -> None:
    """root coordinates both; a file reviewed for Testby cannot be confirmed for Annanstad."""
    client.force_login(world.root)
    text = export_organisation(world.testby)
    digest = client.post(url(), {"action": "preview", "file": upload(text)}).context["sha256"]
    before = snapshot()

    response = client.post(url(slug="annanstad"), {"action": "confirm", "sha256": digest})

    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize(("username", "status"), [("dave", 403), ("bob", 403), ("olle", 404)])
def test_only_the_municipality_s_coordinators(
    client: Client, world: World, username: str, status: int
) -> None:
    client.force_login(getattr(world, username))
    text = with_purpose(export_organisation(world.testby))
    before = snapshot()

    assert client.get(url()).status_code == status
    assert preview(client, text).status_code == status
    assert client.post(url(), {"action": "confirm", "sha256": "0" * 64}).status_code == status
    assert snapshot() == before


def test_an_oversized_file_is_refused(alice: Client, world: World) -> None:
    text = export_organisation(world.testby) + "#" * MAX_SIZE

    response = preview(alice, text)

    assert response.status_code == 400
    assert "högst 2 MB" in response.content.decode()
    assert _session_key(world.testby) not in alice.session


def test_a_file_not_in_utf8_is_refused(alice: Client, world: World) -> None:
    text = export_organisation(world.testby).encode("latin-1")
    before = snapshot()

    response = preview(alice, text)

    assert response.status_code == 400
    assert snapshot() == before
    assert "inte sparad som UTF-8" in response.content.decode()


def test_a_file_of_another_type_is_refused(alice: Client, world: World) -> None:
    response = preview(alice, export_organisation(world.testby), name="organisation.xlsx")

    assert response.status_code == 400
    assert "YAML- eller JSON-fil" in response.content.decode()


def test_a_json_file_is_accepted(alice: Client, world: World) -> None:
    text = export_organisation(world.testby, fmt="json")

    response = preview(alice, text, name="organisationsfil.json")

    assert response.status_code == 200
    assert not response.context["summary"].changed
