"""Incident reporting in a real browser: a housing-company reporter reports from a phone in a
few taps, placing it by the map, the keyboard or the phone's position; a coordinator imports a
file, confirms it and follows its progress until it is done. Every page passes axe-core (WCAG 2.1
A/AA)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, Page, expect

from samverka.background.worker import run_queued
from samverka.core.testing import World
from samverka.incidents.models import Incident
from samverka.incidents.services import ensure_taxonomy

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


def _url(name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"municipality": "testby", **kwargs})


def test_a_reporter_reports_an_incident_on_a_phone(
    phone_page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    page = phone_page
    ensure_taxonomy(world.testby)
    login(page, "carol")
    page.goto(_url("incidents:index"))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Rapportera en händelse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportera en händelse")
    expect(page.locator("main")).to_contain_text("aldrig personer")
    assert_no_axe_violations(page)

    # Three choices; time, count and organisation are filled in already.
    page.get_by_label(re.compile("^Vad hände")).select_option(label="Klotter")
    page.get_by_label(re.compile("^Var\\? Område")).select_option(value=str(world.area.pk))
    page.get_by_label(re.compile("^Plats")).fill("Gångtunneln vid skolan")
    # A personal identity number is refused, with the reason.
    page.get_by_label(re.compile("^Beskrivning")).fill("Klotter, 811218-9876 syntes där.")
    page.get_by_role("button", name="Skicka rapport").click()
    expect(page.locator("main")).to_contain_text("personnummer")
    assert Incident.objects.count() == 0
    assert_no_axe_violations(page)

    page.get_by_label(re.compile("^Beskrivning")).fill("Nytt klotter på tunnelns norra vägg.")
    page.get_by_role("button", name="Skicka rapport").click()
    expect(page.get_by_role("status")).to_contain_text("Händelsen är rapporterad")
    incident = Incident.objects.get()
    assert incident.subcategory is not None and incident.subcategory.name == "Klotter"
    assert incident.organisation == world.administration
    assert incident.reporter == world.carol
    # Nothing on the page is wider than the phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert_no_axe_violations(page)


def test_a_coordinator_imports_a_file_and_follows_its_progress(
    page: Page,
    world: World,
    login: Login,
    assert_no_axe_violations: AxeCheck,
) -> None:
    # The job waits in the queue until the test runs it (the test settings keep tasks queued),
    # so the progress is seen every time.
    rows = "".join(
        f"R{n};2026-11-{1 + n % 20:02d} 21:00;Klotter;Norra Testby\n" for n in range(300)
    )
    csv = ("id;tidpunkt;kategori;område\n" + rows).encode()
    login(page, "alice")
    page.goto(_url("incidents:import"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera händelser")
    assert_no_axe_violations(page)
    upload: FilePayload = {"name": "vecka45.csv", "mimeType": "text/csv", "buffer": csv}
    page.get_by_label(re.compile("^Fil")).set_input_files(files=[upload])
    page.get_by_role("button", name="Kontrollera filen").click()
    expect(page.locator("main")).to_contain_text("Blir nya händelser")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Importera 300 händelser").click()
    expect(page.locator("#import-progress")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Väntar på att starta – I kö")
    assert_no_axe_violations(page)

    assert run_queued() == 1
    # htmx polls the job every second and shows the result without a reload.
    expect(page.locator("#import-status")).to_contain_text("Klar", timeout=10_000)
    expect(page.locator("#import-status")).to_contain_text("300")
    assert Incident.objects.count() == 300
    assert_no_axe_violations(page)


def test_the_reporting_round_taxonomy_and_roster_pages_pass_axe(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    from samverka.incidents.models import NothingToReport
    from samverka.incidents.tests.factories import local, make_incident, on_roster

    ensure_taxonomy(world.testby)
    on_roster(world.area, world.police)
    on_roster(world.area, world.administration)
    make_incident(
        world.testby, world.area, organisation=world.police, occurred_at=local(2026, 11, 4, 22)
    )
    NothingToReport.objects.create(
        municipality=world.testby, area=world.area, organisation=world.police, week="2026-W44"
    )
    login(page, "alice")
    page.goto(_url("incidents:round") + "?week=2026-W45")
    expect(page.locator("main")).to_contain_text("1 av 2 har rapporterat")
    assert_no_axe_violations(page)
    # A quiet week, reported as such by the coordinator for the administration.
    page.get_by_role(
        "button", name=re.compile("Inget att rapportera – Stadsdelsförvaltningen")
    ).click()
    expect(page.locator("main")).to_contain_text("2 av 2 har rapporterat")
    for name in ("incidents:categories", "incidents:roster", "incidents:column_mapping"):
        page.goto(_url(name))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page)
    page.goto(_url("incidents:detail", pk=Incident.objects.get().pk))
    assert_no_axe_violations(page)


def test_a_reporter_places_a_report_by_map_keyboard_or_position(
    phone_page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    from samverka.incidents.tests.factories import square

    page = phone_page
    ensure_taxonomy(world.testby)
    # Testby 12–13 E, 57–58 N; Norra Testby the half-degree square in its middle.
    world.root_area.boundary = square(12.0, 57.0, 1.0)
    world.root_area.save(update_fields=["boundary"])
    world.area.boundary = square(12.25, 57.25, 0.5)
    world.area.save(update_fields=["boundary"])
    login(page, "carol")
    page.goto(_url("incidents:create"))
    status = page.locator("#point-area")
    latitude, longitude = page.get_by_label("Latitud"), page.get_by_label("Longitud")

    page.get_by_text("Punkt på kartan (frivilligt)").click()
    the_map = page.get_by_role("region", name="Karta för att välja punkt")
    expect(the_map.locator("path")).to_have_count(2)  # both boundaries, drawn from our server
    assert_no_axe_violations(page)

    # A tap in the middle of the map.
    the_map.tap()
    expect(latitude).to_have_value(re.compile(r"^57\.[45]"))
    expect(longitude).to_have_value(re.compile(r"^12\.[45]"))
    expect(status).to_contain_text("Punkten ligger i Norra Testby. Rapporten hamnar där.")

    # The keyboard: Enter sets the centre; Tab leaves the map for the next control.
    latitude.fill("")
    longitude.fill("")
    the_map.focus()
    page.keyboard.press("Enter")
    expect(latitude).to_have_value(re.compile(r"^57\.[45]"))
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "point-locate":
            break
    expect(page.get_by_role("button", name="Använd min position")).to_be_focused()

    # The phone's position.
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 57.7, "longitude": 12.4})
    page.get_by_role("button", name="Använd min position").click()
    expect(latitude).to_have_value("57.7")
    expect(longitude).to_have_value("12.4")
    expect(status).to_contain_text("Norra Testby")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the map fits a phone

    # No area chosen in the list: the point places the report.
    page.get_by_label(re.compile("^Vad hände")).select_option(label="Klotter")
    page.get_by_role("button", name="Skicka rapport").click()
    expect(page.locator("main")).to_contain_text("Händelsen är rapporterad")
    incident = Incident.objects.get()
    assert (incident.area, incident.latitude, incident.longitude) == (world.area, 57.7, 12.4)
