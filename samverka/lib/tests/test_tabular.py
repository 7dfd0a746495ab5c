"""The one reader of CSV and XLSX tables that every importer uses."""

from __future__ import annotations

import io
import unicodedata

import pytest
from openpyxl import Workbook

from samverka.lib import tabular
from samverka.lib.tabular import TableError, normalise_heading, read_table


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("\ufeffplats;antal\nÖstra torget;1\n".encode(), "utf-8"),
        ("plats;antal\nÖstra torget;1\n".encode(), "utf-8"),
        ("plats;antal\nÖstra torget;1\n".encode("cp1252"), "cp1252"),
    ],
)
def test_utf8_with_or_without_bom_and_windows_1252_read_alike(data: bytes, encoding: str) -> None:
    table = read_table(data, "csv")
    assert table.headers == ["plats", "antal"]
    assert list(table.rows) == [(2, ["Östra torget", "1"])]
    assert table.encoding == encoding


def test_a_file_in_neither_encoding_is_refused_rather_than_garbled() -> None:
    # "Å" in the DOS code page 850 is byte 0x8F, which Windows-1252 leaves undefined.
    with pytest.raises(TableError, match="varken UTF-8 eller Windows-1252") as refused:
        read_table("plats\nÅby\n".encode("cp850"), "csv")
    assert refused.value.kind == tabular.ENCODING


def test_a_binary_file_is_refused() -> None:
    with pytest.raises(TableError, match="inte ut som en textfil") as refused:
        read_table(b"\x00\x01\x02", "csv")
    assert refused.value.kind == tabular.BINARY


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("tidpunkt;beskrivning\n2026-11-02;Glas, skräp, klotter och mer\n", ";"),
        ("tidpunkt,beskrivning\n2026-11-02,Glas; skräp\n", ","),
        ("tidpunkt\tbeskrivning\n2026-11-02\tGlas\n", "\t"),
        ("# källa: Brå, SCB, NTU\n\nRegion|År\nTestby|2024\n", "|"),
    ],
)
def test_the_delimiter_is_the_headers_not_the_free_texts(text: str, delimiter: str) -> None:
    table = read_table(text.encode(), "csv", comments=True)
    assert table.delimiter == delimiter
    assert len(table.headers) == 2


def test_rows_keep_the_line_they_start_on_and_blank_rows_are_skipped() -> None:
    text = '\n\n tid ;vad;;\n2026-11-02;"första raden\nandra raden"\n;;\n\n2026-11-03;Brand\n'
    table = read_table(text.encode(), "csv")
    assert (table.header_line, table.headers) == (3, ["tid", "vad"])
    assert list(table.rows) == [
        (4, ["2026-11-02", "första raden\nandra raden"]),
        (8, ["2026-11-03", "Brand"]),
    ]


def test_comment_lines_before_the_header_are_kept_apart_only_when_asked_for() -> None:
    data = b"# tabell: Brott\n# url: https://bra.se\nRegion;Antal\nTestby;3\n"
    table = read_table(data, "csv", comments=True)
    assert [line for line, _ in table.comments] == [1, 2]
    assert (table.header_line, table.headers) == (3, ["Region", "Antal"])
    assert read_table(data, "csv").headers == ["# tabell: Brott"]


def test_a_broken_csv_row_is_named_by_its_line() -> None:
    data = b"a;b\n1;2\n3;" + b"x" * (tabular.FIELD_SIZE_LIMIT + 1) + b"\n"
    rows = read_table(data, "csv").rows
    assert next(rows) == (2, ["1", "2"])
    with pytest.raises(TableError, match="rad 3: kan inte läsas som CSV") as refused:
        next(rows)
    assert (refused.value.kind, refused.value.line) == (tabular.CSV_SYNTAX, 3)


@pytest.mark.parametrize(("fmt", "data"), [("csv", b""), ("csv", b"\n;;\n"), ("xlsx", _xlsx([]))])
def test_a_file_without_any_row_is_empty(fmt: str, data: bytes) -> None:
    with pytest.raises(TableError) as refused:
        read_table(data, fmt)
    assert refused.value.kind == tabular.EMPTY


def test_xlsx_rows_keep_their_row_numbers_and_values() -> None:
    data = _xlsx([[None, None], ["plats ", "antal", None], ["Torget", 3], [None], ["Parken", 2.5]])
    table = read_table(data, "xlsx")
    assert (table.header_line, table.headers) == (2, ["plats", "antal"])
    assert list(table.rows) == [(3, ["Torget", 3, None]), (5, ["Parken", 2.5, None])]


def test_what_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(TableError, match="Excel-arbetsbok") as refused:
        read_table(b"PK\x03\x04 not a zip", "xlsx")
    assert (refused.value.kind, refused.value.line) == (tabular.XLSX_UNREADABLE, None)


def test_headings_match_however_the_exporting_program_wrote_them() -> None:
    decomposed = unicodedata.normalize("NFD", "Område:")
    assert normalise_heading(decomposed) == normalise_heading("område") == "område"
    assert normalise_heading("\ufeffPer  100 000 inv.") == "per 100000 inv"
    assert normalise_heading("Sweref 99 TM N") == "sweref 99 tm n"
