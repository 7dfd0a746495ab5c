"""Shared reference data (geographies, shared statistics) is written by the platform only.

Finding of issue 10, item 11 (High): a coordinator of one municipality imported a ``geografi``
file and renamed code 1480, which every other municipality's statistics, fact sheet and API
show, and the audit row was filed under the importer's municipality only.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World
from samverka.stats.importers import StatisticsFileError, import_statistics
from samverka.stats.models import Geography, StatisticsImport, StatValue
from samverka.stats.testing import make_geography

RENAME = "Kod;Namn;Typ;Ingår i;Kommungrupp\n1480;Kapad stad;kommun;14;A1\n".encode()
BRA = (
    "Region;Regionkod;År;Brottskategori;Antal;Per 100 000 inv.;Preliminär\n"
    "Göteborg;1480;2024;Samtliga brott;1 234;9 876,5;ja\n"
).encode()
REFUSED = "kan bara ändras av en plattformsadministratör"


@pytest.fixture
def goteborg(world: World) -> Geography:
    return make_geography("1480", "Göteborg", parent="14")


def _name() -> str:
    return Geography.objects.get(code="1480").name


def test_a_coordinator_cannot_rename_a_shared_geography(world: World, goteborg: Geography) -> None:
    with pytest.raises(StatisticsFileError) as caught:
        import_statistics(
            RENAME, filename="g.csv", fmt="geografi", municipality=world.testby, user=world.alice
        )
    assert REFUSED in str(caught.value)
    assert _name() == "Göteborg"
    assert not StatisticsImport.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_coordinator_cannot_write_shared_statistics(world: World, goteborg: Geography) -> None:
    with pytest.raises(StatisticsFileError):
        import_statistics(
            BRA, filename="b.csv", fmt="bra", municipality=None, shared=True, user=world.alice
        )
    assert not StatValue.objects.exists()


def test_the_upload_page_refuses_a_coordinators_geography_file(
    world: World, client: Client, goteborg: Geography
) -> None:
    client.force_login(world.alice)
    url = reverse("stats:import", kwargs={"municipality": "testby"})
    response = client.post(
        url,
        {"format": "geografi", "action": "preview", "file": SimpleUploadedFile("g.csv", RENAME)},
    )
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert _name() == "Göteborg"


def test_a_platform_admin_renames_it_and_the_audit_row_is_the_platforms(
    world: World, client: Client, goteborg: Geography
) -> None:
    client.force_login(world.root)
    url = reverse("stats:import", kwargs={"municipality": "testby"})
    preview = client.post(
        url,
        {"format": "geografi", "action": "preview", "file": SimpleUploadedFile("g.csv", RENAME)},
    )
    assert preview.status_code == 200
    done = client.post(url, {"action": "confirm", "sha256": preview.context["sha256"]})
    assert done.status_code == 302
    assert _name() == "Kapad stad"
    event = AuditEvent.objects.get(action="import", object_type="statisticsimport")
    assert event.municipality is None  # not filed under Testby only
    assert event.user == world.root
    assert event.summary.startswith("Delad referensdata (plattformsadministratör root)")


def test_the_command_writes_shared_data_as_the_operator(
    world: World, goteborg: Geography, tmp_path: object
) -> None:
    path = tmp_path / "g.csv"  # type: ignore[operator]
    path.write_bytes(RENAME)
    with pytest.raises(CommandError):
        call_command("import_statistics", str(path), "--format", "geografi", "--user", "alice")
    assert _name() == "Göteborg"
    call_command("import_statistics", str(path), "--format", "geografi", "--operator", "drift")
    assert _name() == "Kapad stad"
    event = AuditEvent.objects.get(action="import", object_type="statisticsimport")
    assert event.municipality is None
    assert "kommandoraden, drift" in event.summary


def test_the_loser_of_two_simultaneous_geography_imports_gets_a_message(
    world: World, goteborg: Geography, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The winner created code 9999-x between the loser's reading of the codes and its own
    insert: the unique code refuses the loser, which was a raw IntegrityError (a 500)."""
    from samverka.stats.importers import apply

    written = apply._write_geographies

    def race(parsed: object, result: object) -> None:
        Geography.objects.create(code="9999-x", name="Vinnaren", kind="stadsområde")
        written(parsed, result)  # type: ignore[arg-type]

    monkeypatch.setattr(apply, "_write_geographies", race)
    data = "Kod;Namn;Typ;Ingår i\n9999-x;X;stadsområde;1480\n".encode()
    monkeypatch.setattr(Geography.objects, "all", lambda: Geography.objects.exclude(code="9999-x"))
    with pytest.raises(StatisticsFileError) as refused:
        import_statistics(data, filename="g.csv", fmt="geografi", municipality=None, user=None)
    assert "importerades samtidigt" in str(refused.value)
    assert StatisticsImport.objects.get().status == "failed"
