"""The Swedish police's public events (https://polisen.se/api/events): a JSON list of objects

    {"id": 612345, "datetime": "2026-11-20 21:14:05 +01:00", "name": "20 november 21.14,
     Skadegörelse, Göteborg", "summary": "…", "url": "/aktuellt/handelser/…",
     "type": "Skadegörelse", "location": {"name": "Göteborg", "gps": "57.70887,11.97456"}}

Types map to the taxonomy by ``samverka.incidents.taxonomy.POLICE_TYPES``. The event's time
is the one in ``name``; ``datetime`` is when the version was published (``police_time``). Where
the event belongs — a sub-area, the municipality or the county as a whole, or another
municipality (skipped and counted, not an error: the feed covers the whole country) — is
``police_places``'s to say. The police republish an event under the same id when they update
it: the newest version updates the stored incident, an older one changes nothing
(``samverka.incidents.imports.run``), and every version is kept in ``PoliceEventVersion``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from samverka.incidents.imports.context import Candidate, ImportContext
from samverka.incidents.imports.errors import RowError
from samverka.incidents.imports.police_places import PolicePlaces
from samverka.incidents.imports.police_time import PoliceTimeError, event_time, parse_published
from samverka.incidents.imports.rows import MAX_ID, RowChecker, check_text, check_times, now
from samverka.incidents.imports.values import text
from samverka.incidents.taxonomy import OTHER, police_type_codes

POLICE_URL = "https://polisen.se"
_WHITESPACE = " \t\r\n"


def _skip(doc: str, index: int) -> int:
    while index < len(doc) and doc[index] in _WHITESPACE:
        index += 1
    return index


# The json module's messages are English; in the words of the upload page instead.
_JSON_PROBLEMS = (
    ("Expecting value", "ett värde saknas"),
    ("Expecting property name", "ett fältnamn inom citattecken saknas"),
    ("Expecting ',' delimiter", "ett kommatecken saknas"),
    ("Expecting ':' delimiter", "ett kolon saknas"),
    ("Unterminated string", "en text inom citattecken stängs inte"),
    ("Invalid control character", "en text innehåller ett styrtecken (radbrytning, tabb, NUL)"),
    ("Invalid \\escape", "en text innehåller en ogiltig \\-sekvens"),
    ("Invalid \\uXXXX escape", "en text innehåller en ogiltig \\u-sekvens"),
    ("Extra data", "det finns text efter slutet"),
)


def _json_error(doc: str, exc: json.JSONDecodeError) -> RowError:
    problem = next((words for needle, words in _JSON_PROBLEMS if exc.msg.startswith(needle)), "")
    return RowError(
        exc.lineno,
        "",
        f"Filen är inte giltig JSON här: {problem or 'tecknen följer inte JSON-formatet'} "
        f"(tecken {exc.colno}).",
    )


# An id or a count has a few digits; Python refuses to convert more than 4 300 (a ValueError
# that was a 500), and a number of thousands of digits is no event of the police's.
MAX_DIGITS = 40


class _NumberError(ValueError):
    pass


def _bounded_int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_DIGITS:
        raise _NumberError(f"Ett tal i händelsen har fler än {MAX_DIGITS} siffror.")
    return int(literal)


def _no_constant(name: str) -> Any:
    raise _NumberError(f"”{name}” är inget giltigt värde i JSON; ange ett tal eller en text.")


def iter_events(doc: str, errors: list[RowError]) -> Iterator[tuple[int, Any]]:
    """(line, value) of each element of the top-level JSON list; the line where it starts."""
    decoder = json.JSONDecoder(parse_int=_bounded_int, parse_constant=_no_constant)
    index = _skip(doc, 0)
    if index >= len(doc) or doc[index] != "[":
        errors.append(
            RowError(
                1,
                "",
                "Filen ska vara en JSON-lista med händelser ([{…}, {…}]) som polisens "
                "händelse-API ger.",
            )
        )
        return
    index = _skip(doc, index + 1)
    line, counted_to = 1, 0
    if index < len(doc) and doc[index] == "]":
        return
    while True:
        line += doc.count("\n", counted_to, index)
        counted_to = index
        try:
            value, end = decoder.raw_decode(doc, index)
        except json.JSONDecodeError as exc:
            errors.append(_json_error(doc, exc))
            return
        except RecursionError:
            errors.append(RowError(line, "", "Händelsen har för många nivåer inuti varandra."))
            return
        except _NumberError as exc:
            errors.append(RowError(line, "", str(exc)))
            return
        except ValueError:  # a float literal Python cannot read, say; never a 500
            errors.append(RowError(line, "", "Händelsen innehåller ett tal som inte kan läsas."))
            return
        yield line, value
        index = _skip(doc, end)
        if index < len(doc) and doc[index] == ",":
            index = _skip(doc, index + 1)
            continue
        if index < len(doc) and doc[index] == "]":
            if _skip(doc, index + 1) < len(doc):
                errors.append(RowError(line, "", "Det finns text efter listans slut (])."))
            return
        errors.append(
            RowError(
                doc.count("\n", 0, index) + 1,
                "",
                "Filen är inte giltig JSON här: ett kommatecken eller ] saknas.",
            )
        )
        return


def _gps(value: Any) -> tuple[float, float]:
    parts = text(value).replace(" ", "").split(",")
    if len(parts) != 2:
        raise ValueError("Ange gps som ”latitud,longitud”, t.ex. 57.70887,11.97456.")
    try:
        latitude, longitude = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError("Ange gps som ”latitud,longitud”, t.ex. 57.70887,11.97456.") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError("Koordinaterna ligger utanför jordklotet.")
    return latitude, longitude


def police_rows(
    data: bytes, context: ImportContext, errors: list[RowError], info: dict[str, Any]
) -> Iterator[Candidate]:
    """The file's events: of the versions of one event in the file, the one published last.
    Two versions of one id with the same publication time are both passed on: the caller
    counts a repeat and refuses two different texts (which to keep is the file's to say)."""
    try:
        doc = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        errors.append(RowError(None, "", "Filen är inte sparad som UTF-8."))
        return
    current = now()
    places = PolicePlaces(context)
    rows = outside = older = 0
    # Per id, the versions published last (normally one; two only when the file repeats a
    # version, or has two different texts for one time, which the caller tells apart).
    newest: dict[str, list[Candidate]] = {}
    for line, event in iter_events(doc, errors):
        rows += 1
        candidate = _event(context, places, _EventChecker(line, rows, errors), event, current)
        if candidate is None:
            continue
        if candidate.area_id == -1:
            outside += 1
            continue
        versions = newest.get(candidate.external_id)
        if versions is None:
            newest[candidate.external_id] = [candidate]
            continue
        # Both have a publication time (_event returns none without one).
        published = candidate.published_at or current
        latest = versions[0].published_at or current
        if published == latest:
            versions.append(candidate)
            continue
        older += 1
        if published > latest:
            newest[candidate.external_id] = [candidate]
    info["rows"] = rows
    info["outside"] = outside
    info["older_versions"] = older
    yield from sorted((c for vs in newest.values() for c in vs), key=lambda c: c.line)


class _EventChecker(RowChecker):
    """Names the event by its place in the list as well as its line: a feed saved as one long
    line has every event on line 1."""

    def __init__(self, line: int, number: int, errors: list[RowError]) -> None:
        super().__init__(line, errors)
        self.number = number

    def fail(self, column: str, message: str) -> None:
        super().fail(column, f"Händelse nr {self.number} i listan: {message}")


def _event(
    context: ImportContext,
    places: PolicePlaces,
    check: RowChecker,
    event: Any,
    current: datetime,
) -> Candidate | None:
    line = check.line
    if not isinstance(event, dict):
        check.fail("", "Händelsen ska vara ett JSON-objekt med id, datetime, name och location.")
        return None

    def field(name: str) -> str:
        try:
            return text(event.get(name))
        except ValueError as exc:
            check.fail(name, str(exc))
            return ""

    raw_id = event.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, int | str) or not str(raw_id).strip():
        check.fail("id", "Händelsen saknar id (ett heltal eller en text).")
        raw_id = ""
    raw_id = str(raw_id).strip()
    if len(raw_id) > MAX_ID or "\x00" in raw_id:
        check.fail("id", f"Id:t är ogiltigt eller för långt (högst {MAX_ID} tecken).")
    else:
        raw_id = check_text(check, "id", raw_id)  # an identity number is no event's id
    published_at = occurred_at = None
    try:
        published_at = parse_published(event.get("datetime"))
    except PoliceTimeError as exc:
        check.fail("datetime", str(exc))
    if published_at is not None:
        try:
            occurred_at = event_time(event.get("name"), published_at)
        except PoliceTimeError as exc:
            check.fail("name", str(exc))
    check_times(check, ("name", "name"), occurred_at, None, current)
    police_type = field("type")
    if not police_type:
        check.fail("type", "Händelsen saknar typ (type), t.ex. ”Skadegörelse”.")
    category_code, sub_code = police_type_codes(police_type)
    category = context.category(category_code) or context.category(OTHER)
    subcategory = context.category(sub_code) if sub_code else None
    if category is None or category.parent_id is not None:
        check.fail("type", f"Kategorin ”{category_code}” finns inte i kommunens kategorier.")
        category = None
    if subcategory is not None and (category is None or subcategory.parent_id != category.pk):
        subcategory = None  # the coordinators have moved it: keep the main category

    location = event.get("location")
    location_name = ""
    latitude = longitude = None
    if not isinstance(location, dict):
        check.fail("location", "Händelsen saknar plats (location med name och gps).")
    else:
        try:
            location_name = check_text(
                check, "location.name", text(location.get("name"))[:200], limit=200
            )
            if location.get("gps") not in (None, ""):
                latitude, longitude = _gps(location.get("gps"))
        except (ValueError, TypeError) as exc:
            check.fail("location.gps", str(exc))
    summary = check_text(check, "summary", field("summary"))
    url = field("url")
    if not check.ok or category is None or occurred_at is None or published_at is None:
        return None
    placed = places.place(location_name, latitude, longitude)
    if not placed.keep_point:
        latitude = longitude = None
    if url.startswith("/"):
        url = POLICE_URL + url
    description = summary
    if url and len(url) < 500:
        description = f"{summary}\n\n{url}" if summary else url
    return Candidate(
        line=line,
        category_id=category.pk,
        subcategory_id=subcategory.pk if subcategory is not None else None,
        area_id=placed.area_id if placed.area_id is not None else -1,  # -1: elsewhere
        latitude=latitude,
        longitude=longitude,
        place_name=location_name,
        setting="",
        occurred_at=occurred_at,
        occurred_until=None,
        event_count=1,
        description=description,
        assessment="",
        police_reported=True,
        external_id=raw_id,
        published_at=published_at,
        place_precision=placed.precision,
        source_event=json.dumps(event, ensure_ascii=False, sort_keys=True),
    )
