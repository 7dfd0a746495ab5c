"""Reading a statistics file: what is the statistics files' own on top of samverka.lib.tabular."""

from __future__ import annotations

import pytest

from samverka.stats.importers import StatisticsFileError, reading
from samverka.stats.importers.reading import read_table


def _refusal(data: bytes, filename: str = "fil.csv") -> str:
    with pytest.raises(StatisticsFileError) as refused:
        read_table(data, filename)
    return str(refused.value)


def test_metadata_header_and_rows_come_apart_with_their_lines() -> None:
    data = "\ufeff# tabell: Brott\r\n\r\nRegion;Antal;;\r\nTestby;1 234\r\n;;\r\nÖby;5\r\n"
    table = read_table(data.encode(), "brott.csv")
    assert table.metadata == {"tabell": (1, "Brott")}
    assert (table.header_line, table.headers) == (3, ["Region", "Antal"])
    assert table.rows == [(4, ["Testby", "1 234"]), (6, ["Öby", "5"])]


def test_a_row_with_a_value_over_several_lines_is_named_by_its_first_line() -> None:
    table = read_table(b'Region;Antal\n"Test\nby";12\nOby;3\n', "fil.csv")
    assert [line for line, _ in table.rows] == [2, 4]


def test_the_row_limit_counts_rows_not_blank_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    data = b"Region;Antal\n" + b"\n" * 10 + b"A;1\nB;2\nC;3\n"
    assert len(read_table(data, "fil.csv").rows) == 3
    assert "fler än 3 rader" in _refusal(data + b"D;4\n")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"Region\n\x00", "fil.csv", "null-tecken"),
        ("Region\nÅby\n".encode("cp850"), "fil.csv", "varken UTF-8 eller Windows-1252"),
        (b"Region;Antal\nA;" + b"x" * 1_100_000 + b"\n", "fil.csv", "rad 2: CSV-filen kan inte"),
        (b"\n;;\n# tabell: x\n", "fil.csv", "ingen rubrikrad och inga rader"),
        (b"PK\x03\x04 not a workbook", "fil.xlsx", "ingen Excel-fil"),
        (b"Region\n", "fil.ods", "CSV-fil (.csv) eller Excel-fil (.xlsx)"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_in_the_statistics_pages_words(
    data: bytes, filename: str, message: str
) -> None:
    assert message in _refusal(data, filename)
