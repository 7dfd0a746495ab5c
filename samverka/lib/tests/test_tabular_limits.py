"""Caps on one table file, and a CSV quote that is never closed (issue 10, item 11).

A 287 KB XLSX of two million rows held a request for 205 s; it is refused from its dimension
before any row is read. A file that hides its size is stopped by counting. A zip bomb is refused
by the sizes its directory declares. An unbalanced quote no longer swallows the next row.
"""

from __future__ import annotations

import time

import pytest

from samverka.lib.tabular import TOO_LARGE, UNCLOSED_QUOTE, Limits, TableError, read_table
from tests.corpus.make import many_rows_xlsx, zip_bomb_xlsx

LIMITS = Limits(rows=200_000, cells=5_000_000, unpacked_bytes=400 * 1024 * 1024)


def _read_all(data: bytes, fmt: str, limits: Limits = LIMITS) -> int:
    table = read_table(data, fmt, limits=limits)
    return sum(1 for _ in table.rows)


def test_two_million_rows_are_refused_from_the_dimension_at_once() -> None:
    data = many_rows_xlsx(2_000_000)
    assert len(data) < 300_000
    started = time.monotonic()
    with pytest.raises(TableError) as refused:
        _read_all(data, "xlsx")
    assert time.monotonic() - started < 5  # 205 s before; reading no row at all
    assert refused.value.kind == TOO_LARGE
    assert "200\u00a0000 rader" in str(refused.value)


def test_a_sheet_without_a_dimension_is_stopped_by_counting() -> None:
    data = many_rows_xlsx(20_000, dimension=False)
    with pytest.raises(TableError) as refused:
        _read_all(data, "xlsx", Limits(rows=1000))
    assert refused.value.kind == TOO_LARGE and "1\u00a0000 rader" in str(refused.value)
    assert _read_all(data, "xlsx", Limits(rows=20_000)) == 20_000


def test_the_cell_cap_counts_rows_times_columns() -> None:
    data = ("a;b;c;d\n" + "1;2;3;4\n" * 100).encode()
    with pytest.raises(TableError) as refused:
        _read_all(data, "csv", Limits(cells=200))
    assert "200 celler" in str(refused.value)
    assert _read_all(data, "csv", Limits(cells=404)) == 100


def test_a_zip_bomb_is_refused_by_its_declared_size_before_unpacking() -> None:
    started = time.monotonic()
    with pytest.raises(TableError) as refused:
        read_table(zip_bomb_xlsx(2), "xlsx", limits=LIMITS)
    assert time.monotonic() - started < 2  # unpacking 2 GB would take far longer
    assert refused.value.kind == TOO_LARGE and "400 MB" in str(refused.value)


def test_an_unbalanced_quote_no_longer_swallows_the_next_row() -> None:
    data = (
        b"id;plats;antal;beskrivning\n"
        b'A1;"Tunneln;2;Klotter\n'
        b"A2;Torget;1;Trasig lampa\n"
        b"A3;Parken;1;Glas\n"
    )
    with pytest.raises(TableError) as refused:
        _read_all(data, "csv")
    assert refused.value.kind == UNCLOSED_QUOTE
    assert refused.value.line == 2
    assert "rad 2" in str(refused.value) and "rad 3" in str(refused.value)


def test_a_real_line_break_in_a_quoted_description_is_kept() -> None:
    data = (
        "id;plats;antal;beskrivning\n"
        'A1;Tunneln;2;"Klotter på väggen.\nSanerat dagen efter; anmält."\n'
        "A2;Torget;1;Trasig lampa\n"
    ).encode()
    table = read_table(data, "csv", limits=LIMITS)
    rows = list(table.rows)
    assert [line for line, _ in rows] == [2, 4]
    assert rows[0][1][3].startswith("Klotter på väggen.\nSanerat")


def test_mixed_encodings_are_refused() -> None:
    data = "plats;antal\nÅby;1\n".encode() + "Växjö;2\n".encode("latin-1")
    with pytest.raises(TableError) as refused:
        read_table(data, "csv")
    assert "blandar teckenkodningar" in str(refused.value)
    # A file in Windows-1252 throughout is still read.
    assert read_table("plats;antal\nVäxjö;2\n".encode("cp1252"), "csv").encoding == "cp1252"
