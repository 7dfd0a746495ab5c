"""Brå's per-municipality tables import as published: both layouts, every municipality's name
as Brå writes it, city districts, "Hela landet", and a row that cannot be placed named by line.

The files in data/ are written from the shipped reference list by ``bra_files``."""

from __future__ import annotations

import pytest

from samverka.core.testing import World
from samverka.stats.importers import ImportResult, Options, StatisticsFileError, import_statistics
from samverka.stats.models import Geography, GeographyKind, StatValue
from samverka.stats.places import PlaceIndex
from samverka.stats.reference import ensure_reference_geography, reference_municipalities
from samverka.stats.tests import bra_files

DISTRICTS = 13 + 4 + 5  # Stockholm, Göteborg, Malmö


@pytest.fixture
def reference(world: World) -> None:
    ensure_reference_geography()


def _import(data: bytes, year: int, **kwargs: object) -> ImportResult:
    return import_statistics(
        data,
        filename="anmalda-brott.csv",
        fmt="bra",
        municipality=None,
        shared=True,
        options=Options(year=year),
        **kwargs,  # type: ignore[arg-type]
    )


def test_the_committed_files_are_written_from_the_reference_list() -> None:
    assert bra_files.WITHOUT_HEADER.read_bytes() == bra_files.without_header()
    assert bra_files.WITH_HEADER.read_bytes() == bra_files.with_header()


def test_the_file_without_header_row_imports_every_row(reference: None) -> None:
    data = bra_files.WITHOUT_HEADER.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfHela landet;") and b"\r\n" in data
    result = _import(data, 2021)
    assert result.rows == 1 + 290 + DISTRICTS  # no row refused, none left out
    assert (result.created, result.updated) == (2 * result.rows, 0)  # a count and a rate each
    counted = StatValue.objects.filter(year=2021, series__unit="count")
    places = set(counted.values_list("geography__code", flat=True))
    assert set(reference_municipalities().values_list("code", flat=True)) <= places
    assert {"00", "1480-centrum", "1280-norr", "0180-rinkeby-kista"} <= places
    # "Täby kommun" is the municipality, not the local police area of the same name.
    assert counted.get(geography__code="0160").value == 38866
    assert not counted.filter(geography__kind=GeographyKind.LOCAL_POLICE_AREA).exists()
    assert counted.get(geography__code="00").value == 1396287
    rate = StatValue.objects.get(year=2021, series__unit="per_100k", geography__code="2023")
    assert str(rate.value) == "4568.300"  # "Malung–Sälens kommun;31 963;4 568,3"


def test_the_file_with_header_row_imports_every_row(reference: None) -> None:
    result = _import(bra_files.WITH_HEADER.read_bytes(), 2023)
    assert result.rows == 290 + 4 + 1
    assert result.created == 2 * result.rows
    counted = StatValue.objects.filter(year=2023, series__unit="count")
    assert counted.filter(geography__kind=GeographyKind.MUNICIPALITY).count() == 290
    assert counted.get(geography__code="1480-nordost").value is not None
    assert counted.get(geography__code="00").value == 1420154  # "1 420 154", no-break spaces


def test_importing_the_same_files_again_changes_nothing(reference: None) -> None:
    for data, year in (
        (bra_files.WITHOUT_HEADER.read_bytes(), 2021),
        (bra_files.WITH_HEADER.read_bytes(), 2023),
    ):
        first = _import(data, year)
        values = list(StatValue.objects.order_by("pk").values_list("pk", "value", "provenance"))
        again = _import(data, year)
        assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
        after = list(StatValue.objects.order_by("pk").values_list("pk", "value", "provenance"))
        assert after == values


def test_a_row_that_cannot_be_placed_is_named_by_its_line(reference: None) -> None:
    data = bra_files.WITHOUT_HEADER.read_bytes()
    lines = data.decode("utf-8-sig").split("\r\n")
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("Vännäs kommun"))
    broken = data.replace("Vännäs kommun;".encode(), "Vänäs kommun;".encode())
    with pytest.raises(StatisticsFileError) as refused:
        _import(broken, 2021)
    assert [e.line for e in refused.value.errors] == [number]
    assert "Vänäs kommun" in str(refused.value) and "Okänt område" in str(refused.value)
    assert not StatValue.objects.exists()


def test_an_empty_file_is_refused(reference: None) -> None:
    with pytest.raises(StatisticsFileError, match="inga rader"):
        _import("\ufeffKommun;Antal;Per 100 000 inv.\r\n".encode(), 2023)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Alingsås kommun", "1489"),
        ("Borås stad", "1490"),
        ("Göteborgs stad", "1480"),
        ("Vännäs kommun", "2460"),
        ("Bollnäs kommun", "2183"),
        ("Arjeplogs kommun", "2506"),
        ("Malung–Sälen", "2023"),
        ("Malung - Sälen", "2023"),
        ("Upplands‑Bro kommun", "0139"),  # non-breaking hyphen
        ("Upplands\u00a0Väsby", "0114"),
        ("Region Gotland", "0980"),
        ("0114 Upplands Väsby", "0114"),
        ("Täby", "0160"),
        ("Täby kommun", "0160"),
        ("Lokalpolisområde Täby", "lpo-taby"),
        ("Polisregion Väst", "polisregion-vast"),
        ("Stockholms län", "01"),
        ("HELA LANDET", "00"),
        ("Göteborg: Nordost", "1480-nordost"),
        ("Norr (Malmö)", "1280-norr"),
        ("Stadsdel Bromma", "0180-bromma"),
        ("Södermalm", "0180-sodermalm"),  # the district, before the local police area
    ],
)
def test_names_as_published_find_their_place(reference: None, text: str, code: str) -> None:
    assert PlaceIndex().resolve(text).code == code


def test_a_district_named_alone_belongs_to_the_city_on_the_row_above(reference: None) -> None:
    index = PlaceIndex()
    goteborg = Geography.objects.get(code="1480")
    other = Geography.objects.create(
        code="1280-centrum",
        name="Centrum",
        kind=GeographyKind.DISTRICT,
        parent=index.by_code["1280"],
    )
    index = PlaceIndex()
    assert index.resolve("Centrum", after=goteborg).code == "1480-centrum"
    assert index.resolve("Centrum", after=other.parent).code == "1280-centrum"
    with pytest.raises(ValueError, match="Flera statistikområden"):
        index.resolve("Centrum")
