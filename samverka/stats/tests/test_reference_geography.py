"""The reference geography shipped with samverka: complete municipalities, counties and police
regions, loaded on install, updated by ``update_reference_geography``, and read by other apps
through the selectors in ``samverka.stats.reference``."""

from __future__ import annotations

import csv
import io
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from samverka.core.testing import World
from samverka.stats.models import Geography, GeographyKind, StatisticsImport
from samverka.stats.reference import (
    COUNTIES,
    REFERENCE_FILE,
    ensure_reference_geography,
    local_police_areas_of,
    municipality_by_code,
    police_region_of,
    reference_municipalities,
    resolve_name,
)

POLICE_REGIONS = {
    "Nord": {"24", "25"},
    "Mitt": {"03", "19", "21", "22", "23"},
    "Stockholm": {"01", "09"},
    "Öst": {"05", "06", "04"},
    "Väst": {"14", "13"},
    "Syd": {"12", "10", "07", "08"},
    "Bergslagen": {"17", "18", "20"},
}


def _file_rows() -> list[dict[str, str]]:
    text = REFERENCE_FILE.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))


def test_the_file_has_sweden_290_municipalities_in_21_counties() -> None:
    rows = _file_rows()
    municipalities = [r for r in rows if r["Typ"] == "kommun"]
    counties = {r["Kod"]: r for r in rows if r["Typ"] == "län"}
    assert len(municipalities) == 290
    assert len({r["Kod"] for r in municipalities}) == 290
    assert len({r["Namn"] for r in municipalities}) == 290
    assert len(counties) == 21
    assert set(counties) == {code for code, _name in COUNTIES}
    for row in municipalities:
        assert len(row["Kod"]) == 4 and row["Kod"].isdigit(), row
        assert row["Kod"][:2] == row["Ingår i"], row  # the county code is the first two digits
    per_county = Counter(r["Ingår i"] for r in municipalities)
    assert per_county["14"] == 49 and per_county["01"] == 26 and per_county["09"] == 1
    known = {r["Kod"]: r["Namn"] for r in municipalities}
    assert known["0114"] == "Upplands Väsby" and known["1480"] == "Göteborg"
    assert known["2584"] == "Kiruna" and known["2023"] == "Malung-Sälen"


def test_every_county_lies_in_its_police_region() -> None:
    rows = _file_rows()
    regions = {r["Kod"]: r["Namn"] for r in rows if r["Typ"] == "polisregion"}
    assert sorted(regions.values()) == sorted(f"Polisregion {n}" for n in POLICE_REGIONS)
    for row in (r for r in rows if r["Typ"] == "län"):
        region = regions[row["Ingår i"]].removeprefix("Polisregion ")
        assert row["Kod"] in POLICE_REGIONS[region], row


def test_the_migration_loaded_it_and_the_command_finds_nothing_to_change(world: World) -> None:
    ensure_reference_geography()
    assert reference_municipalities().count() == 290
    assert Geography.objects.filter(kind=GeographyKind.COUNTY).count() == 21
    assert Geography.objects.filter(kind=GeographyKind.POLICE_REGION).count() == 7
    out = StringIO()
    call_command("update_reference_geography", "--operator", "drift", stdout=out, stderr=StringIO())
    assert " 0 nya, 0 ändrade " in out.getvalue()


def _empty_reference_geography() -> None:
    Geography.objects.filter(kind__in=[GeographyKind.DISTRICT, "local_police_area"]).delete()
    Geography.objects.filter(kind=GeographyKind.MUNICIPALITY).delete()
    Geography.objects.filter(kind=GeographyKind.COUNTY).update(
        parent=Geography.objects.get(code="00")
    )
    Geography.objects.filter(kind=GeographyKind.POLICE_REGION).delete()


def test_the_migration_loads_an_empty_database_and_again_changes_nothing(world: World) -> None:
    from importlib import import_module

    migration = import_module("samverka.stats.migrations.0005_reference_geography_of_sweden")
    _empty_reference_geography()
    migration.load(apps, None)
    assert reference_municipalities().count() == 290
    kiruna = municipality_by_code("2584")
    assert kiruna is not None and police_region_of(kiruna).name == "Polisregion Nord"  # type: ignore[union-attr]
    before = list(Geography.objects.order_by("code").values_list("code", "name", "parent_id"))
    migration.load(apps, None)
    assert list(Geography.objects.order_by("code").values_list("code", "name", "parent_id")) == (
        before
    )


def test_the_install_step_loads_what_a_flushed_database_lacks(world: World) -> None:
    _empty_reference_geography()
    ensure_reference_geography()
    assert reference_municipalities().count() == 290
    assert StatisticsImport.objects.filter(format="geografi", status="done").count() == 1


