"""In a real browser: a coordinator previews and saves an effect evaluation, reads its result,
writes a lesson and finds it in the library by an inflected word. Every page passes axe-core
(WCAG 2.1 AA) and the Content Security Policy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from samverka.core.testing import World
from samverka.process.tests.evaluation_factories import make_child, make_measure, make_problem
from samverka.situation.testing import make_category, spread

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


def test_a_coordinator_evaluates_a_measure_and_keeps_the_lesson(
    page: Page,
    world: World,
    login: Login,
    assert_no_axe_violations: AxeCheck,
) -> None:
    target = make_child(world.root_area, "Hammarkullen")
    comparison = make_child(world.root_area, "Kortedala")
    neighbour = make_child(world.root_area, "Hjällbo")
    crime = make_category(world.testby, "skadegorelse", "Skadegörelse")
    spread(target, crime, date(2025, 1, 1), 40, 1)
    spread(target, crime, date(2025, 5, 1), 20, 1)
    spread(comparison, crime, date(2025, 1, 1), 40, 1)
    spread(comparison, crime, date(2025, 5, 1), 40, 1)
    spread(neighbour, crime, date(2025, 1, 1), 10, 1)
    spread(neighbour, crime, date(2025, 5, 1), 40, 1)
    make_measure(world.testby, "Belysning vid skolorna", problem=make_problem(world.testby))

    login(page, "alice")
    page.goto(reverse("process:evaluation_list", kwargs={"municipality": "testby"}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Utvärderingar")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Effektutvärdering av Belysning vid skolorna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny effektutvärdering")
    assert_no_axe_violations(page)
    page.get_by_label("Rubrik").fill("Effekt av belysningen")
    page.get_by_label("Målområde").select_option(label="Hammarkullen")
    page.get_by_label("Jämförelseområde").select_option(label="Kortedala")
    page.get_by_label("Kategori").select_option(label="Skadegörelse")
    page.get_by_label("Före: från").fill("2025-01-01")
    page.get_by_label("Före: till och med").fill("2025-03-31")
    page.get_by_label("Efter: från").fill("2025-05-01")
    page.get_by_label("Efter: till och med").fill("2025-07-29")
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_text("Förhandsgranskning: inget är sparat ännu.")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Spara utvärderingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Effekt av belysningen")
    expect(page.get_by_text("Antalet minskade med 50 % mer i Hammarkullen")).to_be_visible()
    expect(page.get_by_role("cell", name="möjlig förflyttning")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Skriv en lärdom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny lärdom")
    assert_no_axe_violations(page)
    page.get_by_label("Lärdom (obligatoriskt)").fill("Ljuset flyttade skadegörelsen till Hjällbo")
    page.get_by_label("Beskrivning").fill("Planera grannområdena samtidigt.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ljuset flyttade skadegörelsen till Hjällbo"
    )
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Tillbaka till biblioteket").click()
    page.get_by_label("Sök", exact=True).fill("skola")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(
        page.get_by_role("link", name="Ljuset flyttade skadegörelsen till Hjällbo")
    ).to_be_visible()
    assert_no_axe_violations(page)
