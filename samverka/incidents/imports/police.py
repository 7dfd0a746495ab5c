"""The Swedish police's public events (https://polisen.se/api/events): a JSON list of objects

    {"id": 612345, "datetime": "2026-11-20 21:14:05 +01:00", "name": "20 november 21.14,
     Skadegörelse, Göteborg", "summary": "…", "url": "/aktuellt/handelser/…",
     "type": "Skadegörelse", "location": {"name": "Göteborg", "gps": "57.70887,11.97456"}}

Types map to the taxonomy by ``samverka.incidents.taxonomy.POLICE_TYPES``. The place is the
smallest area containing the gps point; failing that, an area with the location's name (the
police often give only the municipality's centre). Events elsewhere — the feed covers the whole
country — are skipped and counted, not errors. The police's id makes a re-import add nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from samverka.incidents.imports.context import Candidate, ImportContext
from samverka.incidents.imports.errors import RowError
from samverka.incidents.imports.rows import MAX_ID, RowChecker, check_text, check_times, now
from samverka.incidents.imports.values import parse_datetime, text
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


def _police_datetime(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S %z")
        except ValueError:
            pass
    return parse_datetime(value)


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
    try:
        doc = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        errors.append(RowError(None, "", "Filen är inte sparad som UTF-8."))
        return
    current = now()
    rows = outside = 0
    seen: dict[str, int] = {}
    for line, event in iter_events(doc, errors):
        rows += 1
        candidate = _event(context, line, event, errors, current)
        if candidate is None:
            continue
        if candidate.area_id == -1:
            outside += 1
            continue
        if candidate.external_id in seen:
            errors.append(
                RowError(line, "id", f"Samma id finns redan på rad {seen[candidate.external_id]}.")
            )
            continue
        seen[candidate.external_id] = line
        yield candidate
    info["rows"] = rows
    info["outside"] = outside


def _event(
    context: ImportContext,
    line: int,
    event: Any,
    errors: list[RowError],
    current: datetime,
) -> Candidate | None:
    check = RowChecker(line, errors)
    if not isinstance(event, dict):
        check.fail("", "Händelsen ska vara ett JSON-objekt med id, datetime, type och location.")
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
    occurred_at = None
    try:
        occurred_at = _police_datetime(event.get("datetime"))
    except (ValueError, TypeError, OverflowError):
        check.fail("datetime", "Ange tidpunkten som ”2026-11-20 21:14:05 +01:00”.")
    check_times(check, ("datetime", "datetime"), occurred_at, None, current)
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
    if not check.ok or category is None or occurred_at is None:
        return None
    area_id = None
    if latitude is not None and longitude is not None and context.locator.has_boundaries:
        area_id = context.locator.area_id(latitude, longitude)
    if area_id is None and location_name:
        area_id = context.area_id(location_name)
    if url.startswith("/"):
        url = POLICE_URL + url
    description = summary
    if url and len(url) < 500:
        description = f"{summary}\n\n{url}" if summary else url
    return Candidate(
        line=line,
        category_id=category.pk,
        subcategory_id=subcategory.pk if subcategory is not None else None,
        area_id=area_id if area_id is not None else -1,  # -1: outside the municipality
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
    )