def test_selectors_for_other_apps(world: World) -> None:
    ensure_reference_geography()
    vasby = municipality_by_code("0114")
    assert vasby is not None and vasby.name == "Upplands Väsby"
    assert municipality_by_code("114") == vasby  # as Excel stores it
    assert municipality_by_code("9998") is None
    assert vasby.parent is not None and vasby.parent.name == "Stockholms län"
    assert police_region_of(vasby).name == "Polisregion Stockholm"  # type: ignore[union-attr]
    goteborg = resolve_name("Göteborgs stad")
    assert goteborg is not None and goteborg.code == "1480"
    assert resolve_name("Arjeplogs kommun").code == "2506"  # type: ignore[union-attr]
    assert resolve_name("Malung–Sälen").code == "2023"  # type: ignore[union-attr]
    assert resolve_name("Västra Götalands län").code == "14"  # type: ignore[union-attr]
    assert resolve_name("Atlantis") is None
    taby = resolve_name("Täby")
    assert taby is not None and taby.kind == GeographyKind.MUNICIPALITY
    lpo = resolve_name("Täby", kind=GeographyKind.LOCAL_POLICE_AREA)
    assert lpo is not None and lpo.code == "lpo-taby"
    assert resolve_name("lokalpolisområde Täby") == lpo
    assert {m.code for m in lpo.municipalities.all()} == {"0160", "0162", "0115", "0117", "0187"}
    stockholm = municipality_by_code("0180")
    assert stockholm is not None
    assert [a.name for a in local_police_areas_of(stockholm)] == ["Globen", "Norrmalm", "Södermalm"]
    assert list(local_police_areas_of(taby)) == [lpo]


def _write(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "sverige.csv"
    path.write_bytes(REFERENCE_FILE.read_bytes() + extra.encode("utf-8"))
    return path


def test_the_command_refuses_bad_rows_by_line_and_saves_nothing(
    world: World, tmp_path: Path
) -> None:
    ensure_reference_geography()
    lines = len(REFERENCE_FILE.read_bytes().splitlines())
    path = _write(
        tmp_path,
        "1399;Fel län;kommun;14;\r\n"  # Halland's code under Västra Götaland
        "12345;För lång kod;kommun;12;\r\n"
        "lpo-atlantis;Atlantis;lokalpolisområde;14;1480 9998\r\n"  # 9998 is no municipality
        "0114;Upplands Väsby igen;kommun;01;\r\n",  # a code twice
    )
    err = StringIO()
    with pytest.raises(CommandError, match="4 fel – inget har sparats"):
        call_command("update_reference_geography", "--file", str(path), stderr=err)
    message = err.getvalue()
    assert f"rad {lines + 1}" in message and "börjar inte med länskoden 14" in message
    assert f"rad {lines + 2}" in message and "fyra siffror" in message
    assert f"rad {lines + 3}" in message and "”9998” är ingen kommunkod" in message
    assert f"rad {lines + 4}" in message and "Koden finns redan" in message
    assert not Geography.objects.filter(code__in=["lpo-atlantis", "12345", "1399"]).exists()
    assert municipality_by_code("0114").name == "Upplands Väsby"  # type: ignore[union-attr]


def test_the_command_applies_a_change_once(world: World, tmp_path: Path) -> None:
    ensure_reference_geography()
    text = REFERENCE_FILE.read_text(encoding="utf-8").replace(
        "1480-centrum;Centrum;stadsområde;1480;",
        "1480-centrum;Centrum;stadsområde;1480;\r\n"
        "lpo-storgoteborg-test;Test;lokalpolisområde;14;1480 1481",
    )
    path = tmp_path / "ny.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("update_reference_geography", "--file", str(path), stdout=out, stderr=StringIO())
    assert " 1 nya, 0 ändrade " in out.getvalue()
    mölndal = municipality_by_code("1481")
    assert [a.code for a in local_police_areas_of(mölndal)] == ["lpo-storgoteborg-test"]  # type: ignore[arg-type]
    again = StringIO()
    call_command("update_reference_geography", "--file", str(path), stdout=again, stderr=StringIO())
    assert " 0 nya, 0 ändrade " in again.getvalue()


def test_the_skr_groups_the_example_set_survive_an_update(world: World) -> None:
    ensure_reference_geography()
    Geography.objects.filter(code="1480").update(skr_group="A1")
    call_command("update_reference_geography", stdout=StringIO(), stderr=StringIO())
    assert Geography.objects.get(code="1480").skr_group == "A1"
