"""Findings of issue 10, item 11, in the incident import: identity numbers in ids and split
across columns, a police id of 5 000 digits, conflicting repeats of an id, and the loser of two
simultaneous imports (PostgreSQL's COPY) ending with a message instead of a traceback."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from samverka.core.testing import World
from samverka.incidents.imports import ImportRefused, import_file
from samverka.incidents.imports import run as import_run
from samverka.incidents.models import Incident

HEAD = "id;tidpunkt;tid;kategori;område;plats;antal;beskrivning\n"


def _csv(world: World, text: str) -> object:
    return import_file(
        text.encode(),
        fmt="csv",
        municipality=world.testby,
        organisation=None,
        user=world.alice,
        filename="r.csv",
    )


def _refusal(world: World, text: str) -> str:
    with pytest.raises(ImportRefused) as refused:
        _csv(world, text)
    assert not Incident.objects.exists()
    return str(refused.value)


def test_a_personnummer_as_the_rows_id_is_refused(world: World) -> None:
    message = _refusal(
        world, HEAD + "811218-9876;2026-11-02;21:14;Skadegörelse;Norra Testby;Tunneln;2;x\n"
    )
    assert "personnummer" in message and "811218" not in message


def test_a_personnummer_split_across_two_columns_is_refused(world: World) -> None:
    message = _refusal(
        world, HEAD + "A1;2026-11-02;21:14;Skadegörelse;Norra Testby;Entrén 811218;9876;x\n"
    )
    assert "delat mellan kolumnerna ”plats” och ”antal”" in message


def test_ordinary_dates_times_places_and_counts_side_by_side_are_accepted(world: World) -> None:
    _csv(
        world,
        HEAD
        + "A1;2026-11-02;21:14;Skadegörelse;Norra Testby;Hus 12;3;Ring 031-365 00 00\n"
        + "A2;2026-11-03;21:30;Skadegörelse;Norra Testby;Torget 1;2;Dnr 2024/1234\n",
    )
    assert Incident.objects.count() == 2


def test_the_same_id_with_other_content_is_refused_and_a_plain_repeat_is_not(
    world: World,
) -> None:
    row = "A1;2026-11-02;21:14;Skadegörelse;Norra Testby;Tunneln;2;x\n"
    message = _refusal(world, HEAD + row + row.replace("Tunneln", "Torget"))
    assert "Samma id som på rad 2" in message
    checked = _csv(world, HEAD + row + row)
    assert checked.repeated_in_file == 1  # type: ignore[attr-defined]
    assert Incident.objects.count() == 1


def _police(world: World, data: bytes) -> str:
    with pytest.raises(ImportRefused) as refused:
        import_file(
            data,
            fmt="polisen",
            municipality=world.testby,
            organisation=None,
            user=world.alice,
            filename="h.json",
        )
    assert not Incident.objects.exists()
    return str(refused.value)


EVENT = {
    "id": 612001,
    "datetime": "2026-11-20 21:14:05 +01:00",
    "type": "Skadegörelse",
    "summary": "Klotter",
    "location": {"name": "Norra Testby", "gps": "57.7,12.2"},
}


def test_a_police_id_of_5000_digits_is_refused_with_a_message(world: World) -> None:
    data = json.dumps([EVENT]).replace("612001", "9" * 5000).encode()
    assert "fler än 40 siffror" in _police(world, data)


def test_a_personnummer_as_a_police_id_or_place_is_refused(world: World) -> None:
    assert "personnummer" in _police(world, json.dumps([{**EVENT, "id": "811218-9876"}]).encode())
    place = {**EVENT, "location": {"name": "811218\u20139876", "gps": "57.7,12.2"}}
    assert "personnummer" in _police(world, json.dumps([place]).encode())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's")
def test_the_loser_of_two_simultaneous_imports_gets_a_message(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The winner committed between the loser's decision to COPY and its COPY: the unique
    external id refuses the loser's rows. That was psycopg's raw UniqueViolation."""
    row = "A1;2026-11-02;21:14;Skadegörelse;Norra Testby;Tunneln;2;x\n"
    _csv(world, HEAD + row)
    assert Incident.objects.count() == 1
    monkeypatch.setattr(import_run, "streams", lambda municipality, fmt: True)
    message = _refusal_keeping(world, HEAD + row)
    assert "importerades samtidigt" in message
    assert Incident.objects.count() == 1  # nothing of the loser, the winner's row kept


def _refusal_keeping(world: World, text: str) -> str:
    with pytest.raises(ImportRefused) as refused:
        _csv(world, text)
    return str(refused.value)
