"""The two times of a police event: when it happened (in its ``name``) and when it was
published (its ``datetime``).

``name`` starts with the event's local Swedish time without a year — "06 november 22.10,
Trafikolycka, Göteborg", days and hours not always zero-padded ("6 november 8.05"). The year
is the publication's; an event published a little after New Year with a date late in
December ("31 december 23.50", published "2027-01-01 00:10 +01:00") is of the year before.

The offset is Europe/Stockholm's for that local date and time, so an event on either side of a
daylight-saving change gets the right instant:

- the hour that does not exist in spring (2026-03-29 02:00–02:59) is read with the winter
  offset, +01:00 (Python's ``fold=0``): "29 mars 2.30" is 01:30 UTC, which is 03:30 summer time;
- the hour that comes twice in autumn (2026-10-25 02:00–02:59) is read as its first passing,
  summer time +02:00 (``fold=0``): "25 oktober 2.30" is 00:30 UTC. The police's text does not
  say which it was; the first is chosen so that the same text always gives the same instant.

``datetime`` is kept as published, an aware datetime with its own offset. Variants seen or
tolerated: "2026-11-06 22:14:51 +01:00", "2026-1-2 9:05:03 +01:00" (no zero padding),
"2027-01-01 00:10 +01:00" (no seconds), "+0100", a "T" between date and time, and "Z".
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}

_PUBLISHED = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?"
    r"\s*(?:(Z)|([+-])(\d{1,2}):?(\d{2}))",
    re.IGNORECASE,
)
_NAME_TIME = re.compile(r"\s*(\d{1,2})\s+([^\W\d_]+)\s+(\d{1,2})[.:](\d{2})(?!\d)", re.IGNORECASE)

# An event cannot be published before it happened; a day's slack for the police's clocks.
_SLACK = timedelta(days=1)


class PoliceTimeError(ValueError):
    """The message is for the user."""


def parse_published(value: object) -> datetime:
    """The police's ``datetime``: an aware datetime with the offset as published."""
    if not isinstance(value, str):
        raise PoliceTimeError("Ange tidpunkten som ”2026-11-20 21:14:05 +01:00”.")
    match = _PUBLISHED.fullmatch(value.strip())
    if match is None:
        raise PoliceTimeError("Ange tidpunkten som ”2026-11-20 21:14:05 +01:00”.")
    year, month, day, hour, minute, second = (int(g or 0) for g in match.groups()[:6])
    if not 1900 <= year <= 9000:  # no event of the police's; and no overflow further on
        raise PoliceTimeError(f"Året {year} i tidpunkten är orimligt.")
    if match.group(7):
        offset: tzinfo = UTC
    else:
        hours, minutes = int(match.group(9)), int(match.group(10))
        if hours > 14 or minutes > 59:
            raise PoliceTimeError("Tidszonen i tidpunkten är ogiltig.")
        sign = -1 if match.group(8) == "-" else 1
        offset = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=offset)
    except ValueError:
        raise PoliceTimeError("Tidpunkten finns inte i kalendern.") from None


def event_time(name: object, published: datetime) -> datetime:
    """The event's own time from ``name``, as an aware datetime in UTC (see the module)."""
    if not isinstance(name, str):
        raise PoliceTimeError("Händelsen saknar namn (name) med tiden, t.ex. ”6 november 22.10”.")
    match = _NAME_TIME.match(name)
    if match is None:
        raise PoliceTimeError(
            "Namnet (name) börjar inte med händelsens tid, t.ex. ”6 november 22.10, …”."
        )
    day, hour, minute = int(match.group(1)), int(match.group(3)), int(match.group(4))
    month = MONTHS.get(match.group(2).casefold())
    if month is None:
        raise PoliceTimeError(f"”{match.group(2)[:20]}” är ingen månad.")
    if hour > 23 or minute > 59:
        raise PoliceTimeError(f"”{hour}.{minute:02d}” är inget klockslag.")
    published_local = published.astimezone(STOCKHOLM)
    # The publication's year, or the year before when that would put the event after the
    # publication (an event of late December published in January).
    for year in (published_local.year, published_local.year - 1):
        try:
            local = datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)  # fold=0
        except ValueError:  # 29 februari of a year without one: try the year before
            continue
        if local <= published + _SLACK:
            return local.astimezone(UTC)
    raise PoliceTimeError(
        f"Datumet ”{day} {match.group(2)[:20]}” finns inte före publiceringen "
        f"{published_local.date().isoformat()}."
    )


def local_date(value: datetime) -> date:
    return value.astimezone(STOCKHOLM).date()
