"""The Content Security Policy in a real browser: every page sends it without 'unsafe-inline',
the pages with scripts (the lägesbild's Leaflet map, the agenda, the API docs' Swagger UI) work
under it, and the check that fails a browser test on any violation does see one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from samverka.core.testing import World
from samverka.meetings import services as meetings
from samverka.situation import services as situation
from samverka.situation.periods import default_period
from samverka.situation.testing import at, make_category, make_incident
from tests.browser.conftest import _watch_csp

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]


def test_pages_send_a_policy_without_unsafe_inline(page: Page) -> None:
    response = page.goto(reverse("accounts:login"))
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "geolocation=(self)" in response.headers["permissions-policy"]


def test_the_check_sees_an_inline_script_and_style(
    browser: Browser, live_server: LiveServer
) -> None:
    context = browser.new_context(base_url=live_server.url)
    found = _watch_csp(context)
    page = context.new_page()
    page.goto(reverse("accounts:login"))
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.ran = true";
        document.body.appendChild(script);
        document.body.setAttribute("style", "color: red");
    }"""
    )
    page.wait_for_timeout(300)
    ran = page.evaluate("() => window.ran === true")
    context.close()
    assert not ran
    assert any("script-src" in v for v in found), found
    assert any("style-src" in v for v in found), found


def test_the_scripted_pages_work_under_the_policy(page: Page, world: World, login: Login) -> None:
    """Bob (a member) sees the lägesbild with its map, a meeting's agenda and the API docs; the
    page fixture fails the test on any CSP violation."""
    period = default_period(timezone.localdate())
    world.area.boundary = {
        "type": "Polygon",
        "coordinates": [
            [[11.99, 57.69], [12.03, 57.69], [12.03, 57.72], [11.99, 57.72], [11.99, 57.69]]
        ],
    }
    world.area.save()
    vandalism = make_category(world.testby, "skadegorelse", "Skadegörelse")
    for i in range(4):
        make_incident(
            world.area,
            vandalism,
            at(period.start + timedelta(days=i), 20),
            latitude=57.70 + 0.002 * i,
            longitude=12.0,
        )
    report = situation.report_create(
        municipality=world.testby, area=world.area, period=period, user=world.alice
    )
    starts = timezone.now() + timedelta(days=3)
    meeting = meetings.meeting_create(
        group=world.steering, starts_at=starts, ends_at=starts + timedelta(hours=1), user=None
    )

    login(page, "bob")
    page.goto(reverse("situation:detail", kwargs={"municipality": "testby", "pk": report.pk}))
    expect(page.locator("#situation-map")).to_be_visible()
    expect(page.locator(".leaflet-control-layers")).to_contain_text("Händelser per ruta")

    page.goto(reverse("meetings:detail", kwargs={"municipality": "testby", "pk": meeting.pk}))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(reverse("areas:list", kwargs={"municipality": "testby"}))
    page.goto(reverse("organisation:chart", kwargs={"municipality": "testby"}))

    page.goto(reverse("api-docs"))
    # The schema takes seconds to build on a busy machine.
    expect(page.locator("#swagger-ui .info")).to_be_visible(timeout=45_000)
