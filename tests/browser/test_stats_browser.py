"""The coordinator's statistics journey in a real browser: import a file (review, then confirm),
link an area, open the comparison chart — every page passing axe-core (WCAG 2.1 A/AA) and the
comparison fitting a phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from samverka.core.testing import World
from samverka.stats.models import StatValue
from samverka.stats.testing import make_geography

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]

FILE = (
    "# tabell: Anmälda brott i Testby\n"
    "Region;Regionkod;År;Brottskategori;Per 100 000 inv.;Antal\n"
    "Testby;9999;2022;Samtliga brott;4 900;490\n"
    "Testby;9999;2023;Samtliga brott;5 100;510\n"
    "Testby;9999;2024;Samtliga brott;5 300;540\n"
    "Testby;9999;2024;Misshandel;410;41\n"
    "Hela landet;00;2022;Samtliga brott;13 800;1 450 000\n"
    "Hela landet;00;2023;Samtliga brott;14 100;1 480 000\n"
    "Hela landet;00;2024;Samtliga brott;14 300;1 500 000\n"
)


def _url(name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"municipality": "testby", **kwargs})


def test_coordinator_imports_a_file_and_opens_the_comparison_chart(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck, tmp_path: Path
) -> None:
    make_geography("9999", "Testby", parent="14")
    path = tmp_path / "brott-testby.csv"
    path.write_text(FILE, encoding="utf-8")
    login(page, "alice")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Statistik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistik")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Importera statistik").click()
    assert_no_axe_violations(page)
    page.get_by_label("Fil").set_input_files(str(path))
    page.get_by_label("Format").select_option("bra")
    page.get_by_role("button", name="Granska").click()
    expect(page.get_by_role("heading", name="Granskning – inget är sparat än")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Nya värden")
    assert not StatValue.objects.exists()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Genomför importen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("brott-testby.csv")
    expect(page.locator("progress")).to_have_attribute("value", "14")
    expect(page.get_by_role("status")).to_contain_text("14 nya")
    assert StatValue.objects.count() == 14
    assert_no_axe_violations(page)

    page.goto(_url("stats:index"))
    page.get_by_label("Område", exact=True).select_option(label="Testby")
    page.get_by_role("button", name="Visa jämförelse").click()
    figure = page.locator("figure#jamforelsediagram")
    expect(figure.get_by_role("img", name="Samtliga brott per 100 000 invånare")).to_be_visible()
    table = page.get_by_role("table", name="Samtliga brott per 100 000 invånare")
    expect(table).to_contain_text("5\u00a0300")
    expect(table).to_contain_text("14\u00a0300")
    assert_no_axe_violations(page)


def test_coordinator_links_an_area_to_a_geography(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    make_geography("9999", "Testby", parent="14")
    login(page, "alice")
    page.goto(_url("stats:area_link", pk=world.area.pk))
    assert_no_axe_violations(page)
    page.get_by_label("Statistikområde").select_option(label="Testby (kommun, 9999)")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("Statistikkopplingen för Norra Testby")


def test_the_comparison_fits_a_phone(phone_page: Page, world: World, login: Login) -> None:
    make_geography("9999", "Testby", parent="14")
    login(phone_page, "dave")
    phone_page.goto(_url("stats:compare") + f"?omrade={world.root_area.pk}")
    widths = phone_page.evaluate(
        "({page: document.documentElement.scrollWidth, screen: window.innerWidth})"
    )
    assert widths["page"] <= widths["screen"], widths
