"""The commands: import_organisation, export_organisation and bootstrap_demo."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samverka.accounts.models import Municipality, MunicipalityRole, Role, User
from samverka.organisation.models import Group, GroupKind
from samverka.organisation.tests.orgfile_helpers import (
    FILES,
    fixture_text,
    import_text,
    row_counts,
    snapshot,
)

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_what_it_created_and_shows_progress():
    out, err = run("import_organisation", str(FILES / "minimal.yaml"))

    assert "Importerat till provstad:" in out
    assert "grupper: 3 nya, 0 ändrade, 0 borttagna, 0 oförändrade" in out
    assert "grupper" in err and "3/3" in err  # the progress bar
    assert Group.objects.filter(municipality__slug="provstad").count() == 3


def test_import_of_a_broken_file_prints_every_error_and_writes_nothing():
    run("import_organisation", str(FILES / "minimal.yaml"))
    before = snapshot()
    err = io.StringIO()

    with pytest.raises(CommandError, match="inget har sparats"):
        call_command("import_organisation", str(FILES / "missing_reports_to.yaml"), stderr=err)

    assert (
        'rad 61, groups[2].reports_to: gruppen "Beredningsgrupp X" finns inte i filen'
        in err.getvalue()
    )
    assert snapshot() == before


def test_import_dry_run_writes_nothing():
    before = snapshot()

    out, _err = run("import_organisation", str(FILES / "minimal.yaml"), "--dry-run")

    assert "Provkörning för provstad – inget har sparats" in out
    assert "grupper: 3 nya" in out
    assert snapshot() == before


def test_import_of_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="finns inte"):
        run("import_organisation", str(tmp_path / "saknas.yaml"))


def test_import_of_a_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("municipality:\n  name: Malmö\n".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        run("import_organisation", str(path))


def test_export_writes_yaml_to_stdout():
    import_text(fixture_text("minimal.yaml"))

    out, _err = run("export_organisation", "provstad")

    assert out.startswith("# samverka organisationsfil: Provstads kommun")
    assert "slug: provstad" in out


def test_export_writes_json_to_a_file(tmp_path):
    import_text(fixture_text("minimal.yaml"))
    target = tmp_path / "provstad.json"

    run("export_organisation", "provstad", "--format", "json", "-o", str(target))

    assert json.loads(target.read_text(encoding="utf-8"))["municipality"]["name"] == (
        "Provstads kommun"
    )


def test_export_of_an_unknown_municipality_names_the_known_ones():
    import_text(fixture_text("minimal.yaml"))
    with pytest.raises(CommandError, match="Kända kortnamn: provstad"):
        run("export_organisation", "finnsinte")


def test_bootstrap_demo_loads_angered_and_demo_users_once(settings):
    settings.DEBUG = True

    out, _err = run("bootstrap_demo")

    goteborg = Municipality.objects.get(slug="goteborg")
    roles = dict(
        MunicipalityRole.objects.filter(municipality=goteborg).values_list("user__username", "role")
    )
    assert roles == {
        "samordnare": Role.COORDINATOR,
        "medlem": Role.MEMBER,
        "lasare": Role.READER,
    }
    medlem = User.objects.get(username="medlem")
    assert medlem.check_password("samverka-demo")
    assert medlem.person.memberships.filter(group__kind=GroupKind.PREPARATION).exists()
    assert "http://127.0.0.1:8000/" in out
    assert "samverka-demo" in out

    counts = row_counts()
    out, _err = run("bootstrap_demo")
    assert row_counts() == counts
    assert "redan data" in out and "samverka-demo" in out


def test_bootstrap_demo_refuses_to_create_known_passwords_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        run("bootstrap_demo")
    assert not User.objects.exists()


def test_an_import_from_the_command_line_leaves_an_audit_event_and_a_dry_run_none():
    from samverka.accounts.models import AuditEvent

    run("import_organisation", str(FILES / "minimal.yaml"), "--dry-run")
    assert not AuditEvent.objects.filter(action="import").exists()

    run("import_organisation", str(FILES / "minimal.yaml"))
    event = AuditEvent.objects.get(action="import")
    assert event.municipality is not None and event.municipality.slug == "provstad"
    assert event.user is None  # started from the command line
    assert "minimal.yaml" in event.summary
