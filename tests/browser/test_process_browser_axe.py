"""axe-core (WCAG 2.1 A/AA) on every page of the knowledge-based process in a real browser: as a
coordinator on a desktop, as a reader, on a 375 px phone (which must not scroll sideways), and
the public medborgarlöfte page logged out."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from samverka.core.testing import World
from samverka.process.models import CitizenPromise
from tests.browser.test_process_browser_world import (
    build_process,
    demo_pages,
    load_angered,
    main_pages,
    other_pages,
    page_url,
)

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


def _fits(page: Page) -> None:
    widths = page.evaluate(
        "({page: document.documentElement.scrollWidth, screen: window.innerWidth})"
    )
    assert widths["page"] <= widths["screen"], f"{page.url} is wider than the phone: {widths}"


def sweep(page: Page, urls: list[str], check: AxeCheck, *, phone: bool = False) -> None:
    """Every page answers, shows a heading and passes axe (and fits the phone); all failures are
    reported together, one block per page."""
    failures: list[str] = []
    for url in urls:
        response = page.goto(url)
        if response is None or response.status != 200:
            failures.append(f"{url}: HTTP {response.status if response else 'no response'}")
            continue
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        try:
            check(page)
            if phone:
                _fits(page)
        except (pytest.fail.Exception, AssertionError) as failure:
            failures.append(str(failure))
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


# ---- axe-core on every page ---------------------------------------------------------------------


def test_every_process_page_passes_axe_on_a_desktop(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    p = build_process(world)
    login(page, "alice")
    sweep(page, main_pages(p) + other_pages(p), assert_no_axe_violations)


FORMS = ("/andra/", "/anta/", "/ny/")


def test_a_reader_sees_the_process_pages_without_forms_and_they_pass_axe(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    """Dave reads (the triangle as text instead of its form, no buttons to change things)."""
    p = build_process(world)
    login(page, "dave")
    reading = [url for url in main_pages(p) if not url.endswith(FORMS)]
    sweep(page, reading, assert_no_axe_violations)
    page.goto(page_url("cause_analysis", pk=p.problem.pk))
    expect(page.locator(".triangle-texts")).to_contain_text("Bostadsbolaget.")
    expect(page.get_by_role("button", name="Spara triangeln")).to_have_count(0)


def test_the_main_process_pages_pass_axe_and_fit_a_phone(
    phone_page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    p = build_process(world)
    phone_page.set_viewport_size({"width": 375, "height": 812})
    login(phone_page, "alice")
    sweep(phone_page, main_pages(p), assert_no_axe_violations, phone=True)


def test_the_public_promise_page_passes_axe_logged_out(
    page: Page, phone_page: Page, world: World, assert_no_axe_violations: AxeCheck
) -> None:
    p = build_process(world)
    url = page_url("promise_public", public_slug=p.promise.public_slug)
    for viewer in (page, phone_page):
        viewer.goto(url)
        expect(viewer.get_by_role("heading", level=1)).to_contain_text(
            "Medborgarlöfte Norra Testby"
        )
        expect(viewer.locator("main")).to_contain_text("Trygghetsvandringar")
        # Nothing internal: not the measure behind the activity, not the working group.
        expect(viewer.locator("main")).not_to_contain_text("Belysning på Torget")
        expect(viewer.locator("main")).not_to_contain_text("Arbetsgrupp")
        assert_no_axe_violations(viewer)
    phone_page.set_viewport_size({"width": 375, "height": 812})
    _fits(phone_page)


def test_the_angered_demo_passes_axe_on_a_desktop_and_fits_a_phone(
    page: Page, phone_page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    """Real texts (long names, a year of follow-ups, an effect evaluation on the synthetic
    incidents): the coordinator's pages pass axe on both screens and fit 375 px."""
    angered = load_angered()
    pages = demo_pages(angered)
    login(page, "samordnare")
    sweep(page, pages, assert_no_axe_violations)
    phone_page.set_viewport_size({"width": 375, "height": 812})
    login(phone_page, "samordnare")
    sweep(phone_page, pages, assert_no_axe_violations, phone=True)

    promise = CitizenPromise.objects.get(municipality=angered)
    phone_page.context.clear_cookies()
    phone_page.goto(
        reverse(
            "process:promise_public",
            kwargs={"municipality": angered.slug, "public_slug": promise.public_slug},
        )
    )
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text(promise.title)
    assert_no_axe_violations(phone_page)
    _fits(phone_page)
