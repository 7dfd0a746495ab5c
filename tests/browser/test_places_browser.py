"""The municipality's places in a real browser: a coordinator adds a place with the keyboard
alone (a decimal comma in the position), and the list, the detail and the form pass axe-core
(WCAG 2.1 A/AA) at desktop and phone widths."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from samverka.areas.models import Place, PlaceKind
from samverka.core.testing import World

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]

PATH = {"type": "LineString", "coordinates": [[12.01, 57.70], [12.02, 57.71], [12.03, 57.71]]}


def _url(name: str, world: World, **kwargs: object) -> str:
    return reverse(f"areas:{name}", kwargs={"municipality": world.testby.slug, **kwargs})


def _tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until ``selector`` has the focus, as a keyboard user moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} never got the focus with Tab")


def test_a_coordinator_adds_a_place_by_keyboard(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(page, "alice")
    page.goto(_url("list", world))
    # From the areas list to the places, then to the form, by keyboard.
    _tab_to(page, f"a[href='{_url('place_list', world)}']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Platser")
    _tab_to(page, f"a[href='{_url('place_create', world)}']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägg till plats")
    assert_no_axe_violations(page)

    _tab_to(page, "#id_name")
    page.keyboard.type("Busstorget")
    page.keyboard.press("Tab")
    expect(page.locator("#id_kind")).to_be_focused()
    page.keyboard.press("ArrowDown")  # a closed select steps to the next option: Hållplats
    expect(page.locator("#id_kind")).to_have_value(PlaceKind.TRANSIT)
    page.keyboard.press("Tab")
    expect(page.locator("#id_area")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_area")).to_have_value(str(world.area.pk))
    page.keyboard.press("Tab")
    page.keyboard.type("Bussarna vänder här")
    page.keyboard.press("Tab")
    expect(page.locator("#id_latitude")).to_be_focused()
    page.keyboard.type("57,7826")
    page.keyboard.press("Tab")
    page.keyboard.type("12,0286")
    _tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Busstorget är tillagd")
    expect(page.get_by_role("heading", level=1)).to_have_text("Busstorget")
    expect(page.locator("main")).to_contain_text("latitud 57,78260, longitud 12,02860")
    expect(page.locator("main")).to_contain_text("Hållplats eller terminal")
    place = Place.objects.get(municipality=world.testby, name="Busstorget")
    assert place.kind == PlaceKind.TRANSIT
    assert place.area == world.area
    assert place.description == "Bussarna vänder här"
    assert place.geometry == {"type": "Point", "coordinates": [12.0286, 57.7826]}
    assert_no_axe_violations(page)

    page.goto(_url("place_list", world))
    expect(page.locator("main table")).to_contain_text("Busstorget")
    assert_no_axe_violations(page)


def test_a_bad_position_is_explained_at_the_field(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(page, "alice")
    page.goto(_url("place_create", world))
    page.get_by_label("Namn").fill("Tunneln")
    page.get_by_label("Annan form (GeoJSON)").fill(
        '{"type": "Point", "coordinates": [57.78, 12.03]}'
    )
    page.get_by_role("button", name="Spara").click()
    field = page.locator(".field--error")
    expect(field).to_contain_text("longitud först")
    expect(page.get_by_label("Annan form (GeoJSON)")).to_have_attribute("aria-invalid", "true")
    assert not Place.objects.filter(name="Tunneln").exists()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_list_detail_and_form_pass_axe(
    page: Page,
    phone_page: Page,
    world: World,
    login: Login,
    assert_no_axe_violations: AxeCheck,
    width: str,
) -> None:
    tab = page if width == "desktop" else phone_page
    path = Place.objects.create(
        municipality=world.testby,
        name="Strandstigen",
        kind=PlaceKind.PARK,
        area=world.area,
        geometry=PATH,
        description="Belysningen är trasig",
    )
    Place.objects.create(
        municipality=world.testby,
        name="Gångtunneln",
        kind=PlaceKind.TUNNEL,
        geometry={"type": "Point", "coordinates": [12.0286, 57.7826]},
    )
    world.document.places.add(path)
    login(tab, "alice")
    for url in (
        _url("place_list", world),
        _url("place_list", world) + f"?area={world.area.pk}&kind=park",
        _url("place_detail", world, pk=path.pk),
        _url("place_edit", world, pk=path.pk),
        _url("place_delete", world, pk=path.pk),
    ):
        tab.goto(url)
        expect(tab.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(tab)
        if width == "phone":
            # The page itself never scrolls sideways on a phone (a wide table scrolls in its box).
            overflow = tab.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{url} scrolls {overflow}px sideways at 390 px"
    tab.goto(_url("place_detail", world, pk=path.pk))
    expect(tab.locator("figure svg title")).to_have_text("Formen för Strandstigen, norr uppåt")
