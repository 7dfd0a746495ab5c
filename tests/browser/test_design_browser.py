"""The shared design (Designsystemet, templates/base.html, static/samverka.css, static/core/*.js)
in a real browser: on a phone the menu waits behind "Meny" and opens by keyboard, a long list
filters as one types, a wide table scrolls inside its own box while the page stays put, the
error page is Swedish and passes axe-core, and the main pages pass axe-core at 1280 and 390 px.

Screenshots of the main pages at both widths go to test-results/screenshots/ (not committed),
for reviewers to look at."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from samverka.core.testing import World, make_person

from .conftest import DESKTOP, PHONE, _new_page

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

# The pages most people see first, one per section of the menu (url name, file name).
MAIN_PAGES = [
    ("organisation:municipality", "kommun"),
    ("organisation:group_list", "grupper"),
    ("organisation:person_list", "personer"),
    ("meetings:index", "moten"),
    ("incidents:index", "handelser"),
    ("situation:index", "lagesbild"),
    ("reports:index", "rapporter"),
    ("process:index", "atgardsarbete"),
    ("stats:index", "statistik"),
]


def _url(name: str, world: World, **kwargs: object) -> str:
    return reverse(name, kwargs={"municipality": world.testby.slug, **kwargs})


# The elements that stick out past the right edge of the page (none inside a scrolling box).
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const out = [...document.body.querySelectorAll("*")]
    .filter(el => el.getBoundingClientRect().right > width + 1);
  const outermost = out.filter(el => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (up.getBoundingClientRect().right > width + 1) return false;
        if (getComputedStyle(up).overflowX !== "visible") return false;
      }
      return true;
    });
  // An absolutely placed element can stick out of a scrolling box it is not contained by.
  const placed = out.filter(el => getComputedStyle(el).position !== "static");
  return (outermost.length ? outermost : placed)
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : "") +
      " " + Math.round(el.getBoundingClientRect().right) + "px")
    .concat(["page " + document.documentElement.scrollWidth + "px wide"]);
}"""


def _page_scrolls_sideways(page: Page) -> list[str]:
    """What makes the page wider than its window (empty when it is not)."""
    return list(page.evaluate(TOO_WIDE))


def test_on_a_phone_the_menu_is_behind_a_button_that_opens_by_keyboard(
    phone_page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    page = phone_page
    login(page, "dave")
    page.goto(_url("organisation:group_list", world))
    menu_button = page.get_by_role("button", name="Meny")
    expect(menu_button).to_be_visible()
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    # The first screen is the page, not fifteen links.
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    assert_no_axe_violations(page)

    # Tab from the top of the page reaches the button; Enter opens the menu.
    page.locator("body").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('menu-toggle')"):
            break
    expect(menu_button).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    expect(nav).to_be_visible()
    expect(nav.locator(".main-nav__title")).to_have_text(
        [
            "Organisation",
            "Möten",
            "Rapportering och lägesbild",
            "Åtgärder och uppföljning",
            "Statistik",
        ]
    )
    expect(nav.get_by_role("link", name="Grupper")).to_have_attribute("aria-current", "page")
    assert_no_axe_violations(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "meny-oppen-390.png"))

    # The next Tab goes into the menu; Escape closes it and gives the focus back.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#site-menu') !== null")
    page.keyboard.press("Escape")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(menu_button).to_be_focused()
    expect(nav).to_be_hidden()

    # Space opens it too, and a link in it leads on.
    page.keyboard.press("Space")
    with page.expect_navigation():
        nav.get_by_role("link", name="Möten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Möten")


