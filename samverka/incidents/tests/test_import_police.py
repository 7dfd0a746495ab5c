"""The police's public events JSON: imports, re-imports add nothing, a broken row adds nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samverka.core.testing import World
from samverka.incidents.imports import ImportRefused, import_file
from samverka.incidents.models import ImportJob, Incident, PlacePrecision, Source
from samverka.incidents.tests.factories import with_boundaries

FILE = Path(__file__).parent / "files" / "polisen-handelser.json"


def _import(world: World, data: bytes, **extra: object) -> object:
    return import_file(
        data,
        fmt="polisen",
        municipality=world.testby,
        organisation=None,
        user=world.alice,
        filename="handelser.json",
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def placed(world: World) -> World:
    with_boundaries(world.root_area, world.area)
    return world


def test_police_events_import_into_the_smallest_area_and_the_taxonomy(placed: World) -> None:
    checked = _import(placed, FILE.read_bytes())

    incidents = {i.external_id: i for i in Incident.objects.filter(municipality=placed.testby)}
    assert set(incidents) == {"612001", "612002", "612004"}
    vandalism = incidents["612001"]
    assert vandalism.source == Source.POLICE
    assert vandalism.category.code == "skadegorelse"
    # The police name only the municipality (their gps is its centre, here inside Norra
    # Testby): kept at municipality level, without a point to make a false hot spot.
    assert vandalism.area == placed.root_area
    assert vandalism.place_precision == PlacePrecision.MUNICIPALITY
    assert (vandalism.latitude, vandalism.longitude) == (None, None)
    # The time in the name, 21.14 Swedish time; the datetime is when it was published.
    assert vandalism.occurred_at.isoformat() == "2026-11-20T20:14:00+00:00"
    assert vandalism.published_at is not None
    assert vandalism.published_at.isoformat() == "2026-11-20T20:14:05+00:00"
    assert "polisen.se/aktuellt/handelser/2026/november/20" in vandalism.description
    shooting = incidents["612002"]
    assert shooting.subcategory is not None
    assert (shooting.category.code, shooting.subcategory.code) == (
        "allvarligt-vald",
        "skottlossning",
    )
    assert shooting.area == placed.root_area
    # An unknown type is "övrigt"; no gps, but the location names an area.
    assert incidents["612004"].category.code == "ovrigt"
    assert incidents["612004"].area == placed.area
    assert incidents["612004"].place_precision == PlacePrecision.AS_REPORTED
    # The traffic accident in Annanstad is elsewhere: skipped, counted, not an error.
    assert checked.outside == 1  # type: ignore[attr-defined]
    job = ImportJob.objects.get()
    assert (job.created_count, job.status) == (3, "done")
    assert set(job.incidents.values_list("external_id", flat=True)) == set(incidents)


def test_the_same_file_again_adds_nothing(placed: World) -> None:
    _import(placed, FILE.read_bytes())
    before = Incident.objects.count()

    checked = _import(placed, FILE.read_bytes())

    assert Incident.objects.count() == before == 3
    assert checked.already_imported == 3  # type: ignore[attr-defined]
    assert checked.new_count == 0  # type: ignore[attr-defined]


def test_the_same_event_in_another_file_adds_nothing(placed: World) -> None:
    _import(placed, FILE.read_bytes())
    events = json.loads(FILE.read_text())
    events[0]["summary"] = "Uppdaterad text från polisen."
    _import(placed, json.dumps([events[0]]).encode())
    assert Incident.objects.count() == 3


def test_a_file_with_a_broken_row_adds_nothing_and_names_the_row(placed: World) -> None:
    text = FILE.read_text().replace('"2026-11-21 01:30:00 +01:00"', '"igår kväll"')
    with pytest.raises(ImportRefused) as refused:
        _import(placed, text.encode())

    assert Incident.objects.count() == 0
    assert ImportJob.objects.count() == 0
    [error] = refused.value.errors
    # The second event starts on line 11 of the file.
    assert (error.line, error.column) == (11, "datetime")
    assert "rad 11" in str(error)


def test_every_broken_row_is_listed(placed: World) -> None:
    events = json.loads(FILE.read_text())
    events[0]["type"] = ""
    del events[1]["id"]
    events[2]["location"] = {"name": "Testby", "gps": "norr om stan"}
    events.append("inte en händelse")
    with pytest.raises(ImportRefused) as refused:
        _import(placed, json.dumps(events, indent=1).encode())
    assert [e.column for e in refused.value.errors] == ["type", "id", "location.gps", ""]
    assert all(e.line and e.line > 1 for e in refused.value.errors)
    assert Incident.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "JSON-lista"),
        (b"{}", "JSON-lista"),
        (b"[{]", "inte giltig JSON"),
        (b'[{"id": 1} {"id": 2}]', "kommatecken"),
        (b"\xff\xfe", "UTF-8"),
        (b"[" * 100_000, "för många nivåer"),
    ],
)
def test_a_file_that_is_not_an_event_list_is_refused_with_a_message(
    placed: World, content: bytes, message: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        _import(placed, content)
    assert message in str(refused.value)
    assert Incident.objects.count() == 0


def test_a_dry_run_writes_nothing(placed: World) -> None:
    checked = _import(placed, FILE.read_bytes(), dry_run=True)
    assert checked.new_count == 3  # type: ignore[attr-defined]
    assert Incident.objects.count() == 0
