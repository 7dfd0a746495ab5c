"""Reading one cell: dates and times, numbers with a decimal comma, yes/no, settings, and
SWEREF 99 TM points.

Each parser returns the value or raises ``ValueError`` with a Swedish message naming what was
expected; the caller adds the line and the column.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo
from datetime import timezone as dt_timezone
from typing import Any

from django.utils import timezone

from samverka.incidents.models import Setting
from samverka.lib.geo import DECIMALS, _sweref_to_wgs84

_DATETIME = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T]+(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_TIME = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$", re.IGNORECASE)
_TZ_CACHE: dict[str, Any] = {}

YES = {"ja", "j", "yes", "y", "true", "sant", "1", "x"}
NO = {"nej", "n", "no", "false", "falskt", "0"}
UNKNOWN = {"", "vet ej", "vet inte", "okänt", "okand", "okänd", "-"}
SETTINGS = {
    "inomhus": Setting.INDOOR,
    "indoor": Setting.INDOOR,
    "utomhus": Setting.OUTDOOR,
    "outdoor": Setting.OUTDOOR,
    "halvoffentlig": Setting.SEMI_PUBLIC,
    "halvoffentlig miljö": Setting.SEMI_PUBLIC,
    "halvoffentligt": Setting.SEMI_PUBLIC,
    "semi_public": Setting.SEMI_PUBLIC,
    "semi-public": Setting.SEMI_PUBLIC,
}
DATETIME_HINT = "Skriv datum och tid som 2026-11-20 21:14."
_SPACES = (" ", "\u00a0", "\u202f")

# SWEREF 99 TM (EPSG:3006) in metres: its area of use, Sweden on land and at sea (EPSG gives
# 10.03–24.17 E, 54.96–69.07 N), projected and rounded outwards.
SWEREF_NORTHING = (6_090_000.0, 7_690_000.0)
SWEREF_EASTING = (181_000.0, 1_087_000.0)
SWEREF_HINT = "SWEREF 99 TM anges i meter: nord 6 090 000–7 690 000, öst 181 000–1 087 000."
# RT 90 2.5 gon V, the system before SWEREF 99: similar northings, eastings 1.2–1.9 million.
_RT90_EASTING = (1_180_000.0, 1_920_000.0)


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if "\x00" in result:
        raise ValueError("Värdet innehåller ett otillåtet tecken (NUL).")
    return result


def _aware(value: datetime, zone: tzinfo | None = None) -> datetime:
    """A naive time is local (Swedish) time; the zone's own rules settle summer time."""
    if not 1900 <= value.year <= 2100:  # also keeps time-zone arithmetic from overflowing
        raise ValueError(f"{value.year} är inget rimligt år. " + DATETIME_HINT)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone or timezone.get_current_timezone())
    return value


