"""Incident reporting in a real browser: a housing-company reporter reports from a phone in a
few taps; a coordinator imports a file, confirms it and follows its progress until it is done.
Every page passes axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, Page, expect

from samverka.core.testing import World
from samverka.incidents.imports.jobs import process_job
from samverka.incidents.models import ImportJob, Incident
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
    settings,  # type: ignore[no-untyped-def]
) -> None:
    # The job waits in the queue until the test runs it, so the progress is seen every time.
    settings.SAMVERKA_IMPORT_THREADS = False
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
    expect(page.get_by_role("status").first).to_contain_text("Väntar på att starta")
    assert_no_axe_violations(page)

    process_job(ImportJob.objects.get().pk)
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