def test_on_a_wide_screen_the_menu_is_always_shown_without_a_button(
    page: Page, world: World, login: Login
) -> None:
    login(page, "dave")
    page.goto(_url("organisation:group_list", world))
    expect(page.get_by_role("button", name="Meny")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Huvudmeny")
    expect(nav.get_by_role("link", name="Lägesbild")).to_be_visible()
    expect(nav.get_by_role("link", name="Statistik")).to_be_visible()


def test_a_long_list_of_people_filters_as_one_types(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    for number in range(1, 21):
        make_person(world.testby, f"Handläggare {number:02d}")
    make_person(world.testby, "Östen Ekström")
    login(page, "alice")
    page.goto(_url("organisation:membership_create", world, pk=world.preparation.pk))
    people = page.get_by_role("combobox", name="Person")
    search = page.get_by_role("searchbox", name="Sök i listan – Person")
    expect(search).to_be_visible()
    assert_no_axe_violations(page)

    # Typing without accents finds the Swedish name; the status says how many are shown.
    search.focus()
    page.keyboard.type("osten")
    shown = people.locator("option:not([hidden])")
    expect(shown.filter(has_text="Östen Ekström")).to_have_count(1)
    expect(shown.filter(has_text="Handläggare")).to_have_count(0)
    expect(page.locator(".select-filter__status")).to_contain_text("1 av")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "lista-filtrerad-1280.png"))

    # Enter chooses the first match (and does not send the form).
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert people.evaluate("s => s.options[s.selectedIndex].text") == "Östen Ekström"
    assert page.url.endswith("/medlemmar/ny/")

    # Clearing the search shows the whole list again.
    search.fill("")
    expect(shown.filter(has_text="Handläggare")).to_have_count(20)
    assert_no_axe_violations(page)


def test_a_wide_table_scrolls_inside_its_box_and_the_page_does_not(
    phone_page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    page = phone_page
    login(page, "alice")
    page.goto(_url("organisation:group_list", world))
    wrapper = page.locator(".table-wrap[data-scroll-region]").first
    expect(wrapper).to_be_visible()
    assert wrapper.evaluate("w => w.scrollWidth > w.clientWidth")
    # The page itself is no wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The scrolling box is a named region one can reach and scroll by keyboard.
    expect(wrapper).to_have_attribute("tabindex", "0")
    expect(wrapper).to_have_attribute("role", "region")
    name = wrapper.evaluate(
        "w => document.getElementById(w.getAttribute('aria-labelledby')).textContent"
    )
    assert name.strip()
    wrapper.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(wrapper).not_to_have_js_property("scrollLeft", 0)
    # Words in the table are whole: no cell breaks a word to fit.
    assert not page.evaluate(
        "[...document.querySelectorAll('td, th')].some(c => "
        "['anywhere', 'break-word'].includes(getComputedStyle(c).overflowWrap) || "
        "getComputedStyle(c).wordBreak === 'break-all')"
    )
    assert_no_axe_violations(page)


def test_a_missing_page_says_so_in_swedish_in_the_same_design(
    page: Page, world: World, assert_no_axe_violations: AxeCheck
) -> None:
    response = page.goto("/k/testby/finns-inte-alls/")
    assert response is not None and response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    expect(page.get_by_role("link", name="Till startsidan")).to_be_visible()
    # The design's stylesheets are there (the page is not the browser's bare default).
    assert page.locator("link[href*='designsystemet']").count() == 2
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": PHONE["width"], "height": PHONE["height"]})
    assert _page_scrolls_sideways(page) == []
    assert_no_axe_violations(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "404-390.png"), full_page=True)


def test_the_main_pages_pass_axe_at_both_widths_and_are_photographed(
    browser: Browser,
    live_server: LiveServer,
    world: World,
    login: Login,
    assert_no_axe_violations: AxeCheck,
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, options in (
        (DESKTOP["width"], {"viewport": DESKTOP}),
        (PHONE["width"], {"viewport": PHONE, "is_mobile": True, "has_touch": True}),
    ):
        pages = _new_page(browser, live_server.url, **options)
        page = next(pages)
        login(page, "alice")
        for url_name, file_name in MAIN_PAGES:
            response = page.goto(_url(url_name, world))
            assert response is not None and response.status == 200, url_name
            too_wide = _page_scrolls_sideways(page)
            assert not too_wide, f"{url_name} scrolls sideways at {width}: {too_wide}"
            page.screenshot(path=str(SCREENSHOTS / f"{file_name}-{width}.png"), full_page=True)
            assert_no_axe_violations(page)
        next(pages, None)  # closes the context and fails on anything the CSP refused