def parse_datetime(value: Any, zone: tzinfo | None = None) -> datetime:
    """An aware datetime; a naive one is local time (``zone``, default the current time zone:
    Swedish); a date alone is its midnight."""
    if isinstance(value, datetime):
        return _aware(value, zone)
    if isinstance(value, date):
        return _aware(datetime.combine(value, time.min), zone)
    raw = value.strip() if value.__class__ is str else text(value)
    if not raw:
        raise ValueError("Ange när det hände. " + DATETIME_HINT)
    try:
        return _aware(datetime.fromisoformat(raw), zone)
    except ValueError:
        pass
    match = _DATETIME.match(raw)
    if not match:
        raise ValueError(f"”{raw[:40]}” är ingen tidpunkt. " + DATETIME_HINT)
    year, month, day, hour, minute, second, offset_text = match.groups()
    try:
        result = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
    except ValueError:
        raise ValueError(f"”{raw[:40]}” är ingen giltig tidpunkt. " + DATETIME_HINT) from None
    if not 1900 <= result.year <= 2100:
        raise ValueError(f"{result.year} är inget rimligt år. " + DATETIME_HINT)
    if offset_text:
        offset_text = "+00:00" if offset_text.upper() == "Z" else offset_text
        sign = 1 if offset_text[0] == "+" else -1
        digits = offset_text[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        if offset > timedelta(hours=14):
            raise ValueError(f"”{raw[:40]}” har en ogiltig tidszon.")
        return result.replace(tzinfo=dt_timezone(sign * offset))
    return _aware(result, zone)


def parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, float) and 0 <= value < 1:  # Excel stores a time as a fraction of a day
        seconds = round(value * 86400)
        return time(seconds // 3600, (seconds % 3600) // 60, seconds % 60)
    raw = text(value)
    match = _TIME.match(raw)
    if not match:
        raise ValueError(f"”{raw[:20]}” är inget klockslag. Skriv till exempel 21:14.")
    hour, minute, second = (int(g or 0) for g in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"”{raw[:20]}” är inget klockslag. Skriv till exempel 21:14.")
    return time(hour, minute, second)


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("Ange ett heltal.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value).replace(" ", "").replace("\u00a0", "")
    if not raw.lstrip("-").isdigit() or len(raw) > 9:
        raise ValueError(f"”{raw[:20]}” är inget heltal.")
    return int(raw)


def parse_float(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("Ange ett tal.")
    if isinstance(value, int | float):
        result = float(value)
    else:
        # Spreadsheets write thousands with (non-breaking) spaces: "6 398 758,35".
        raw = text(value).replace(",", ".")
        for space in _SPACES:
            raw = raw.replace(space, "")
        try:
            result = float(raw)
        except ValueError:
            raise ValueError(f"”{raw[:20]}” är inget tal.") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise ValueError("Ange ett tal.")
    return result


def parse_bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in UNKNOWN:
        return None
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise ValueError(f"”{raw[:20]}”: skriv ja, nej eller lämna tomt om det inte är känt.")


def parse_setting(value: Any) -> str:
    raw = text(value).lower()
    if not raw:
        return ""
    if raw in SETTINGS:
        return str(SETTINGS[raw])
    raise ValueError(f"”{raw[:20]}”: skriv inomhus, utomhus eller halvoffentlig.")


class SwerefError(ValueError):
    """A SWEREF 99 TM point that cannot be used; ``field`` is "northing" or "easting"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _metres(value: float) -> str:
    """6398758.35 → "6 398 758,35", as a Swedish spreadsheet shows it."""
    shown = f"{value:,.2f}".rstrip("0").rstrip(".")
    return shown.replace(",", " ").replace(".", ",")


def _inside(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def sweref_to_wgs84(northing: float, easting: float) -> tuple[float, float]:
    """(latitude, longitude) in WGS84 of a point in Sweden given in SWEREF 99 TM metres.

    The two values have ranges that never overlap (northings are millions, eastings less than
    1.1 million), so swapped columns, degrees and RT 90 are told apart and named, rather than
    placing a report somewhere else.
    """
    north_ok = _inside(northing, SWEREF_NORTHING)
    east_ok = _inside(easting, SWEREF_EASTING)
    if _inside(northing, SWEREF_EASTING) and _inside(easting, SWEREF_NORTHING):
        raise SwerefError(
            "northing",
            f"Nord ({_metres(northing)}) och öst ({_metres(easting)}) verkar ha bytt plats: "
            "nordvärdet är det större, runt 6–7 miljoner meter. Byt kolumnerna i filen "
            "eller i kolumnmappningen.",
        )
    if max(abs(northing), abs(easting)) <= 180:
        raise SwerefError(
            "northing" if not north_ok else "easting",
            "Värdena ser ut som grader. Grader (WGS84) hör hemma i kolumnerna latitud och "
            "longitud; " + SWEREF_HINT,
        )
    if not north_ok:
        raise SwerefError(
            "northing", f"Nordvärdet {_metres(northing)} ligger inte i Sverige. " + SWEREF_HINT
        )
    if not east_ok:
        if _inside(easting, _RT90_EASTING):
            raise SwerefError(
                "easting",
                f"Östvärdet {_metres(easting)} ser ut att vara RT 90, inte SWEREF 99 TM. "
                "Exportera koordinaterna i SWEREF 99 TM (EPSG:3006).",
            )
        raise SwerefError(
            "easting", f"Östvärdet {_metres(easting)} ligger inte i Sverige. " + SWEREF_HINT
        )
    longitude, latitude = _sweref_to_wgs84().transform(easting, northing)
    return round(latitude, DECIMALS), round(longitude, DECIMALS)
