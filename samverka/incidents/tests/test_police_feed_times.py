"""The police's events: the stored time is the one in the event's name, in Swedish time, right
across daylight-saving changes and New Year; the publication time is kept beside it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from samverka.core.testing import World
from samverka.incidents.imports import import_file
from samverka.incidents.imports.police_time import (
    STOCKHOLM,
    PoliceTimeError,
    event_time,
    parse_published,
)
from samverka.incidents.models import Incident

FEEDS = Path(__file__).parent / "feeds"


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_event_times_come_from_the_name_across_dst_and_new_year(world: World) -> None:
    import_file(
        (FEEDS / "testby-tidsomstallning.json").read_bytes(),
        fmt="polisen",
        municipality=world.testby,
        organisation=None,
        user=world.alice,
        filename="testby-tidsomstallning.json",
    )
    stored = {i.external_id: i for i in Incident.objects.filter(municipality=world.testby)}
    occurred = {key: incident.occurred_at for key, incident in stored.items()}
    assert occurred == {
        # Spring: 01.30 is still winter time (+01:00), 3.10 already summer time (+02:00).
        "650001": _utc("2026-03-29T00:30"),
        "650002": _utc("2026-03-29T01:10"),
        # Autumn: 01.50 summer time, 03.15 winter time, and 02.30 — which comes twice — is
        # read as its first passing, summer time (documented in police_time).
        "650003": _utc("2026-10-24T23:50"),
        "650004": _utc("2026-10-25T02:15"),
        "650005": _utc("2026-10-25T00:30"),
        # New Year: "31 december 23.50" published on 1 January 2026 is of 2025.
        "650006": _utc("2025-12-31T22:50"),
        "650007": _utc("2025-12-31T23:20"),
    }
    # Read back in Swedish time, every event shows the clock of its name.
    local = {
        key: value.astimezone(STOCKHOLM).strftime("%d/%m %H.%M") for key, value in occurred.items()
    }
    assert local == {
        "650001": "29/03 01.30",
        "650002": "29/03 03.10",
        "650003": "25/10 01.50",
        "650004": "25/10 03.15",
        "650005": "25/10 02.30",
        "650006": "31/12 23.50",
        "650007": "01/01 00.20",
    }
    # The publication time is kept as such.
    assert stored["650002"].published_at == _utc("2026-03-29T01:40")
    assert stored["650006"].published_at == _utc("2025-12-31T23:10")


@pytest.mark.parametrize(
    ("name", "published", "expected"),
    [
        (
            "06 november 22.10, Trafikolycka, Göteborg",
            "2026-11-06 22:14:51 +01:00",
            "2026-11-06T21:10",
        ),
        ("6 november 8.05, Stöld, Göteborg", "2026-11-06 8:31:02 +01:00", "2026-11-06T07:05"),
        ("31 december 23.50, Brand, Göteborg", "2027-01-01 00:10 +01:00", "2026-12-31T22:50"),
        ("29 mars 2.30, Rån, Göteborg", "2026-03-29 03:40:00 +02:00", "2026-03-29T01:30"),
        ("15 juli 12.00, Stöld, Göteborg", "2026-07-15T12:05:00+0200", "2026-07-15T10:00"),
        ("15 juli 12.00, Stöld, Göteborg", "2026-07-15 10:05:00Z", "2026-07-15T10:00"),
    ],
)
def test_the_name_and_the_published_variants(name: str, published: str, expected: str) -> None:
    assert event_time(name, parse_published(published)) == _utc(expected)


@pytest.mark.parametrize(
    ("name", "published"),
    [
        ("Trafikolycka, Göteborg", "2026-11-06 22:14:51 +01:00"),
        ("06 novembre 22.10, Trafikolycka", "2026-11-06 22:14:51 +01:00"),
        ("06 november 25.10, Trafikolycka", "2026-11-06 22:14:51 +01:00"),
        ("06 november 22.10, Trafikolycka", "2026-11-06"),
        ("06 november 22.10, Trafikolycka", "2026-13-06 22:14:51 +01:00"),
    ],
)
def test_unreadable_times_are_refused_with_a_message(name: str, published: str) -> None:
    with pytest.raises(PoliceTimeError):
        event_time(name, parse_published(published))


@pytest.mark.parametrize("published", ["9999-12-31 23:59:59 +01:00", "0001-01-01 00:00:00 +01:00"])
def test_a_publication_time_at_the_calendars_ends_is_refused(published: str) -> None:
    with pytest.raises(PoliceTimeError, match="orimligt"):
        parse_published(published)
