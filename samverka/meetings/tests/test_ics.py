"""Calendar files (RFC 5545): every file we write passes a strict checker written here from the
RFC, icalendar's own parser, and an independent calendar program (calcurse, from Debian) that
imports it and lists the meetings at the right local times."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from samverka.accounts.access import Access
from samverka.core.testing import World
from samverka.meetings import ics, services
from samverka.meetings.models import AcuteTrigger, Meeting
from samverka.meetings.tests._clock import the_meeting_begins

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BASE = "https://samverka.example.se"


# --- A strict RFC 5545 checker ----------------------------------------------------------------

# "name *(";" param) ":" value" (3.1); a parameter value may be quoted (3.2).
CONTENT_LINE = re.compile(
    r'^(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)'
    r'(?:,(?:"[^"]*"|[^";:,]*))*)*):(?P<value>.*)$'
)
PARAM = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"|[^";:]*)')
DATE_TIME = re.compile(r"^\d{8}T\d{6}Z?$")
# Properties that may occur at most once in a VEVENT (3.6.1), and the required ones.
EVENT_ONCE = {
    "UID", "DTSTAMP", "DTSTART", "CLASS", "CREATED", "DESCRIPTION", "GEO", "LAST-MODIFIED",
    "LOCATION", "ORGANIZER", "PRIORITY", "SEQUENCE", "STATUS", "SUMMARY", "TRANSP", "URL",
    "RECURRENCE-ID", "DTEND", "DURATION",
}  # fmt: skip
EVENT_REQUIRED = {"UID", "DTSTAMP", "DTSTART"}
TEXT_PROPERTIES = {"SUMMARY", "LOCATION", "DESCRIPTION", "CATEGORIES", "X-WR-CALNAME", "NAME"}


@dataclass
class Component:
    name: str
    properties: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def values(self, name: str) -> list[tuple[dict[str, str], str]]:
        return [(p, v) for n, p, v in self.properties if n == name]

    def walk(self) -> Iterator[Component]:
        yield self
        for child in self.children:
            yield from child.walk()


def _datetime(params: dict[str, str], value: str) -> datetime:
    parsed = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        return parsed.replace(tzinfo=ZoneInfo("UTC"))
    return parsed.replace(tzinfo=ZoneInfo(params["TZID"]))


def _check_text(name: str, value: str) -> list[str]:
    """TEXT (3.3.11): a backslash only escapes \\ ; , n N; a ; or , in the text is escaped
    (CATEGORIES is a list: its commas separate)."""
    problems = []
    i = 0
    while i < len(value):
        char = value[i]
        if char == "\\":
            if i + 1 >= len(value) or value[i + 1] not in "\\;,nN":
                problems.append(f"{name}: bad escape at {i}: {value[i : i + 2]!r}")
            i += 2
            continue
        if char == ";" or (char == "," and name != "CATEGORIES"):
            problems.append(f"{name}: unescaped {char!r} at {i}")
        i += 1
    return problems


def strict_problems(data: bytes) -> list[str]:
    """Everything in ``data`` that breaks RFC 5545 as far as this checker knows it."""
    problems: list[str] = []
    if not data.endswith(b"\r\n"):
        problems.append("the file does not end with CRLF")
    raw = data.split(b"\r\n")
    if raw and raw[-1] == b"":
        raw = raw[:-1]
    for number, line in enumerate(raw, start=1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: a bare LF or CR (lines must end with CRLF)")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets (at most 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: not UTF-8")
    # Unfold (3.1): a line starting with a space or tab continues the one before.
    lines: list[str] = []
    for line in raw:
        text = line.decode("utf-8", "replace")
        if text[:1] in (" ", "\t"):
            if not lines:
                problems.append("the file starts with a continuation line")
                continue
            lines[-1] += text[1:]
        else:
            lines.append(text)
    stack: list[Component] = []
    root: Component | None = None
    for number, content in enumerate(lines, start=1):
        match = CONTENT_LINE.match(content)
        if not match:
            problems.append(f"content line {number} is malformed: {content[:60]!r}")
            continue
        name = match["name"].upper()
        params = {k.upper(): v.strip('"') for k, v in PARAM.findall(match["params"])}
        value = match["value"]
        if name == "BEGIN":
            component = Component(value.upper())
            if stack:
                stack[-1].children.append(component)
            elif root is None:
                root = component
            else:
                problems.append("more than one top-level component")
            stack.append(component)
        elif name == "END":
            if not stack or stack[-1].name != value.upper():
                problems.append(f"END:{value} without its BEGIN")
            else:
                stack.pop()
        elif not stack:
            problems.append(f"property {name} outside any component")
        else:
            stack[-1].properties.append((name, params, value))
    if stack:
        problems.append(f"component {stack[-1].name} is never ended")
    if root is None or root.name != "VCALENDAR":
        return [*problems, "the file is not a VCALENDAR"]

    for required in ("VERSION", "PRODID"):
        if len(root.values(required)) != 1:
            problems.append(f"VCALENDAR needs exactly one {required}")
    if [v for _, v in root.values("VERSION")] != ["2.0"]:
        problems.append("VERSION must be 2.0")
    for once in ("CALSCALE", "METHOD"):
        if len(root.values(once)) > 1:
            problems.append(f"VCALENDAR has more than one {once}")
    timezones = {}
    for component in root.walk():
        if component.name == "VTIMEZONE":
            tzids = [v for _, v in component.values("TZID")]
            if len(tzids) != 1:
                problems.append("a VTIMEZONE needs exactly one TZID")
                continue
            timezones[tzids[0]] = component
            rules = [c for c in component.children if c.name in ("STANDARD", "DAYLIGHT")]
            if not rules:
                problems.append(f"VTIMEZONE {tzids[0]} has no STANDARD or DAYLIGHT")
            for rule in rules:
                for required in ("DTSTART", "TZOFFSETTO", "TZOFFSETFROM"):
                    if len(rule.values(required)) != 1:
                        problems.append(f"{tzids[0]} {rule.name} needs exactly one {required}")
                for _, offset in rule.values("TZOFFSETTO") + rule.values("TZOFFSETFROM"):
                    if not re.fullmatch(r"[+-]\d{4}(\d{2})?", offset):
                        problems.append(f"{tzids[0]}: bad UTC offset {offset!r}")
    events = [c for c in root.children if c.name == "VEVENT"]
    uids = [v for e in events for _, v in e.values("UID")]
    if len(uids) != len(set(uids)):
        problems.append("two events share a UID")
    for event in events:
        label = next((v for _, v in event.values("UID")), "?")
        names = [n for n, _, _ in event.properties]
        for required in EVENT_REQUIRED:
            if required not in names:
                problems.append(f"VEVENT {label}: no {required}")
        for once in EVENT_ONCE:
            if names.count(once) > 1:
                problems.append(f"VEVENT {label}: {once} more than once")
        if "DTEND" in names and "DURATION" in names:
            problems.append(f"VEVENT {label}: both DTEND and DURATION")
        for _, stamp in event.values("DTSTAMP"):
            if not re.fullmatch(r"\d{8}T\d{6}Z", stamp):
                problems.append(f"VEVENT {label}: DTSTAMP must be a UTC date-time")
        for _, status in event.values("STATUS"):
            if status not in ("TENTATIVE", "CONFIRMED", "CANCELLED"):
                problems.append(f"VEVENT {label}: STATUS {status!r}")
        for _, sequence in event.values("SEQUENCE"):
            if not sequence.isdigit():
                problems.append(f"VEVENT {label}: SEQUENCE {sequence!r}")
        for _, url in event.values("URL"):
            if not re.match(r"^https?://[^\s]+$", url):
                problems.append(f"VEVENT {label}: URL {url!r} is not absolute")
        for name, params, value in event.properties:
            if name in TEXT_PROPERTIES:
                problems += [f"VEVENT {label}: {p}" for p in _check_text(name, value)]
            if name in ("DTSTART", "DTEND", "DTSTAMP", "CREATED", "LAST-MODIFIED"):
                if not DATE_TIME.match(value):
                    problems.append(f"VEVENT {label}: {name} {value!r} is not a date-time")
                elif "TZID" in params and params["TZID"] not in timezones:
                    problems.append(f"VEVENT {label}: TZID {params['TZID']} has no VTIMEZONE")
                elif "TZID" in params and value.endswith("Z"):
                    problems.append(f"VEVENT {label}: a UTC time with a TZID")
        starts, ends = event.values("DTSTART"), event.values("DTEND")
        if starts and ends and not problems and _datetime(*ends[0]) <= _datetime(*starts[0]):
            problems.append(f"VEVENT {label}: DTEND is not after DTSTART")
    return problems


def assert_valid_ics(data: bytes) -> Calendar:
    """The strict checker finds nothing, icalendar parses the file, and the VTIMEZONE given in
    the file agrees with the tz database at every event's start and end."""
    problems = strict_problems(data)
    assert not problems, "\n".join(problems)
    calendar = Calendar.from_ical(data)
    zones = {
        str(tz["TZID"]): tz.to_tz(lookup_tzid=False)  # type: ignore[attr-defined]
        for tz in calendar.walk("VTIMEZONE")
    }
    for event in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND"):
            moment = event.decoded(name)
            tzid = str(event[name].params["TZID"])
            naive = moment.replace(tzinfo=None)
            from_file = naive.replace(tzinfo=zones[tzid]).utcoffset()
            from_database = naive.replace(tzinfo=ZoneInfo(tzid)).utcoffset()
            assert from_file == from_database, (name, naive, from_file, from_database)
    return calendar


