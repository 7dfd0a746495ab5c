"""The importers: good files in each format, all or nothing, idempotent, tenancy, provenance."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World
from samverka.stats.importers import (
    Options,
    ProvenanceInput,
    StatisticsFileError,
    import_statistics,
)
from samverka.stats.models import (
    Geography,
    GeographyKind,
    ImportStatus,
    Provenance,
    Series,
    StatisticsImport,
    StatValue,
)
from samverka.stats.testing import make_geography

BRA = (
    "\ufeff# tabell: Anmälda brott 2024\r\n"
    "Region;Regionkod;År;Brottskategori;Antal;Per 100 000 inv.;Preliminär\r\n"
    "Testby;9999;2024;Samtliga brott;1 234;9 876,5;ja\r\n"
    "Testby;9999;2024;Misshandel;..;..;ja\r\n"
    "Hela landet;00;2024;Samtliga brott;1 500 000;14 300;ja\r\n"
).encode()


@pytest.fixture
def geo(world: World) -> Geography:
    return make_geography("9999", "Testby", parent="14")


def _import(world: World, data: bytes, fmt: str = "bra", **kwargs: object) -> object:
    kwargs.setdefault("municipality", world.testby)
    kwargs.setdefault("user", world.alice)
    return import_statistics(data, filename=f"fil.{kwargs.pop('suffix', 'csv')}", fmt=fmt, **kwargs)  # type: ignore[arg-type]


def test_bra_file_is_imported_with_its_provenance(world: World, geo: Geography) -> None:
    result = _import(world, BRA)
    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)  # type: ignore[attr-defined]
    value = StatValue.objects.get(
        geography=geo, series__category="samtliga-brott", series__unit="per_100k"
    )
    assert value.value == Decimal("9876.5")
    assert value.preliminary
    assert value.municipality == world.testby  # a coordinator's import is the municipality's own
    assert value.provenance.table == "Anmälda brott 2024"
    assert value.provenance.publisher == "Brottsförebyggande rådet (Brå)"
    assert value.provenance.imported_by == world.alice
    suppressed = StatValue.objects.get(
        geography=geo, series__category="misshandel", series__unit="count"
    )
    assert suppressed.suppressed and suppressed.value is None
    job = StatisticsImport.objects.get()
    assert job.status == ImportStatus.DONE and job.created == 6 and job.processed_rows == 6
    assert AuditEvent.objects.filter(action="import", object_type="statisticsimport").count() == 1


def test_the_same_file_twice_adds_nothing(world: World, geo: Geography) -> None:
    _import(world, BRA)
    counts = (StatValue.objects.count(), Provenance.objects.count(), Series.objects.count())
    again = _import(world, BRA)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)  # type: ignore[attr-defined]
    assert (StatValue.objects.count(), Provenance.objects.count(), Series.objects.count()) == counts


def test_a_final_figure_replaces_the_preliminary_one_in_place(world: World, geo: Geography) -> None:
    _import(world, BRA)
    final = BRA.replace(b"9 876,5;ja", b"9 880;nej")
    result = _import(world, final)
    assert (result.created, result.updated) == (0, 2)  # type: ignore[attr-defined]
    value = StatValue.objects.get(
        geography=geo, series__category="samtliga-brott", series__unit="per_100k"
    )
    assert value.value == Decimal("9880") and not value.preliminary


def test_dry_run_counts_but_saves_nothing(world: World, geo: Geography) -> None:
    result = _import(world, BRA, dry_run=True)
    assert result.created == 6  # type: ignore[attr-defined]
    assert not StatValue.objects.exists()
    assert not Provenance.objects.exists()
    assert not StatisticsImport.objects.exists()


def test_shared_values_are_seen_by_every_municipality_and_own_values_by_one(
    world: World, geo: Geography
) -> None:
    _import(world, BRA, municipality=None, shared=True, user=None)
    assert StatValue.objects.filter(municipality__isnull=True).count() == 6
    assert StatValue.objects.visible_to(world.annanstad).count() == 6
    _import(world, BRA.replace(b"9 876,5", b"1"), municipality=world.annanstad, user=world.olle)
    assert (
        StatValue.objects.visible_to(world.testby).filter(municipality=world.annanstad).count() == 0
    )
    # No own series appears: the shared definitions serve both.
    assert not Series.objects.filter(municipality__isnull=False).exists()


def test_bra_yearly_file_without_year_column_takes_the_year_from_the_file_head(
    world: World, geo: Geography
) -> None:
    data = "# år: 2023\nKommun;Antal;Per 100 000 inv.\nTestby kommun;2 537;5 012\n".encode()
    _import(world, data)
    value = StatValue.objects.get(series__unit="count")
    assert (value.year, value.value, value.series.name) == (2023, 2537, "Samtliga brott")


def test_xlsx_is_read_like_csv(world: World, geo: Geography) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Regionkod", "År", "Antal"])
    sheet.append(["9999", 2022, 4321])
    out = io.BytesIO()
    book.save(out)
    _import(world, out.getvalue(), suffix="xlsx")
    assert StatValue.objects.get().value == 4321


def test_scb_wide_file_as_scb_exports_it(world: World, geo: Geography) -> None:
    data = '"region","Folkmängd 2022","Folkmängd 2023"\n"9999 Testby",12000,12100\n'.encode(
        "cp1252"
    )
    _import(world, data, fmt="scb")
    values = dict(StatValue.objects.values_list("year", "value"))
    assert values == {2022: 12000, 2023: 12100}
    assert Series.objects.get().category == "folkmangd"


def test_ntu_file_keeps_the_survey_year_and_sample_size(world: World, geo: Geography) -> None:
    data = (
        "Regionkod;År;Indikator;Andel (%);Antal svarande\n"
        "9999;2019;Utsatthet för brott mot enskild person;27,3;412\n"
    ).encode()
    _import(world, data, fmt="ntu")
    value = StatValue.objects.get()
    assert (value.year, value.survey_year, value.sample_size) == (2019, 2020, 412)
    assert value.series.category == "utsatthet-for-brott-mot-enskild-person"


def test_survey_values_belong_to_the_municipalitys_areas(world: World) -> None:
    data = "Område;År;Fråga;Andel;Antal svarande\nNorra Testby;2024;Otrygg;35,5;88\n".encode()
    result = _import(world, data, fmt="survey", shared=True)  # a survey is never shared
    value = StatValue.objects.get()
    assert value.area == world.area and value.municipality == world.testby
    assert result.job.shared is False  # type: ignore[attr-defined]


def test_geography_file_creates_and_updates_reference_geographies(world: World) -> None:
    data = (
        "Kod;Namn;Typ;Ingår i;Kommungrupp\n"
        "9999-norr;Testby norr;stadsområde;9999;\n"
        "9999;Testby;kommun;14;B6\n"
    ).encode()
    result = _import(world, data, fmt="geografi", user=world.root)
    assert result.created == 2  # type: ignore[attr-defined]
    north = Geography.objects.get(code="9999-norr")
    assert north.parent is not None and north.parent.code == "9999"
    assert north.nearest(GeographyKind.COUNTY) == Geography.objects.get(code="14")
    assert _import(world, data, fmt="geografi", user=None).unchanged == 2  # type: ignore[attr-defined]


def test_provenance_from_the_form_wins_over_the_file_head(world: World, geo: Geography) -> None:
    given = ProvenanceInput(table="Min tabell", url="https://example.org/t", retrieved_by="Alice")
    _import(world, BRA, provenance=given, options=Options(preliminary=False))
    value = StatValue.objects.filter(series__unit="count").first()
    assert value is not None
    assert value.provenance.table == "Min tabell"
    assert value.provenance.retrieved_by == "Alice"
    assert not value.preliminary


def test_a_javascript_address_is_refused(world: World, geo: Geography) -> None:
    data = b"# url: javascript:alert(1)\n" + BRA.removeprefix("\ufeff".encode())
    with pytest.raises(StatisticsFileError) as caught:
        _import(world, data)
    assert "https://" in str(caught.value)
    assert not StatValue.objects.exists()
