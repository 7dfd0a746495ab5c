"""The lägesbild's period picked with chromium's own week and month pickers: the values the browser
sends ("2026-W45", "2026-11") become the period the page shows. The choice page passes axe-core
at desktop and phone width."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from samverka.core.testing import World

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


def _index() -> str:
    return reverse("situation:index", kwargs={"municipality": "testby"})


def test_two_weeks_and_a_month_from_the_pickers(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(page, "alice")
    page.goto(_index())
    week_from = page.get_by_label("Från vecka")
    expect(week_from).to_have_attribute("type", "week")
    # Filled with the latest whole two weeks, as the page suggests.
    expect(week_from).not_to_have_value("")
    assert_no_axe_violations(page)

    page.get_by_label("Periodtyp").select_option(label="Två veckor")
    week_from.fill("2026-W45")
    page.get_by_label("Till och med vecka").fill("2026-W46")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("v. 45–46 2026")
    assert "week_from=2026-W45" in page.url

    page.goto(_index())
    page.get_by_label("Periodtyp").select_option(label="Månad")
    month = page.get_by_label("Månad", exact=True)
    expect(month).to_have_attribute("type", "month")
    month.fill("2026-11")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("november 2026")


def test_the_pickers_on_a_phone(
    phone_page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(phone_page, "alice")
    phone_page.goto(_index())
    expect(phone_page.get_by_label("Från vecka")).to_be_visible()
    assert_no_axe_violations(phone_page)
    phone_page.get_by_label("Periodtyp").select_option(label="Vecka")
    phone_page.get_by_label("Från vecka").fill("2026-W49")
    phone_page.get_by_role("button", name="Visa").click()
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text("49")
