"""The beredningsgrupp's journey through a lägesbild in a real browser: look at the figures of the
latest two weeks, start compiling, write the assessment and the colours, adopt — and see the map.
Every page passes axe-core (WCAG 2.1 A/AA) and the detail page works on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from samverka.core.testing import World, make_area
from samverka.situation.models import ReportStatus, SituationReport
from samverka.situation.periods import default_period
from samverka.situation.testing import at, make_category, make_incident

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


def _incidents(world: World) -> None:
    period = default_period(timezone.localdate())
    world.area.boundary = {
        "type": "Polygon",
        "coordinates": [
            [[11.99, 57.69], [12.03, 57.69], [12.03, 57.72], [11.99, 57.72], [11.99, 57.69]]
        ],
    }
    world.area.save()
    make_area(
        world.testby, "Kvarteret Eken", parent=world.area, centroid_lat=57.70, centroid_lon=12.0
    )
    vandalism = make_category(world.testby, "skadegorelse", "Skadegörelse")
    gathering = make_category(world.testby, "samling", "Otrygghetsskapande samling")
    for i in range(9):
        make_incident(
            world.area,
            vandalism,
            at(period.start + timedelta(days=i), 20 + i % 3),
            latitude=57.700 + 0.002 * (i % 3),
            longitude=12.000 + 0.002 * (i % 4),
            place_name="Torget",
        )
    make_incident(world.area, gathering, period.start - timedelta(days=3))


def test_the_beredningsgrupp_compiles_and_adopts_a_lagesbild(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    _incidents(world)
    login(page, "alice")
    page.goto(reverse("organisation:municipality", kwargs={"municipality": "testby"}))
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Lägesbild").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägesbild")
    assert_no_axe_violations(page)

    page.get_by_label("Område").select_option(label="Norra Testby (primärområde)")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lägesbild Norra Testby")
    expect(page.locator("#situation-map")).to_be_visible()
    assert page.locator("#situation-map path.leaflet-interactive").count() > 0
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Börja sammanställa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bedömning")
    page.get_by_label("Bedömning").fill(
        "Klotter kring torget kvällstid; följs upp av trygghetsgruppen."
    )
    page.get_by_role("radio", name=re.compile("Gul")).first.check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Spara").click()
    # The message is one status region of several (the map says whether it has a background).
    expect(page.get_by_role("status").filter(has_text="Bedömningen är sparad")).to_be_visible()

    page.get_by_role("button", name="Fastställ lägesbilden").click()
    expect(page.get_by_role("status").filter(has_text="fastställd")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Klotter kring torget kvällstid")
    expect(page.locator("main")).to_contain_text("Gul")
    # The map of the adopted version: the boundary base layer and the cells, no tiles.
    expect(page.locator("#situation-map")).to_be_visible()
    assert page.locator("#situation-map path.leaflet-interactive").count() >= 2
    assert page.locator("#situation-map img.leaflet-tile").count() == 0
    assert_no_axe_violations(page)

    report = SituationReport.objects.get(area=world.area)
    assert report.status == ReportStatus.ADOPTED
    assert report.snapshot is not None and report.snapshot["total"]["current"] == 9


def test_the_adopted_lagesbild_reads_on_a_phone_and_publicly(
    phone_page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    from samverka.situation import services

    _incidents(world)
    report = services.report_create(
        municipality=world.testby,
        area=world.area,
        period=default_period(timezone.localdate()),
        user=world.alice,
    )
    services.report_update(report=report, user=world.alice, assessment="Lugnt.")
    services.report_adopt(report=report, user=world.alice)
    services.report_publish(report=report, user=world.alice, publish=True)

    login(phone_page, "dave")
    phone_page.goto(reverse("situation:detail", kwargs={"municipality": "testby", "pk": report.pk}))
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text("Norra Testby")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width} px)"
    assert_no_axe_violations(phone_page)

    phone_page.context.clear_cookies()
    phone_page.goto(
        reverse("situation:public_detail", kwargs={"municipality": "testby", "pk": report.pk})
    )
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text("Norra Testby")
    expect(phone_page.locator("main")).not_to_contain_text("Torget")
    assert_no_axe_violations(phone_page)
