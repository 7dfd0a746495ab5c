"""The police republish an event under the same id when they update it: the newest version
updates the stored incident once, an older one never overwrites it, every version is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from samverka.accounts.models import Municipality
from samverka.areas.models import Area, AreaKind
from samverka.background.worker import run_queued
from samverka.core.testing import World, make_area, make_municipality
from samverka.incidents.imports import ImportRefused, import_file
from samverka.incidents.imports.run import CheckedFile
from samverka.incidents.models import ImportJob, Incident, PlacePrecision, PoliceEventVersion
from samverka.stats.reference import ensure_reference_geography

FEEDS = Path(__file__).parent / "feeds"


@pytest.fixture
def goteborg(world: World) -> Municipality:
    ensure_reference_geography()
    municipality = make_municipality("Göteborgs stad", "goteborg", "1480")
    root = make_area(municipality, "Göteborg", kind=AreaKind.MUNICIPALITY, scb_code="1480")
    make_area(municipality, "Angered", parent=root)
    return municipality


def _import(municipality: Municipality, name: str, world: World) -> CheckedFile:
    return import_file(
        (FEEDS / name).read_bytes(),
        fmt="polisen",
        municipality=municipality,
        organisation=None,
        user=world.alice,
        filename=name,
    )


def test_a_republished_id_imports_its_newest_version_once(
    goteborg: Municipality, world: World
) -> None:
    checked = _import(goteborg, "goteborg-uppdaterad.json", world)

    [accident] = Incident.objects.filter(municipality=goteborg, external_id="640101")
    assert accident.description.startswith("Två bilar har kolliderat")
    assert accident.published_at is not None
    assert accident.published_at.isoformat() == "2026-11-06T22:40:12+00:00"
    assert checked.older_versions == 1
    assert checked.new_count == 4  # 640101, 640102, 640103 (county), 640106 (Angered)
    assert checked.outside == 2  # Mölndal and Stockholms län: other municipalities
    [version] = accident.police_versions.all()
    assert version.event["summary"].startswith("Två bilar")

    again = _import(goteborg, "goteborg-uppdaterad.json", world)

    assert (again.new_count, len(again.updated), again.already_imported) == (0, 0, 4)
    assert Incident.objects.filter(municipality=goteborg).count() == 4
    assert PoliceEventVersion.objects.filter(incident=accident).count() == 1


def test_a_newer_version_updates_the_incident_and_an_older_one_never(
    goteborg: Municipality, world: World
) -> None:
    _import(goteborg, "goteborg-tidigare.json", world)
    first = Incident.objects.get(municipality=goteborg, external_id="640101")
    assert first.description.startswith("Trafikolycka på Hjalmar Brantingsgatan.")

    checked = _import(goteborg, "goteborg-uppdaterad.json", world)

    assert len(checked.updated) == 1
    updated = Incident.objects.get(municipality=goteborg, external_id="640101")
    assert updated.pk == first.pk
    assert updated.description.startswith("Två bilar har kolliderat")
    assert updated.occurred_at == first.occurred_at  # 22.10 in both versions' names
    history = list(updated.police_versions.order_by("published_at"))
    assert [v.published_at.isoformat() for v in history] == [
        "2026-11-06T21:14:51+00:00",
        "2026-11-06T22:40:12+00:00",
    ]
    assert history[0].changed == []
    assert "description" in history[1].changed
    assert history[0].event["summary"] == "Trafikolycka på Hjalmar Brantingsgatan."

    # The earlier version arriving again later changes nothing.
    late = _import(goteborg, "goteborg-tidigare.json", world)

    assert (late.new_count, len(late.updated), late.already_imported) == (0, 0, 1)
    again = Incident.objects.get(pk=first.pk)
    assert again.description == updated.description
    assert again.published_at == updated.published_at
    assert updated.police_versions.count() == 2


def test_events_named_only_by_municipality_or_county_stay_at_that_level(
    goteborg: Municipality, world: World
) -> None:
    _import(goteborg, "goteborg-uppdaterad.json", world)

    root = Area.objects.get(municipality=goteborg, parent=None)
    stored = {i.external_id: i for i in Incident.objects.filter(municipality=goteborg)}
    assert stored["640102"].area == root
    assert stored["640102"].place_precision == PlacePrecision.MUNICIPALITY
    # The municipality's centre is no place of the event: no point for a hot spot.
    assert (stored["640102"].latitude, stored["640102"].longitude) == (None, None)
    assert stored["640103"].area == root
    assert stored["640103"].place_precision == PlacePrecision.COUNTY
    assert stored["640106"].area.name == "Angered"
    assert stored["640106"].place_precision == PlacePrecision.AS_REPORTED


def test_a_malformed_feed_names_the_entries_and_writes_nothing(world: World) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_file(
            (FEEDS / "testby-trasig.json").read_bytes(),
            fmt="polisen",
            municipality=world.testby,
            organisation=None,
            user=world.alice,
            filename="testby-trasig.json",
        )

    errors = refused.value.errors
    assert [(e.line, e.column) for e in errors] == [(3, "name"), (4, "datetime")]
    assert "Händelse nr 2 i listan" in str(errors[0])
    assert "Händelse nr 3 i listan" in str(errors[1])
    assert Incident.objects.count() == 0
    assert ImportJob.objects.count() == 0
    assert PoliceEventVersion.objects.count() == 0


def test_the_admin_shows_an_incidents_police_versions(
    goteborg: Municipality, world: World, client: Client
) -> None:
    _import(goteborg, "goteborg-tidigare.json", world)
    _import(goteborg, "goteborg-uppdaterad.json", world)
    incident = Incident.objects.get(municipality=goteborg, external_id="640101")
    client.force_login(world.root)

    page = client.get(reverse("admin:incidents_incident_change", args=[incident.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Två bilar har kolliderat" in text
    assert "Trafikolycka på Hjalmar Brantingsgatan." in text


def test_an_upload_says_how_many_events_a_newer_version_updates(
    world: World, client: Client
) -> None:
    def event(published: str, summary: str) -> dict[str, object]:
        return {
            "id": 670001,
            "datetime": published,
            "name": "20 november 21.10, Skadegörelse, Testby",
            "summary": summary,
            "url": "/aktuellt/handelser/2026/november/20/20-november-21.10-skadegorelse-testby/",
            "type": "Skadegörelse",
            "location": {"name": "Testby", "gps": "57.5,12.5"},
        }

    import_file(
        json.dumps([event("2026-11-20 21:14:05 +01:00", "Klotter.")]).encode(),
        fmt="polisen",
        municipality=world.testby,
        organisation=None,
        user=world.alice,
        filename="forsta.json",
    )
    client.force_login(world.alice)
    newer = json.dumps([event("2026-11-20 22:30:00 +01:00", "Klotter på skolan.")])
    client.post(
        reverse("incidents:import", kwargs={"municipality": "testby"}),
        {"file": SimpleUploadedFile("andra.json", newer.encode())},
    )
    job = ImportJob.objects.latest("pk")
    job_url = reverse("incidents:import_job", kwargs={"municipality": "testby", "pk": job.pk})

    page = client.get(job_url).content.decode()

    assert "Uppdaterade av en nyare version från polisen" in page
    client.post(
        reverse("incidents:import_confirm", kwargs={"municipality": "testby", "pk": job.pk})
    )
    run_queued()
    [incident] = Incident.objects.filter(municipality=world.testby)
    assert incident.description.startswith("Klotter på skolan.")
    assert incident.police_versions.count() == 2


def test_one_id_with_two_texts_at_the_same_time_is_refused(world: World) -> None:
    event = json.loads((FEEDS / "testby-trasig.json").read_text())[0]
    other = {**event, "summary": "Klotter på skolans gavel."}
    with pytest.raises(ImportRefused) as refused:
        import_file(
            json.dumps([event, event, other], indent=1).encode(),
            fmt="polisen",
            municipality=world.testby,
            organisation=None,
            user=world.alice,
            filename="dubbel.json",
        )
    [error] = refused.value.errors
    assert error.column == "id"
    assert Incident.objects.count() == 0
