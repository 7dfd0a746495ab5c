"""Signing in, as a person does it: keyboard only, on a desktop and on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from samverka.core.testing import PASSWORD, World
from tests.browser.conftest import totp_code

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
# Skip link, brand, language switch … then the form: a generous bound, not the exact count,
# so that a new header link doesn't break the test, while a trap in the tab order still does.
MAX_TABS = 25


def _tab_to(page: Page, element_id: str) -> None:
    """Press Tab until the element has focus; fail if the keyboard never reaches it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"#{element_id} was not reached with {MAX_TABS} presses of Tab.")


def test_alice_signs_in_with_the_keyboard_only(
    page: Page, world: World, assert_no_axe_violations: AxeCheck
) -> None:
    page.goto(reverse("accounts:login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    assert_no_axe_violations(page)

    _tab_to(page, "id_username")
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # A coordinator must enrol a second factor before any page: the app's code, by keyboard.
    expect(page.get_by_role("heading", level=1)).to_have_text("Tvåstegsverifiering med app")
    assert_no_axe_violations(page)
    secret = page.locator("#totp-secret").inner_text()
    assert page.evaluate("document.activeElement.id") == "id_otp_token"
    page.keyboard.type(totp_code(secret))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Dina reservkoder")).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Fortsätt").click()

    # Alice coordinates one municipality only, so the start page takes her straight to it.
    landing = reverse("workbench:start", kwargs={"municipality": world.testby.slug})
    expect(page).to_have_url(re.compile(re.escape(landing) + "$"))
    response = navigation.value
    assert response is not None and response.status == 200, f"{landing} answered {response}"
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_contain_text(world.testby.name)
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    assert_no_axe_violations(page)


def test_a_wrong_password_is_explained_and_keeps_the_page_accessible(
    page: Page, world: World, assert_no_axe_violations: AxeCheck
) -> None:
    page.goto(reverse("accounts:login"))
    page.get_by_label("Användarnamn").fill("alice")
    page.get_by_label("Lösenord").fill("fel-lösenord")
    with page.expect_navigation():
        page.get_by_label("Lösenord").press("Enter")

    expect(page.get_by_role("alert")).to_contain_text("Ange ett korrekt användarnamn och lösenord")
    assert page.url.endswith(reverse("accounts:login"))
    assert_no_axe_violations(page)


def test_the_login_page_fits_a_phone_without_sideways_scrolling(
    phone_page: Page, world: World
) -> None:
    phone_page.goto(reverse("accounts:login"))
    expect(phone_page.get_by_role("button", name="Logga in")).to_be_visible()
    widths = phone_page.evaluate(
        "({page: document.documentElement.scrollWidth, screen: window.innerWidth})"
    )
    assert widths["screen"] == 390
    assert widths["page"] <= widths["screen"], f"page is wider than the phone: {widths}"


def test_the_axe_check_names_each_violation(page: Page, assert_no_axe_violations: AxeCheck) -> None:
    # Guards the guard: an axe check that passed everything would make every test above hollow.
    page.set_content('<html><body><main><img src="data:,"><a href="#"></a></main></body></html>')
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_axe_violations(page)
    report = str(failure.value)
    assert "html-has-lang" in report
    assert "image-alt" in report
    assert "<img" in report
