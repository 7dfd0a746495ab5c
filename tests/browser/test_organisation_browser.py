"""The coordinator's main journey through the organisation, in a real browser: sign in, look at
the chart, open a group, change its cadence, run the health check — every page passing axe-core
(WCAG 2.1 A/AA) and usable on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from samverka.core.testing import World
from samverka.organisation.models import Cadence, Group

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


def _url(name: str, world: World, **kwargs: object) -> str:
    return reverse(name, kwargs={"municipality": world.testby.slug, **kwargs})


def test_coordinator_views_chart_opens_group_and_changes_its_cadence(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(page, "alice")

    # The chart: drawn from the data, each group a link to its page.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Organisationsschema"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisationsschema")
    figure = page.locator("figure.chart-figure")
    expect(figure.locator("svg")).to_be_visible()
    for group in ("Styrgruppen", "Beredningsgruppen", "Trygghetsgruppen Norra"):
        expect(figure).to_contain_text(group)
    assert_no_axe_violations(page)

    # Open the preparation group from the chart.
    with page.expect_navigation():
        page.locator(f"svg a[href$='/grupper/{world.preparation.pk}/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beredningsgruppen")
    expect(page.locator("main")).to_contain_text("varannan vecka")
    assert_no_axe_violations(page)

    # Change its cadence: from every other week to four times a year.
    page.get_by_role("link", name=re.compile("^Ändra")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ändra")
    assert_no_axe_violations(page)
    page.get_by_role("combobox", name=re.compile("^Mötesfrekvens")).select_option(
        Cadence.TIMES_PER_YEAR
    )
    # Only the sub-field that fits the chosen cadence is shown.
    expect(page.get_by_label("Veckor mellan möten")).to_be_hidden()
    page.get_by_label("Möten per år").fill("4")
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_role("status")).to_contain_text("sparad")
    expect(page.locator("main")).to_contain_text("4 gånger per år")
    world.preparation.refresh_from_db()
    assert (world.preparation.cadence, world.preparation.meetings_per_year) == (
        Cadence.TIMES_PER_YEAR,
        4,
    )
    assert_no_axe_violations(page)


def test_a_cadence_without_its_number_is_refused_with_a_message(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(page, "alice")
    page.goto(_url("organisation:group_edit", world, pk=world.steering.pk))
    page.get_by_role("combobox", name=re.compile("^Mötesfrekvens")).select_option(
        Cadence.TIMES_PER_YEAR
    )
    page.get_by_label("Möten per år").fill("")
    page.get_by_role("button", name="Spara").click()

    expect(page.locator(".field--error")).to_contain_text("gånger per år")
    assert Group.objects.get(pk=world.steering.pk).meetings_per_year == 6
    assert_no_axe_violations(page)


def test_coordinator_runs_the_health_check(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(page, "alice")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Hälsokontroll"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hälsokontroll")
    # Brå's questions are unanswered: reported with the severity in words (not by colour
    # alone), as Brå's advice with its source.
    main = page.locator("main")
    expect(main).to_contain_text("av Brås uppstartsfrågor är obesvarade")
    expect(main).to_contain_text("Varning")
    expect(main).to_contain_text("Källa: Brå, faktabladet")
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("organisation:municipality", {}),
        ("organisation:group_list", {}),
        ("areas:list", {}),
        ("organisation:organisation_list", {}),
        ("organisation:person_list", {}),
        ("organisation:document_list", {}),
        ("organisation:checklist", {}),
        ("users:list", {}),
        ("organisation:group_create", {}),
    ],
)
def test_main_pages_pass_axe(
    page: Page,
    world: World,
    login: Login,
    assert_no_axe_violations: AxeCheck,
    name: str,
    kwargs: dict[str, object],
) -> None:
    login(page, "alice")
    response = page.goto(_url(name, world, **kwargs))
    assert response is not None and response.status == 200
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    "name",
    ["organisation:municipality", "organisation:chart", "organisation:group_list", "areas:list"],
)
def test_pages_fit_a_phone_without_sideways_scrolling(
    phone_page: Page, world: World, login: Login, name: str
) -> None:
    login(phone_page, "bob")
    phone_page.goto(_url(name, world))
    widths = phone_page.evaluate(
        "({page: document.documentElement.scrollWidth, screen: window.innerWidth})"
    )
    assert widths["page"] <= widths["screen"], f"{name} is wider than the phone: {widths}"


def test_group_page_works_by_keyboard(page: Page, world: World, login: Login) -> None:
    """A keyboard user reaches the group list and opens a group without a mouse."""
    login(page, "bob")
    page.goto(_url("organisation:group_list", world))
    link = page.get_by_role("link", name="Styrgruppen", exact=True).first
    for _ in range(60):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("The group link was not reached with the Tab key.")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Styrgruppen")
