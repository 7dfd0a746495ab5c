"""Malformed files for every importer, made in memory (the repository holds no large file).

Each corpus is a list of ``Case(name, filename, data)``: the incident import (CSV, XLSX and the
police's events JSON), the statistics import (bra, scb, ntu, survey, geografi) and the
organisation file (YAML, JSON). Every file must be refused with a message and write nothing.

Bombs are built so that making them costs nothing: the zip bomb is 1 KB deflate blocks of a
megabyte of zeros repeated (after a full flush a block does not depend on what came before, so
the repeats are one valid stream), and the YAML/JSON bombs are a few lines of aliases or
brackets. Nothing here expands a bomb; the importers must refuse them before they do.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from openpyxl import Workbook


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    data: bytes

    def __repr__(self) -> str:  # pytest ids and failure messages: never the bytes
        return f"Case({self.name!r}, {self.filename!r}, {len(self.data)} bytes)"


# --- zip and XLSX ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RawMember:
    """A zip member given as its deflated bytes and the sizes to declare."""

    name: str
    deflated: bytes
    size: int
    crc: int = 0


def build_zip(members: list[tuple[str, bytes] | RawMember]) -> bytes:
    """A zip written by hand, so that a member may declare whatever size a test needs."""
    out = io.BytesIO()
    central = io.BytesIO()
    count = 0
    for member in members:
        if isinstance(member, RawMember):
            name, deflated, size, crc = member.name, member.deflated, member.size, member.crc
        else:
            name, data = member
            squeezer = zlib.compressobj(6, zlib.DEFLATED, -15)
            deflated = squeezer.compress(data) + squeezer.flush()
            size, crc = len(data), zlib.crc32(data)
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(deflated),
                size,
                len(encoded),
                0,
            )
        )
        out.write(encoded)
        out.write(deflated)
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(deflated),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        central.write(encoded)
        count += 1
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0))
    return out.getvalue()


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
_EMPTY_STRINGS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" '
    b'uniqueCount="0"></sst>'
)


def _cell(value: object) -> bytes:
    if isinstance(value, int | float):
        return b"<c><v>" + str(value).encode() + b"</v></c>"
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").encode()
    return b'<c t="inlineStr"><is><t>' + text + b"</t></is></c>"


def sheet_rows(rows: list[list[object]]) -> bytes:
    return b"".join(b"<row>" + b"".join(_cell(v) for v in row) + b"</row>" for row in rows)


def raw_xlsx(
    body: bytes,
    *,
    dimension: str | None = None,
    sheet: bytes | None = None,
    strings: bytes = _EMPTY_STRINGS,
    workbook: bytes = _WORKBOOK,
) -> bytes:
    """A workbook of one sheet whose XML is written here (``body``: the rows' XML)."""
    if sheet is None:
        head = _SHEET_HEAD
        if dimension is not None:
            head += b'<dimension ref="' + dimension.encode() + b'"/>'
        sheet = head + b"<sheetData>" + body + b"</sheetData></worksheet>"
    return build_zip(
        [
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/sharedStrings.xml", strings),
        ]
    )


def xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    """A workbook as Excel (openpyxl) writes it."""
    book = Workbook()
    active = book.active
    assert active is not None
    for row in rows:
        active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@cache
def _zero_block() -> bytes:
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return squeezer.compress(b"\0" * (1 << 20)) + squeezer.flush(zlib.Z_FULL_FLUSH)


@cache
def zip_bomb_xlsx(gigabytes: int = 2) -> bytes:
    """An XLSX whose sheet XML really deflates to ``gigabytes`` GB (of zeros) from about a
    megabyte per gigabyte. The checksum is not computed (that would mean hashing the gigabytes):
    an importer must refuse the file by its declared size long before it would check it."""
    megabytes = gigabytes * 1024
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    deflated = _zero_block() * megabytes + end
    size = megabytes << 20
    assert size < 1 << 32  # no zip64 needed
    members: list[tuple[str, bytes] | RawMember] = [
        ("[Content_Types].xml", _CONTENT_TYPES),
        ("_rels/.rels", _RELS),
        ("xl/workbook.xml", _WORKBOOK),
        ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        RawMember("xl/worksheets/sheet1.xml", deflated, size),
        ("xl/sharedStrings.xml", _EMPTY_STRINGS),
    ]
    return build_zip(members)


def forged_size_xlsx() -> bytes:
    """A small sheet whose directory claims 4 GB: refused by the claim, or unreadable."""
    sheet = _SHEET_HEAD + b"<sheetData>" + sheet_rows([["a"]]) + b"</sheetData></worksheet>"
    squeezer = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = squeezer.compress(sheet) + squeezer.flush()
    return build_zip(
        [
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            RawMember("xl/worksheets/sheet1.xml", deflated, 0xFFFF_FFF0, zlib.crc32(sheet)),
            ("xl/sharedStrings.xml", _EMPTY_STRINGS),
        ]
    )


@cache
def many_rows_xlsx(rows: int, *, dimension: bool = True, header: tuple[str, ...] = ("a",)) -> bytes:
    """The finding's file: ``rows`` rows of one cell each, deflated to a few hundred KB.

    Deflated block by block (a full flush makes each block stand alone), so that the same
    block of 10 000 rows is compressed once and repeated: no 50 MB string is ever made."""
    head = _SHEET_HEAD
    if dimension:
        head += f'<dimension ref="A1:O{rows + 1}"/>'.encode()
    head += b"<sheetData>" + sheet_rows([list(header)])
    tail = b"</sheetData></worksheet>"
    per_block = 10_000
    assert rows % per_block == 0
    chunk = b"<row><c><v>1</v></c></row>" * per_block

    def flushed(data: bytes) -> bytes:
        squeezer = zlib.compressobj(6, zlib.DEFLATED, -15)
        return squeezer.compress(data) + squeezer.flush(zlib.Z_FULL_FLUSH)

    blocks = rows // per_block
    squeezer = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = flushed(head) + flushed(chunk) * blocks + squeezer.compress(tail) + squeezer.flush()
    crc = zlib.crc32(head)
    for _ in range(blocks):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(chunk) * blocks + len(tail)
    return build_zip(
        [
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            RawMember("xl/worksheets/sheet1.xml", deflated, size, crc),
            ("xl/sharedStrings.xml", _EMPTY_STRINGS),
        ]
    )


_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def billion_laughs_sheet() -> bytes:
    sheet = (
        _LAUGHS + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row><c t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
        b"</worksheet>"
    )
    return raw_xlsx(b"", sheet=sheet)


def billion_laughs_strings() -> bytes:
    strings = (
        _LAUGHS + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&lol9;</t></si></sst>"
    )
    return raw_xlsx(b'<row><c t="s"><v>0</v></c></row>', strings=strings)


def external_entity_sheet() -> bytes:
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row><c t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData>'
        b"</worksheet>"
    )
    return raw_xlsx(b"", sheet=sheet)


