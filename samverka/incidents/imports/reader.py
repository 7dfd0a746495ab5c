"""Reading one row of a CSV/XLSX import into a ``Candidate``, or into errors.

An import of a million rows spends most of its time here, so this is written for speed rather
than brevity: column positions are resolved once; a CSV row's cells are stripped in one
comprehension; values that repeat from row to row (category, area, count, yes/no, setting) are
parsed once and remembered; an error message is built only when there is an error. The rules
are the same as everywhere else (``rows.py``, ``values.py``, the services).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils import timezone

from samverka.incidents.imports.context import Candidate, ImportContext
from samverka.incidents.imports.errors import RowError
from samverka.incidents.imports.rows import (
    MAX_ID,
    MAX_PLACE,
    MAX_TEXT,
    RowChecker,
    locate,
)
from samverka.incidents.imports.table import FIELDS
from samverka.incidents.imports.values import (
    SwerefError,
    parse_bool,
    parse_datetime,
    parse_float,
    parse_int,
    parse_setting,
    parse_time,
    sweref_to_wgs84,
    text,
)
from samverka.incidents.services.incidents import (
    EARLIEST_YEAR,
    FUTURE_SLACK,
    MAX_EVENT_COUNT,
    identity_number_message,
)
from samverka.lib.personnummer import find_identity_numbers, find_split_identity_numbers

# Positions in FIELDS (and in each row's ``cells``), found by key.
_KEYS = [f.key for f in FIELDS]
(
    ID,
    AT,
    TIME,
    UNTIL,
    CATEGORY,
    SUBCATEGORY,
    AREA,
    LAT,
    LON,
    PLACE,
    SETTING,
    COUNT,
    DESCRIPTION,
    ASSESSMENT,
    POLICE,
) = (
    _KEYS.index(key)
    for key in (
        "external_id",
        "occurred_at",
        "time",
        "occurred_until",
        "category",
        "subcategory",
        "area",
        "latitude",
        "longitude",
        "place_name",
        "setting",
        "event_count",
        "description",
        "assessment",
        "police_reported",
    )
)
# A point in SWEREF 99 TM is read from its own two columns (found by ``resolve_columns`` as
# "northing" and "easting"); their headings follow FIELDS' in ``RowReader.heading``.
NORTH, EAST = len(FIELDS), len(FIELDS) + 1
SWEREF_KEYS = {"northing": NORTH, "easting": EAST}

_MISSING = object()


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


class RowReader:
    def __init__(
        self,
        context: ImportContext,
        columns: dict[str, int],
        headers: list[str],
        current: datetime,
        *,
        text_cells: bool = False,
    ) -> None:
        self.context = context
        self.text_cells = text_cells
        self.width = len(headers)
        self.headers = headers
        # The time column follows a date as a rule, and "HHMM" after "YYMMDD" is no identity
        # number: that pair is not joined when looking for numbers split across fields.
        self.unjoined = columns.get("time")
        self.positions = [columns.get(f.key) for f in FIELDS]
        self.heading = [
            headers[columns[f.key]] if f.key in columns else f.headings[0] for f in FIELDS
        ]
        self.sweref = (columns.get("northing"), columns.get("easting"))
        self.heading += [
            headers[p] if p is not None else default
            for p, default in zip(self.sweref, ("sweref_n", "sweref_e"), strict=True)
        ]
        self.latest = current + FUTURE_SLACK
        self.zone = timezone.get_current_timezone()
        owner = context.organisation.pk if context.organisation is not None else 0
        self.id_prefix = f"{owner}:"
        self._categories: dict[tuple[Any, Any], tuple[int, int | None] | list[tuple[int, str]]]
        self._categories = {}
        self._areas: dict[Any, int | None] = {}
        self._simple: dict[tuple[int, Any], Any] = {}

    def _parse_datetime(self, value: Any) -> datetime:
        return parse_datetime(value, self.zone)

    def read(self, line: int, values: list[Any], errors: list[RowError]) -> Candidate | None:
        if len(values) < self.width:
            pad = "" if self.text_cells else None
            values = [*values, *([pad] * (self.width - len(values)))]
        if self.text_cells:  # CSV: every cell is a string
            cells = [(values[p].strip() or None) if p is not None else None for p in self.positions]
        else:
            cells = [_clean(values[p]) if p is not None else None for p in self.positions]
        bad: list[tuple[int, str]] = []
        fail = bad.append

        # When
        occurred_at = occurred_until = None
        raw = cells[AT]
        if raw is None:
            fail((AT, "Ange när det hände."))
        else:
            try:
                occurred_at = self._parse_datetime(raw)
            except (ValueError, TypeError, OverflowError) as exc:
                fail((AT, str(exc)))
        if cells[TIME] is not None:
            try:
                clock = parse_time(cells[TIME])
            except (ValueError, TypeError) as exc:
                fail((TIME, str(exc)))
            else:
                if occurred_at is not None:
                    day = timezone.localtime(occurred_at).date()
                    occurred_at = timezone.make_aware(datetime.combine(day, clock))
        if cells[UNTIL] is not None:
            try:
                occurred_until = self._parse_datetime(cells[UNTIL])
            except (ValueError, TypeError, OverflowError) as exc:
                fail((UNTIL, str(exc)))
        if occurred_at is not None:
            if occurred_at > self.latest:
                fail((AT, "Tidpunkten ligger i framtiden."))
            elif occurred_at.year < EARLIEST_YEAR:
                fail((AT, f"Ange en tidpunkt från år {EARLIEST_YEAR} eller senare."))
            if occurred_until is not None and occurred_until < occurred_at:
                fail((UNTIL, "Sluttiden är före starttiden."))

        # What
        key = (cells[CATEGORY], cells[SUBCATEGORY])
        categories = self._categories.get(key)
        if categories is None:
            categories = self._categories[key] = self._resolve_categories(*key)
        if isinstance(categories, list):
            bad.extend(categories)
            category_id = subcategory_id = None
        else:
            category_id, subcategory_id = categories

        # Where
        latitude = longitude = None
        point_field = LAT
        if cells[LAT] is not None or cells[LON] is not None:
            latitude = self._float(cells[LAT], LAT, bad)
            longitude = self._float(cells[LON], LON, bad)
        if self.sweref != (None, None):
            north, east = (self._cell(values, p) for p in self.sweref)
            if north is not None or east is not None:
                point_field = NORTH
                if cells[LAT] is not None or cells[LON] is not None:
                    fail(
                        (
                            NORTH,
                            "Raden har både latitud/longitud och SWEREF 99 TM. "
                            "Ange punkten på ett sätt.",
                        )
                    )
                else:
                    latitude, longitude = self._sweref(north, east, bad)
        area_id = self._area(line, cells[AREA], latitude, longitude, bad, point_field)

        # How many, and the rest
        event_count = self._simple_value(COUNT, cells[COUNT], parse_int, 1, bad)
        if event_count is not None and not 1 <= event_count <= MAX_EVENT_COUNT:
            fail((COUNT, f"Antalet ska vara mellan 1 och {MAX_EVENT_COUNT}."))
        place_name = self._text(PLACE, cells[PLACE], MAX_PLACE, bad)
        description = self._text(DESCRIPTION, cells[DESCRIPTION], MAX_TEXT, bad)
        assessment = self._text(ASSESSMENT, cells[ASSESSMENT], MAX_TEXT, bad)
        setting = self._simple_value(SETTING, cells[SETTING], parse_setting, "", bad)
        police_reported = self._simple_value(POLICE, cells[POLICE], parse_bool, None, bad)
        raw_id = cells[ID]
        if raw_id is not None:
            # Screened like free text: an id is stored and shown, and a personnummer used as
            # the id of each row would be kept as surely as one in a description.
            raw_id = self._text(ID, raw_id, MAX_ID, bad)
        if not bad:
            self._split_numbers(values, bad)

        if bad:
            heading = self.heading
            errors.extend(
                RowError(line, heading[field] if isinstance(field, int) else field, message)
                for field, message in bad
            )
            return None
        candidate = Candidate(
            line=line,
            category_id=category_id,  # type: ignore[arg-type]
            subcategory_id=subcategory_id,
            area_id=area_id,  # type: ignore[arg-type]
            latitude=latitude,
            longitude=longitude,
            place_name=place_name,
            setting=setting,
            occurred_at=occurred_at,  # type: ignore[arg-type]
            occurred_until=occurred_until,
            event_count=event_count,
            description=description,
            assessment=assessment,
            police_reported=police_reported,
            external_id="",
        )
        candidate.external_id = (
            self.id_prefix + raw_id if raw_id else self.context.derived_id(candidate)
        )
        return candidate

    def _split_numbers(self, values: list[Any], bad: list[Any]) -> None:
        """An identity number whose date is at the end of one field and whose last four start
        the next (two columns side by side in the file, whatever they are)."""
        fields: list[str | None] = []
        for position, value in enumerate(values[: self.width]):
            if position == self.unjoined or value is None:
                fields.append(None)
            elif value.__class__ is str:
                fields.append(value)
            elif isinstance(value, int) and not isinstance(value, bool):
                fields.append(str(value))
            elif isinstance(value, float) and value.is_integer() and abs(value) < 1e13:
                fields.append(str(int(value)))
            else:
                fields.append(None)  # a date or a fraction: no digits of a number as text
        for index, number in find_split_identity_numbers(fields):
            columns = f"”{self.headers[index]}” och ”{self.headers[index + 1]}”"
            bad.append(
                (
                    self.headers[index],
                    identity_number_message([number])
                    + f" Numret är delat mellan kolumnerna {columns}.",
                )
            )

    def _resolve_categories(
        self, raw: Any, raw_sub: Any
    ) -> tuple[int, int | None] | list[tuple[int, str]]:
        if raw is None:
            return [(CATEGORY, "Ange kategori.")]
        context = self.context
        name = str(raw)
        category = context.category(name)
        if category is None:
            return [(CATEGORY, f"Okänd kategori ”{name[:60]}”.")]
        subcategory = None
        if category.parent_id is not None:
            category, subcategory = context.categories_by_id[category.parent_id], category
        if raw_sub is not None:
            sub_name = str(raw_sub)
            found = context.subcategory(category, sub_name)
            if found is None:
                return [
                    (SUBCATEGORY, f"”{sub_name[:60]}” är ingen underkategori till {category.name}.")
                ]
            if subcategory is not None and found.pk != subcategory.pk:
                return [(SUBCATEGORY, "Underkategorin stämmer inte med kategorin.")]
            subcategory = found
        return category.pk, subcategory.pk if subcategory is not None else None

    def _cell(self, values: list[Any], position: int | None) -> Any:
        if position is None:
            return None
        value = values[position]
        if self.text_cells:
            return value.strip() or None
        return _clean(value)

    def _sweref(
        self, north: Any, east: Any, bad: list[tuple[int, str]]
    ) -> tuple[float | None, float | None]:
        missing = "Ange både nord och öst (SWEREF 99 TM)."
        northing = self._float(north, NORTH, bad, missing)
        easting = self._float(east, EAST, bad, missing)
        if northing is None or easting is None:
            return None, None
        try:
            return sweref_to_wgs84(northing, easting)
        except SwerefError as exc:
            bad.append((SWEREF_KEYS[exc.field], str(exc)))
            return None, None

    def _float(
        self,
        raw: Any,
        field: int,
        bad: list[tuple[int, str]],
        missing: str = "Ange både latitud och longitud.",
    ) -> float | None:
        if raw is None:
            bad.append((field, missing))
            return None
        try:
            value = float(raw) if raw.__class__ is str else parse_float(raw)
        except ValueError:
            try:  # a decimal comma, spaces, or not a number at all
                value = parse_float(raw)
            except (ValueError, TypeError) as exc:
                bad.append((field, str(exc)))
                return None
        except TypeError as exc:
            bad.append((field, str(exc)))
            return None
        if not math.isfinite(value):
            bad.append((field, "Ange ett tal."))
            return None
        return value

    def _area(
        self,
        line: int,
        raw: Any,
        latitude: float | None,
        longitude: float | None,
        bad: list[tuple[int, str]],
        point_field: int = LAT,
    ) -> int | None:
        has_point = latitude is not None and longitude is not None
        if has_point and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # type: ignore[operator]
            bad.append((LAT, "Koordinaterna ska vara latitud och longitud i grader."))
            return None
        if raw is not None:
            area_id = self._areas.get(raw, _MISSING)
            if area_id is _MISSING:
                area_id = self._areas[raw] = self.context.area_id(str(raw))
            if area_id is None:
                bad.append((AREA, f"Okänt område ”{str(raw)[:60]}”."))
            return area_id  # type: ignore[return-value]
        if has_point:
            errors: list[RowError] = []
            found = locate(RowChecker(line, errors), self.context, "", latitude, longitude)
            bad.extend((point_field, e.message) for e in errors)
            return found
        if not bad:
            bad.append((AREA, "Ange område eller koordinater."))
        return None

    def _simple_value(
        self,
        field: int,
        raw: Any,
        parse: Callable[[Any], Any],
        default: Any,
        bad: list[tuple[int, str]],
    ) -> Any:
        """A value from a small set that repeats (count, setting, yes/no): parsed once."""
        if raw is None:
            return default
        key = (field, raw)
        known = self._simple.get(key, _MISSING)
        if known is _MISSING:
            try:
                known = ("ok", parse(raw))
            except (ValueError, TypeError, OverflowError) as exc:
                known = ("error", str(exc))
            if len(self._simple) < 10_000:
                self._simple[key] = known
        state, value = known  # type: ignore[misc]
        if state == "error":
            bad.append((field, value))
            return default
        return value

    def _text(
        self,
        field: int,
        raw: Any,
        limit: int,
        bad: list[tuple[int, str]],
        *,
        screen: bool = True,
    ) -> str:
        if raw is None:
            return ""
        if raw.__class__ is not str:
            try:
                raw = text(raw)
            except ValueError as exc:
                bad.append((field, str(exc)))
                return ""
        if "\x00" in raw:
            bad.append((field, "Värdet innehåller ett otillåtet tecken (NUL)."))
            return ""
        if len(raw) > limit:
            bad.append((field, f"Texten är för lång ({len(raw)} tecken, högst {limit})."))
            return ""
        if screen:
            found = find_identity_numbers(raw)
            if found:
                bad.append((field, identity_number_message(found)))
                return ""
        return raw  # type: ignore[no-any-return]