# --- calcurse, an independent calendar program ------------------------------------------------


def calcurse_import(data: bytes, start: str, days: int, tz: str = "Europe/Stockholm") -> str:
    """Import ``data`` into an empty calcurse and list the appointments from ``start``
    (YYYY-MM-DD) for ``days`` days as "YYYY-MM-DD HH:MM|YYYY-MM-DD HH:MM|summary" lines."""
    program = shutil.which("calcurse")
    assert program, "calcurse is not installed (apt-get install calcurse)"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "moten.ics"
        path.write_bytes(data)
        env = {**os.environ, "TZ": tz, "HOME": folder}
        data_dir = str(Path(folder) / "calcurse")
        imported = subprocess.run(
            [program, "-D", data_dir, "-i", str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert imported.returncode == 0, imported.stderr
        assert " 0 skipped" in imported.stdout, imported.stdout + imported.stderr
        listed = subprocess.run(
            [
                program,
                "-D",
                data_dir,
                "--input-datefmt",
                "4",
                "-Q",
                "--from",
                start,
                "--days",
                str(days),
                "--filter-type",
                "apt",
                "--format-apt",
                "%(start:%Y-%m-%d %H:%M)|%(end:%Y-%m-%d %H:%M)|%m\\n",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert listed.returncode == 0, listed.stderr
        return listed.stdout


# --- Helpers ----------------------------------------------------------------------------------


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def next_year() -> int:
    return timezone.localdate().year + 1


def two_meetings(world: World) -> tuple[Meeting, Meeting]:
    """Two meetings of Styrgruppen next year: one in winter time, one in summer time."""
    year = next_year()
    winter = services.meeting_create(
        group=world.steering,
        starts_at=local(year, 1, 13, 9),
        ends_at=local(year, 1, 13, 11),
        user=None,
        title="Styrgruppen, januari; lägesbild",
        location="Stadshuset, sal 3",
        video_url="https://video.example.se/styr-hemlig",
    )
    summer = services.meeting_create(
        group=world.steering,
        starts_at=local(year, 6, 16, 13, 30),
        ends_at=local(year, 6, 16, 15),
        user=None,
        title="Styrgruppen i juni",
    )
    return winter, summer


def calendar_for(meetings: list[Meeting], mv: Access | None = None) -> bytes:
    pks = [m.pk for m in meetings]
    return ics.calendar_bytes(
        ics.with_agenda(Meeting.objects.filter(pk__in=pks).order_by("starts_at")),
        name="Styrgruppen – Testby kommun",
        options=ics.EventOptions(base_url=BASE, viewer=mv),
    )


def _event(calendar: Calendar, meeting: Meeting) -> dict[str, object]:
    for event in calendar.walk("VEVENT"):
        if str(event["UID"]) == f"{meeting.uid}@samverka":
            return event  # type: ignore[return-value]
    raise AssertionError(f"no event for {meeting}")


# --- The tests --------------------------------------------------------------------------------


class TestTheStrictChecker:
    """The checker must catch what it claims to catch, or the tests below prove nothing."""

    GOOD = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//SV\r\n"
        b"BEGIN:VEVENT\r\nUID:a@b\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART:20260101T090000Z\r\nDTEND:20260101T100000Z\r\nSUMMARY:A\\, b\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    def test_a_good_file_passes(self) -> None:
        assert strict_problems(self.GOOD) == []

    @pytest.mark.parametrize(
        ("change", "problem"),
        [
            ((b"\r\n", b"\n"), "CRLF"),
            ((b"SUMMARY:A\\, b", b"SUMMARY:" + b"x" * 80), "octets"),
            ((b"SUMMARY:A\\, b", b"SUMMARY:A, b"), "unescaped ','"),
            ((b"UID:a@b\r\n", b""), "no UID"),
            ((b"DTSTAMP:20260101T000000Z\r\n", b""), "no DTSTAMP"),
            ((b"DTEND:20260101T100000Z", b"DTEND:20260101T080000Z"), "DTEND is not after"),
            ((b"DTSTART:", b"DTSTART;TZID=Europe/Stockholm:"), "has no VTIMEZONE"),
            ((b"PRODID:-//x//y//SV\r\n", b""), "PRODID"),
            ((b"VERSION:2.0", b"VERSION:1.0"), "VERSION must be 2.0"),
        ],
    )
    def test_it_catches_each_kind_of_error(self, change: tuple[bytes, bytes], problem: str) -> None:
        broken = self.GOOD.replace(*change)
        assert any(problem in p for p in strict_problems(broken)), strict_problems(broken)


class TestCalendarFile:
    def test_a_group_calendar_passes_the_strict_checker_and_icalendar(self, world: World) -> None:
        winter, summer = two_meetings(world)
        data = calendar_for([winter, summer])
        calendar = assert_valid_ics(data)
        assert calendar["METHOD"] == "PUBLISH"
        assert calendar["CALSCALE"] == "GREGORIAN"
        assert calendar["X-WR-TIMEZONE"] == "Europe/Stockholm"
        assert calendar["X-WR-CALNAME"] == "Styrgruppen – Testby kommun"
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
        assert len(calendar.walk("VEVENT")) == 2

    def test_times_keep_their_local_hour_across_daylight_saving(self, world: World) -> None:
        winter, summer = two_meetings(world)
        data = calendar_for([winter, summer])
        assert b"DTSTART;TZID=Europe/Stockholm:%d0113T090000" % next_year() in data
        assert b"DTSTART;TZID=Europe/Stockholm:%d0616T133000" % next_year() in data
        calendar = Calendar.from_ical(data)
        start = _event(calendar, summer)["DTSTART"].dt  # type: ignore[attr-defined]
        assert start.utcoffset() == timedelta(hours=2)  # CEST

    def test_an_event_carries_uid_sequence_url_and_agenda(self, world: World) -> None:
        winter, _summer = two_meetings(world)
        services.agenda_item_add(meeting=winter, title="Skolstarten; trygghet", user=None)
        winter = services.meeting_update(meeting=winter, user=None, location="Stadshuset, sal 4")
        event = _event(Calendar.from_ical(calendar_for([winter])), winter)
        assert str(event["UID"]) == f"{winter.uid}@samverka"
        assert event["SEQUENCE"] == 1  # moved once
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["LOCATION"]) == "Stadshuset, sal 4"
        assert str(event["URL"]) == f"{BASE}/k/testby/moten/{winter.pk}/"
        description = str(event["DESCRIPTION"])
        assert "1. Mötets öppnande och val av justerare" in description
        assert "Skolstarten; trygghet" in description
        assert f"{BASE}/k/testby/moten/{winter.pk}/" in description

    def test_escaping_survives_commas_semicolons_and_newlines(self, world: World) -> None:
        winter, _summer = two_meetings(world)
        data = calendar_for([winter])
        assert b"SUMMARY:Styrgruppen\\, januari\\; l\xc3\xa4gesbild" in data
        assert b"LOCATION:Stadshuset\\, sal 3" in data
        event = _event(Calendar.from_ical(data), winter)
        assert str(event["SUMMARY"]) == "Styrgruppen, januari; lägesbild"

    def test_long_swedish_lines_are_folded_at_75_octets(self, world: World) -> None:
        winter, _summer = two_meetings(world)
        title = "Åtgärder för ökad trygghet i Hammarkullen och Hjällbo – " * 3
        services.agenda_item_add(meeting=winter, title=title[:199], user=None)
        data = calendar_for([winter])
        assert max(len(line) for line in data.split(b"\r\n")) <= 75
        assert b"\r\n " in data  # folded at least once
        assert_valid_ics(data)

    def test_a_cancelled_meeting_says_so_in_status_and_summary(self, world: World) -> None:
        winter, _summer = two_meetings(world)
        services.meeting_cancel(meeting=winter, user=None, reason="Krock med budgetmötet")
        winter.refresh_from_db()
        event = _event(Calendar.from_ical(calendar_for([winter])), winter)
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] == 1
        assert str(event["SUMMARY"]).startswith("Inställt: ")
        assert "Krock med budgetmötet" in str(event["DESCRIPTION"])

    def test_an_acute_meeting_is_categorised_as_acute(self, world: World) -> None:
        acute = services.meeting_convene_acute(
            group=world.steering,
            trigger=AcuteTrigger.SHOOTING,
            trigger_note="Skottlossning vid torget",
            user=None,
            notify=False,
        )
        data = calendar_for([acute])
        assert_valid_ics(data)
        event = _event(Calendar.from_ical(data), acute)
        categories = [str(c) for c in event["CATEGORIES"].cats]  # type: ignore[attr-defined]
        assert categories == ["Styrgruppen", "Akut möte"]
        assert "Skjutning: Skottlossning vid torget" in str(event["DESCRIPTION"])

    def test_the_video_link_only_for_members_and_coordinators(self, world: World) -> None:
        winter, _summer = two_meetings(world)
        secret = b"styr-hemlig"
        for user, sees in [
            (world.bob, True),
            (world.alice, True),
            (world.carol, False),
            (world.dave, False),
        ]:
            data = calendar_for([winter], Access.for_user(user, world.testby))
            assert (secret in data) is sees, user
        assert secret not in calendar_for([winter], None)  # a file from the command line

    def test_the_minutes_never_go_into_a_calendar(self, world: World) -> None:
        winter, _summer = two_meetings(world)
        minutes = services.minutes_start(meeting=the_meeting_begins(winter), user=None)
        item = winter.agenda_items.first()
        assert item is not None
        services.minutes_update(
            minutes=minutes, user=None, summary="Intern sammanfattning", notes={item.pk: "Hemligt"}
        )
        data = calendar_for([winter], Access.for_user(world.alice, world.testby))
        assert b"Intern sammanfattning" not in data
        assert b"Hemligt" not in data

    def test_an_empty_calendar_is_still_valid(self, world: World) -> None:
        data = calendar_for([])
        calendar = assert_valid_ics(data)
        assert calendar.walk("VEVENT") == []


class TestAnIndependentCalendarProgram:
    """calcurse imports the file and lists each meeting at its Swedish local time."""

    def test_calcurse_imports_the_meetings_at_their_local_times(self, world: World) -> None:
        winter, summer = two_meetings(world)
        acute = services.meeting_convene_acute(
            group=world.steering,
            trigger=AcuteTrigger.SOCIAL_UNREST,
            user=None,
            starts_at=local(next_year(), 3, 30, 18),  # the day after the clocks go forward
            notify=False,
        )
        data = calendar_for([winter, summer, acute])
        listed = calcurse_import(data, f"{next_year()}-01-01", 366)
        year = next_year()
        assert f"{year}-01-13 09:00|{year}-01-13 11:00|Styrgruppen, januari; lägesbild" in listed
        assert f"{year}-06-16 13:30|{year}-06-16 15:00|Styrgruppen i juni" in listed
        assert f"{year}-03-30 18:00|{year}-03-30 19:00|Akut möte: Styrgruppen" in listed

    def test_calcurse_in_another_time_zone_converts_from_stockholm(self, world: World) -> None:
        """The TZID is honoured, not read as floating time: in UTC the winter meeting is at 08,
        the summer one at 11.30."""
        winter, summer = two_meetings(world)
        listed = calcurse_import(
            calendar_for([winter, summer]), f"{next_year()}-01-01", 366, tz="UTC"
        )
        year = next_year()
        assert f"{year}-01-13 08:00|" in listed
        assert f"{year}-06-16 11:30|" in listed
