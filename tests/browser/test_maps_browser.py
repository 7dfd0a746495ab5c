"""The maps in a real browser: without a background map (the tests' setting: no tile is ever
fetched from the internet) the lägesbild's map says it shows the areas' boundaries; a tile source
that cannot be reached (a local address that has no tiles) turns into the same notice; the hot
spot's marker names the place. axe-core finds nothing at 1280 and 390 px."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from samverka.areas.models import Area
from samverka.core.maps import TileSource
from samverka.core.testing import World, make_area
from samverka.situation.testing import make_category
from samverka.situation.tests.test_hotspot_names import PERIOD, _plant
from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]
OFF = "Bakgrundskartan är avstängd – kartan visar områdenas gränser."
FAILED = "Bakgrundskartan kan inte nås – kartan visar områdenas gränser."


@pytest.fixture
def block(world: World) -> Area:
    world.area.boundary = {
        "type": "Polygon",
        "coordinates": [
            [[11.94, 57.67], [12.01, 57.67], [12.01, 57.72], [11.94, 57.72], [11.94, 57.67]]
        ],
    }
    world.area.save()
    block = make_area(world.testby, "Kvarteret Eken", parent=world.area)
    _plant(block, make_category(world.testby, "skadegorelse", "Skadegörelse"), ["Skoltorget"])
    return block


def _live_url(world: World) -> str:
    url = reverse("situation:live", kwargs={"municipality": "testby"})
    return f"{url}?area={world.area.pk}&period={PERIOD.code}"


def test_without_tiles_the_map_says_it_shows_the_boundaries_and_names_the_hot_spot(
    page: Page,
    phone_page: Page,
    world: World,
    block: Area,
    login: Login,
    assert_no_axe_violations: AxeCheck,
) -> None:
    login(page, "alice")
    page.goto(_live_url(world))
    expect(page.locator("#situation-map")).to_be_visible()
    expect(page.locator("#situation-map-notice")).to_have_text(OFF)
    assert page.locator("#situation-map path.leaflet-interactive").count() > 0
    assert page.locator("#situation-map img.leaflet-tile").count() == 0
    expect(page.locator("#finding-hotspot-1 th")).to_have_text("Skoltorget, Kvarteret Eken")
    # The hot spot's marker opens a popup with its name, its figures and its coordinates.
    page.locator('#situation-map path.leaflet-interactive[fill="#ffd166"]').click()
    popup = page.locator("#situation-map .leaflet-popup-content")
    expect(popup).to_contain_text("Skoltorget, Kvarteret Eken")
    expect(popup).to_contain_text("° N")
    # Leaflet fades the popup in; axe must judge its colours once it is fully shown.
    expect(page.locator("#situation-map .leaflet-popup")).to_have_css("opacity", "1")
    assert_no_axe_violations(page)

    login(phone_page, "alice")
    phone_page.goto(_live_url(world))
    expect(phone_page.locator("#situation-map-notice")).to_have_text(OFF)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width} px)"
    assert_no_axe_violations(phone_page)


def test_tiles_that_cannot_be_fetched_turn_into_the_notice(
    page: Page,
    world: World,
    block: Area,
    login: Login,
    live_server: LiveServer,
    assert_no_axe_violations: AxeCheck,
) -> None:
    # A tile source on the test server itself that has no tiles: every tile fails, as offline.
    unreachable = TileSource(
        url=live_server.url + "/inga-kartbilder/{z}/{x}/{y}.png",
        attribution="© Testby kommun",
        max_zoom=18,
    )
    with override_settings(SAMVERKA_MAP_TILES=unreachable):
        login(page, "alice")
        page.goto(_live_url(world))
        expect(page.locator("#situation-map")).to_be_visible()
        expect(page.locator("#situation-map-notice")).to_have_text(FAILED)
        expect(page.locator("#situation-map img.leaflet-tile")).to_have_count(0)
        assert page.locator("#situation-map path.leaflet-interactive").count() > 0
        assert_no_axe_violations(page)


def test_the_report_forms_map_says_it_shows_the_boundaries(
    phone_page: Page, world: World, block: Area, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(phone_page, "alice")
    phone_page.goto(reverse("incidents:create", kwargs={"municipality": "testby"}))
    phone_page.get_by_text("Punkt på kartan (frivilligt)").click()
    expect(phone_page.locator("#point-map svg path")).not_to_have_count(0)  # the boundaries
    expect(phone_page.locator("#point-map-notice")).to_have_text(OFF)
    assert phone_page.locator("#point-map img.leaflet-tile").count() == 0
    assert_no_axe_violations(phone_page)


def test_who_asks_for_less_motion_gets_the_popup_without_a_fade(
    browser: Browser, live_server: LiveServer, world: World, block: Area, login: Login
) -> None:
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        reduced_motion="reduce",
        viewport={"width": DESKTOP["width"], "height": DESKTOP["height"]},
    )
    try:
        page = context.new_page()
        login(page, "alice")
        page.goto(_live_url(world))
        expect(page.locator("#situation-map-notice")).to_have_text(OFF)
        classes = page.locator("#situation-map").get_attribute("class") or ""
        assert "leaflet-fade-anim" not in classes
        page.locator('#situation-map path.leaflet-interactive[fill="#ffd166"]').click()
        # Without the fade the popup is fully shown at once: its opacity is never between.
        opacity = page.locator("#situation-map .leaflet-popup").evaluate(
            "el => getComputedStyle(el).opacity"
        )
        assert opacity == "1"
    finally:
        context.close()