def external_entity_workbook() -> bytes:
    workbook = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>'
        + _WORKBOOK[_WORKBOOK.index(b"<workbook") :].replace(b"Blad1", b"&xxe;")
    )
    return raw_xlsx(sheet_rows([["a"], ["b"]]), workbook=workbook)


def garbage(size: int = 4096, *, seed: int = 1, nul: bool = True) -> bytes:
    data = random.Random(seed).randbytes(size)
    return data if nul else data.replace(b"\x00", b"\x01")


# --- tables (incidents, statistics) ---------------------------------------------------------


def _csv(rows: list[list[str]], *, delimiter: str = ";", newline: str = "\n") -> str:
    return "".join(delimiter.join(row) + newline for row in rows)


def table_corpus(
    header: list[str],
    good: list[str],
    bad_values: dict[str, list[list[str]]],
    *,
    duplicate: list[list[str]],
    prefix: str = "",
) -> list[Case]:
    """Broken CSV and XLSX files around one importer's header and one good row.

    ``bad_values`` names, per kind of trouble (extreme dates, numbers, ids), rows that must be
    refused; ``duplicate`` is a file body with the same thing twice."""
    text = _csv([header, good])
    only_header = _csv([header])
    cases = [
        Case("empty", "tom.csv", b""),
        Case("blank-lines", "tomma.csv", b"\n\r\n   \n\t\n"),
        Case("binary-garbage", "skrap.csv", garbage()),
        Case("binary-garbage-without-nul", "skrap2.csv", garbage(seed=2, nul=False)),
        Case("nul-in-header", "nul.csv", text.replace(";", ";\x00", 1).encode()),
        Case("nul-after-4k", "nul-sent.csv", (only_header + "x" * 5000 + "\x00\n").encode()),
        Case("utf16-le-no-bom", "utf16.csv", text.encode("utf-16-le")),
        Case("utf16-be-no-bom", "utf16be.csv", text.encode("utf-16-be")),
        Case("utf16-bom", "utf16bom.csv", text.encode("utf-16")),
        Case("utf32", "utf32.csv", text.encode("utf-32")),
        Case(
            "latin1-with-a-ring-and-c1",
            "latin1.csv",
            ("å;ä;ö\n" + text).encode("latin-1") + b"\x81\x8d\n",
        ),
        Case(
            "mixed-utf8-latin1",
            "blandad.csv",
            _csv([header]).encode("utf-8")
            + ";".join(good).replace(good[0], "Åby", 1).encode("latin-1")
            + b"\n"
            + "Växjö;".encode()
            + b"\n",
        ),
        Case("header-only", "rubrik.csv", only_header.encode()),
        Case("header-only-bom", "rubrik-bom.csv", b"\xef\xbb\xbf" + only_header.encode()),
        Case(
            "double-bom-header-only",
            "rubrik-2bom.csv",
            b"\xef\xbb\xbf\xef\xbb\xbf" + only_header.encode(),
        ),
        Case("utf16-bom-then-utf8", "bom16.csv", b"\xff\xfe" + text.encode()),
        Case("html-as-csv", "sida.csv", b"<!DOCTYPE html><html><body>404</body></html>\n"),
        Case(
            "huge-field",
            "lang.csv",
            (only_header + "x" * 1_100_000 + ";" * (len(header) - 1) + "\n").encode(),
        ),
        Case(
            "unbalanced-quote",
            "citat.csv",
            (only_header + _csv([[f'"{good[0]}', *good[1:]], good])).encode(),
        ),
        Case(
            "quote-open-to-end",
            "citat-slut.csv",
            (only_header + '"' + ";".join(good) + "\n" + ";".join(good) + "\n").encode(),
        ),
    ]
    for kind, rows in bad_values.items():
        for index, row in enumerate(rows):
            cases.append(Case(f"{kind}-{index}", f"{kind}.csv", _csv([header, row]).encode()))
    bad_rows = [row for rows in bad_values.values() for row in rows]
    cases += [
        Case("crlf-bad-row", "crlf.csv", _csv([header, bad_rows[0]], newline="\r\n").encode()),
        Case("cr-only-bad-row", "cr.csv", _csv([header, bad_rows[1]], newline="\r").encode()),
        Case("duplicates", "dubbletter.csv", _csv([header, *duplicate]).encode()),
        # XLSX
        Case("xlsx-truncated", "halv.xlsx", xlsx([header, good])[:700]),
        Case("xlsx-not-a-zip", "bild.xlsx", b"\x89PNG\r\n\x1a\n" + garbage(512)),
        Case("xlsx-zip-of-garbage", "skrap.xlsx", build_zip([("x.bin", garbage(2048))])),
        Case("xlsx-zip-bomb", "bomb.xlsx", zip_bomb_xlsx(2)),
        Case("xlsx-forged-size", "falsk.xlsx", forged_size_xlsx()),
        Case("xlsx-billion-laughs-sheet", "skratt.xlsx", billion_laughs_sheet()),
        Case("xlsx-billion-laughs-strings", "skratt2.xlsx", billion_laughs_strings()),
        Case("xlsx-external-entity", "xxe.xlsx", external_entity_sheet()),
        Case("xlsx-external-entity-workbook", "xxe2.xlsx", external_entity_workbook()),
        Case("xlsx-two-million-rows", "rader.xlsx", many_rows_xlsx(2_000_000)),
        Case("xlsx-empty-sheet", "tomt.xlsx", xlsx([])),
        Case("xlsx-header-only", "rubrik.xlsx", xlsx([header])),
        Case("xlsx-bad-row", "fel.xlsx", xlsx([header, bad_rows[2]])),
    ]
    return [Case(f"{prefix}{c.name}", c.filename, c.data) for c in cases]


