"""Brå's yearly per-municipality files for all 290 municipalities, written from the shipped
reference list the way Brå writes names and numbers (made-up values).

``python -m samverka.stats.tests.bra_files`` rewrites the two files in ``data/``; a test checks
that the committed files are exactly what this writes, so the fixtures never drift from the list.

* ``bra-kommuner-2021-utan-rubrik.csv``: the layout up to 2022 — no header row; "Ale kommun",
  the genitive ("Arjeplogs kommun", but "Alingsås kommun", "Vännäs kommun"), "Göteborgs stad",
  "Borås stad", "Region Gotland"; an en dash for a hyphen ("Malung–Sälens kommun",
  "Upplands–Bro kommun"); spaces as thousands separators; "Hela landet" first; Stockholm's,
  Göteborg's and Malmö's districts under their city (Malmö's as "Malmö Norr").
* ``bra-kommuner-2023.csv``: the layout from 2023 — the header ``Kommun;Antal;Per 100 000 inv.``,
  the names as SCB writes them or as "X kommun"/"Xs kommun"/"X stad", Göteborg's districts as
  "Centrum (Göteborg)", non-breaking spaces as thousands separators, "Hela landet" last.

Both are UTF-8 with a byte-order mark, semicolon-separated, with CRLF line ends.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
REFERENCE = Path(__file__).resolve().parents[1] / "reference_data" / "sverige.csv"
WITHOUT_HEADER = DATA / "bra-kommuner-2021-utan-rubrik.csv"
WITH_HEADER = DATA / "bra-kommuner-2023.csv"
# Municipalities that call themselves "stad" (Brå writes "Göteborgs stad").
CITIES = {
    "Borås",
    "Göteborg",
    "Haparanda",
    "Helsingborg",
    "Landskrona",
    "Lidingö",
    "Malmö",
    "Mölndal",
    "Solna",
    "Stockholm",
    "Sundbyberg",
    "Trollhättan",
    "Vaxholm",
}
QUALIFIED_DISTRICTS = {"1280"}  # Malmö's districts are written "Malmö Norr"


def reference_rows() -> list[dict[str, str]]:
    text = REFERENCE.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))


def genitive(name: str) -> str:
    """Swedish genitive before "kommun": an s, except after a vowel, s, x or z."""
    return name if name[-1].lower() in "aeiouyåäösxz" else f"{name}s"


def bra_name(code: str, name: str) -> str:
    """How Brå's file up to 2022 names a municipality."""
    if code == "0980":
        return "Region Gotland"
    written = f"{genitive(name)} {'stad' if name in CITIES else 'kommun'}"
    return written.replace("-", "\u2013")


def _number(value: int, separator: str) -> str:
    return f"{value:,}".replace(",", separator)


def _rate(value: int, separator: str) -> str:
    return f"{_number(value // 10, separator)},{value % 10}"


def _values(code: str) -> tuple[int, int]:
    """Made-up, but stable: a count and a rate per 100 000 (in tenths) from the code."""
    number = int("".join(c for c in code if c.isdigit()) or "0") + len(code)
    return 150 + (number * 7919) % 60_000, 40_000 + (number * 104_729) % 120_000


def _csv(rows: list[list[str]]) -> bytes:
    return ("\ufeff" + "".join(";".join(row) + "\r\n" for row in rows)).encode("utf-8")


def without_header() -> bytes:
    rows = reference_rows()
    districts: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        if row["Typ"] in ("stadsområde", "stadsdelsområde"):
            districts.setdefault(row["Ingår i"], []).append(row)
    names = {row["Kod"]: row["Namn"] for row in rows}
    out = [["Hela landet", _number(1_396_287, " "), _rate(133_127, " ")]]
    for row in rows:
        if row["Typ"] != "kommun":
            continue
        count, rate = _values(row["Kod"])
        out.append([bra_name(row["Kod"], row["Namn"]), _number(count, " "), _rate(rate, " ")])
        for district in districts.get(row["Kod"], []):
            count, rate = _values(district["Kod"])
            name = district["Namn"].replace("-", "\u2013")
            if row["Kod"] in QUALIFIED_DISTRICTS:
                name = f"{names[row['Kod']]} {name}"
            out.append([name, _number(count, " "), _rate(rate, " ")])
    return _csv(out)


def with_header() -> bytes:
    out = [["Kommun", "Antal", "Per 100 000 inv."]]
    rows = reference_rows()
    for row in rows:
        if row["Typ"] == "kommun":
            count, rate = _values(row["Kod"])
            # Every third as "X kommun" / "Xs kommun" / "X stad", the others as SCB names them.
            name = row["Namn"]
            if int(row["Kod"]) % 3 == 0:
                name = bra_name(row["Kod"], name).replace("\u2013", "-")
            out.append([name, _number(count, "\u00a0"), _rate(rate, "\u00a0")])
        if row["Kod"] == "1480":  # Göteborg's districts, named with their city
            for district in (r for r in rows if r["Ingår i"] == "1480"):
                count, rate = _values(district["Kod"])
                name = f"{district['Namn']} (Göteborg)"
                out.append([name, _number(count, "\u00a0"), _rate(rate, "\u00a0")])
    out.append(["Hela landet", _number(1_420_154, "\u00a0"), _rate(134_512, "\u00a0")])
    return _csv(out)


if __name__ == "__main__":
    WITHOUT_HEADER.write_bytes(without_header())
    WITH_HEADER.write_bytes(with_header())