# The incident import's headings (docs/incident-formats.md) and one row that passes.
INCIDENT_HEADER = ["id", "tidpunkt", "kategori", "område", "plats", "antal", "beskrivning"]
INCIDENT_GOOD = ["A1", "2026-11-02 21:14", "Skadegörelse", "Norra Testby", "Tunneln", "2", "x"]


def _incident(**changes: str) -> list[str]:
    row = dict(zip(INCIDENT_HEADER, INCIDENT_GOOD, strict=True))
    row.update(changes)
    return [row[h] for h in INCIDENT_HEADER]


def incident_corpus() -> list[Case]:
    bad = {
        "date": [
            _incident(tidpunkt="0000-01-01"),
            _incident(tidpunkt="9999-12-31 23:59"),
            _incident(tidpunkt="1900-02-29"),
            _incident(tidpunkt="2026-02-30"),
        ],
        "number": [
            _incident(antal="1e309"),
            _incident(antal="NaN"),
            _incident(antal="9" * 5000),
            _incident(antal="-1"),
        ],
        "id": [
            _incident(id="1" * 5000),
            _incident(id="811218-9876"),  # a personnummer as the row's id
        ],
        "identity-number": [
            _incident(beskrivning="Pojken 811218\u20139876 stod där"),
            _incident(plats="811218", antal="2", beskrivning="x"),  # see split below
        ],
    }
    # The date part in one column and the last four in the next.
    bad["identity-number"][1] = _incident(plats="Entrén 811218", antal="9876")
    duplicate = [_incident(), _incident(plats="Någon annanstans")]
    cases = table_corpus(INCIDENT_HEADER, INCIDENT_GOOD, bad, duplicate=duplicate)
    return cases + police_corpus()


def _event(**changes: object) -> dict[str, object]:
    event: dict[str, object] = {
        "id": 612001,
        "datetime": "2026-11-20 21:14:05 +01:00",
        "name": "20 november 21.14, Skadegörelse, Testby",
        "summary": "Klotter",
        "url": "/aktuellt/handelser/2026/november/20/",
        "type": "Skadegörelse",
        "location": {"name": "Norra Testby", "gps": "57.7,12.2"},
    }
    event.update(changes)
    return event


def police_corpus() -> list[Case]:
    import json

    def doc(*events: dict[str, object]) -> bytes:
        return json.dumps(list(events), ensure_ascii=False).encode()

    good = doc(_event())
    return [
        Case("police-empty", "h.json", b""),
        Case("police-object", "h.json", b'{"id": 1}'),
        Case("police-garbage", "h.json", garbage(seed=3)),
        Case("police-truncated", "h.json", good[: len(good) // 2]),
        Case("police-utf16", "h.json", good.decode().encode("utf-16-le")),
        Case(
            "police-latin1",
            "h.json",
            doc(_event(summary="Skadegörelse i Växjö")).decode().encode("latin-1"),
        ),
        Case("police-nul", "h.json", good.replace(b"Klotter", b"Klo\x00tter")),
        Case("police-deep", "h.json", b"[" * 100_000 + b"]" * 100_000),
        Case("police-id-5000-digits", "h.json", good.replace(b"612001", b"9" * 5000)),
        Case("police-nan", "h.json", good.replace(b"612001", b"NaN")),
        Case("police-infinity", "h.json", good.replace(b"612001", b"-Infinity")),
        Case("police-year-0", "h.json", doc(_event(datetime="0000-01-01 00:00:00 +01:00"))),
        Case("police-year-9999", "h.json", doc(_event(datetime="9999-12-31 23:59:59 +01:00"))),
        Case("police-1900-02-29", "h.json", doc(_event(datetime="1900-02-29 12:00:00 +01:00"))),
        Case("police-gps-1e309", "h.json", doc(_event(location={"name": "x", "gps": "1e309,1"}))),
        Case("police-duplicate-ids", "h.json", doc(_event(), _event(summary="Annat"))),
        Case("police-id-personnummer", "h.json", doc(_event(id="811218-9876"))),
        Case("police-trailing-text", "h.json", good + b" ]"),
    ]


# The statistics import: Brå's reported offences, and the other formats' headers.
BRA_HEADER = ["Region", "Regionkod", "År", "Brottskategori", "Antal"]
BRA_GOOD = ["Testby", "9999", "2024", "Samtliga brott", "12"]


def _bra(**changes: str) -> list[str]:
    row = dict(zip(BRA_HEADER, BRA_GOOD, strict=True))
    row.update(changes)
    return [row[h] for h in BRA_HEADER]


def statistics_corpus() -> list[tuple[str, Case]]:
    """(format, case): most cases in Brå's format, and broken files of every other format."""
    bad = {
        "year": [_bra(År="0"), _bra(År="9999"), _bra(År="1900-02-29"), _bra(År="10000")],
        "number": [
            _bra(Antal="1e309"),
            _bra(Antal="NaN"),
            _bra(Antal="9" * 5000),
            _bra(Antal="-5"),
        ],
        "id": [_bra(Regionkod="1" * 5000), _bra(Regionkod="0000")],
    }
    duplicate = [_bra(), _bra(Antal="13")]
    cases = [("bra", c) for c in table_corpus(BRA_HEADER, BRA_GOOD, bad, duplicate=duplicate)]
    others = [
        ("scb", "Region;Regionkod;År;Folkmängd\nTestby;9999;2024;1e309\n"),
        ("scb", "Region;Regionkod;År;Folkmängd\nTestby;9999;0;100\n"),
        ("ntu", "Region;Regionkod;År;Indikator;Andel\nTestby;9999;2024;Otrygg;NaN\n"),
        ("survey", "Område;År;Fråga;Andel;Antal svarande\nNorra Testby;9999;Otrygg;30;80\n"),
        ("survey", "Område;År;Fråga;Andel;Antal svarande\n"),
        ("geografi", "Kod;Namn;Typ;Ingår i\n" + "1" * 5000 + ";X;kommun;14\n"),
        (
            "geografi",
            "Kod;Namn;Typ;Ingår i\n9999-a;A;stadsområde;9999\n9999-a;B;stadsområde;9999\n",
        ),
    ]
    for index, (fmt, text) in enumerate(others):
        cases.append((fmt, Case(f"{fmt}-{index}", f"{fmt}.csv", text.encode())))
    return cases


# --- the organisation file ------------------------------------------------------------------


def alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


MINIMAL = "version: 1\nmunicipality:\n  name: Testby\n  slug: testby\n"


def organisation_corpus(valid: str) -> list[Case]:
    """Broken organisation files; ``valid`` is a good file of the municipality (an export),
    ``MINIMAL`` the least a file holds."""

    def y(name: str, text: str) -> Case:
        return Case(name, f"{name}.yaml", text.encode())

    def m(name: str, section: str) -> Case:
        return y(name, MINIMAL + section)

    json_head = '{"version": 1, "municipality": {"name": "Testby", "slug": "testby"}, '
    return [
        Case("empty", "tom.yaml", b""),
        Case("blank", "tom2.yaml", b"\n\n   \n"),
        Case("binary-garbage", "skrap.yaml", garbage(seed=4)),
        Case("utf16-no-bom", "utf16.yaml", valid.encode("utf-16-le")),
        Case("utf16-bom", "utf16bom.yaml", valid.encode("utf-16")),
        Case("latin1-a-ring", "latin1.yaml", ("# Åby\n" + valid).encode("latin-1", "replace")),
        Case("mixed-encodings", "blandad.yaml", valid.encode() + "# Växjö\n".encode("latin-1")),
        Case("nul", "nul.yaml", valid.replace("\n", "\n\x00", 1).encode()),
        Case("bom-and-garbage", "bom.yaml", b"\xef\xbb\xbf" + garbage(seed=5, nul=False)),
        y("alias-bomb", alias_bomb()),
        y("alias", valid + "extra: &x {a: 1}\nmore: *x\n"),
        y("merge-key", "base: &b {kind: styrgrupp}\ngroups:\n  - <<: *b\n    name: X\n"),
        y("python-object", "municipality: !!python/object:os.system {}\n"),
        y("python-apply", "municipality: !!python/object/apply:os.system ['id']\n"),
        y("python-name", valid + "x: !!python/name:os.system\n"),
        y("custom-tag", "municipality: !kommun testby\n"),
        y("yaml-5000-deep", "- " * 5000 + "x\n"),
        y("yaml-map-deep", "".join(" " * i + f"k{i}:\n" for i in range(40))),
        Case("json-100000-deep", "djup.json", b"[" * 100_000 + b"]" * 100_000),
        Case("json-objects-deep", "djup2.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        y("too-large", "#" * (2 * 1024 * 1024 + 1)),
        m("year-0", "setup_answers:\n  - {question: x, answer: y, answered_at: 0000-01-01}\n"),
        m("year-9999", "documents:\n  - {title: D, kind: avtal, valid_from: 9999-99-99}\n"),
        m("1900-02-29", "documents:\n  - {title: D, kind: avtal, adopted_on: 1900-02-29}\n"),
        m(
            "number-1e309",
            "areas:\n  - {name: A, kind: stadsdel, centroid: {lat: 1e309, lon: 1}}\n",
        ),
        m("number-nan", "areas:\n  - {name: A, kind: stadsdel, centroid: {lat: .nan, lon: 1}}\n"),
        m(
            "number-5000-digits",
            "areas:\n  - {name: A, kind: stadsdel, population: [{year: 2024, population: "
            + "9" * 5000
            + "}]}\n",
        ),
        y("duplicate-key", "version: 1\nversion: 1\n"),
        m(
            "duplicate-names",
            "areas:\n  - {name: A, kind: stadsdel}\n  - {name: A, kind: stadsdel}\n",
        ),
        y("unbalanced-quote", 'version: 1\nmunicipality:\n  name: "Testby\n  slug: testby\n'),
        Case(
            "json-missing-comma", "komma.json", (json_head + '"areas": [] "groups": []}').encode()
        ),
        Case("json-list", "lista.json", b"[1, 2, 3]"),
        y("crlf-tabs", "version: 1\r\nmunicipality:\r\n\tname: Testby\r\n"),
        y("cr-only", "version: 1\rmunicipality:\r  name: Testby\r  slug: [x\r"),
        y("two-documents", valid + "---\nversion: 1\n"),
        y("scalar", "bara text\n"),
        m("name-with-line-break", 'groups:\n  - {name: "Styr\\ngrupp", kind: styrgrupp}\n'),
    ]
