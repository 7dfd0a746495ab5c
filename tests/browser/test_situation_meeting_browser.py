"""The lägesbild in the beredningsgrupp's meeting, in a real browser: from the meeting's agenda to
the lägesbild, adopted at the meeting; from its red area a proposal to the steering group in one
action; the proposal links back to the finding and the finding to the proposal. Every page
passes axe-core (WCAG 2.1 A/AA) at 1280 and at 390 px, without sideways scrolling on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from samverka.core.testing import World, make_area
from samverka.meetings import services as meetings
from samverka.meetings.models import Meeting, Proposal
from samverka.situation import services
from samverka.situation.models import SituationReport
from samverka.situation.periods import default_period
from samverka.situation.testing import at, make_category, make_incident

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


def _scene(world: World) -> tuple[SituationReport, Meeting]:
    """A draft lägesbild of the latest two weeks with Kvarteret Eken red, and the
    beredningsgrupp's meeting that began an hour ago; the steering group meets next week."""
    period = default_period(timezone.localdate())
    block = make_area(
        world.testby, "Kvarteret Eken", parent=world.area, centroid_lat=57.70, centroid_lon=12.0
    )
    vandalism = make_category(world.testby, "skadegorelse", "Skadegörelse")
    for i in range(12):
        make_incident(
            block,
            vandalism,
            at(period.start + timedelta(days=i % 5), 21),
            latitude=57.700 + 0.001 * (i % 3),
            longitude=12.000,
        )
    report = services.report_create(
        municipality=world.testby, area=world.area, period=period, user=world.alice
    )
    services.report_update(
        report=report,
        user=world.alice,
        assessment="Klotter varje kväll vid skolan i Kvarteret Eken.",
        statuses={block.pk: ("red", "Klotter varje kväll")},
    )
    began = timezone.now() - timedelta(hours=1)
    meeting = meetings.meeting_create(
        group=world.preparation, starts_at=began, ends_at=began + timedelta(hours=2), user=None
    )
    coming = timezone.now() + timedelta(days=7)
    meetings.meeting_create(
        group=world.steering, starts_at=coming, ends_at=coming + timedelta(hours=2), user=None
    )
    return report, meeting


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width} px)"


def test_from_the_meeting_the_lagesbild_is_adopted_and_a_red_area_goes_to_the_steering_group(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    report, meeting = _scene(world)
    login(page, "alice")
    page.goto(reverse("meetings:detail", kwargs={"municipality": "testby", "pk": meeting.pk}))
    entry = page.get_by_role("link", name=re.compile(r"^Lägesbild Norra Testby"))
    expect(entry).to_be_visible()
    expect(page.locator("main")).to_contain_text("Alla händelser i Kvarteret Eken: röd")
    assert_no_axe_violations(page)

    # The lägesbild, opened from the meeting, is adopted at the meeting.
    entry.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lägesbild Norra Testby")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Fastställ vid detta möte").click()
    expect(page.locator(".messages")).to_contain_text("fastställd vid mötet")
    expect(page.locator("main")).to_contain_text("Lägesbilden fastställdes vid det här mötet")
    assert_no_axe_violations(page)

    # The red area: one action makes the proposal to the steering group.
    findings = page.get_by_role("region", name="Viktigaste fynd och vad de ledde till")
    findings.get_by_role(
        "link",
        name=re.compile(
            r"Förslag till Styrgruppen eller åtagande\s*: Alla händelser i Kvarteret Eken"
        ),
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Från ett fynd: förslag eller åtagande"
    )
    expect(page.get_by_label("Förslag eller beskrivning")).to_contain_text("Klotter varje kväll")
    assert_no_axe_violations(page)
    page.get_by_label("Rubrik").fill("Belysning och kameror vid skolan")
    page.get_by_role("button", name="Lägg förslaget eller åtagandet").click()
    expect(page.locator(".messages")).to_contain_text("Förslaget till Styrgruppen är lagt")

    # Next to the finding, the proposal; on the proposal, the finding.
    proposal = Proposal.objects.get()
    assert proposal.to_group == world.steering and proposal.meeting == meeting
    link = page.get_by_role("link", name="Belysning och kameror vid skolan")
    expect(link).to_be_visible()
    expect(page.locator("main")).to_contain_text("Förslag till Styrgruppen:")
    assert_no_axe_violations(page)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Belysning och kameror vid skolan")
    back = page.get_by_role("link", name=re.compile("Underlag: lägesbild Norra Testby"))
    expect(back).to_be_visible()
    assert_no_axe_violations(page)
    back.click()
    expect(page).to_have_url(re.compile(rf"/lagesbild/{report.pk}/#finding-subarea-\d+-atgarder$"))
    expect(page.locator("main")).to_contain_text("Förslag till Styrgruppen:")

    # The minutes record the adoption through the lägesbild's agenda entry.
    page.goto(reverse("meetings:detail", kwargs={"municipality": "testby", "pk": meeting.pk}))
    expect(page.locator("main")).to_contain_text("Fastställd vid detta möte.")


def test_the_finding_and_its_proposal_read_on_a_phone(
    phone_page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    report, meeting = _scene(world)
    services.report_adopt(report=report, user=world.alice, meeting=meeting)
    report.refresh_from_db()
    block_key = next(s.area_id for s in report.area_statuses.all() if s.colour == "red")
    action = services.finding_act(
        report=report,
        finding_key=f"subarea:{block_key}",
        kind="proposal",
        title="Belysning vid skolan",
        text="Belysning vid skolan i Kvarteret Eken.",
        user=world.alice,
    )

    login(phone_page, "alice")
    detail = reverse("situation:detail", kwargs={"municipality": "testby", "pk": report.pk})
    phone_page.goto(f"{detail}?mote={meeting.pk}")
    expect(phone_page.get_by_role("link", name="Belysning vid skolan")).to_be_visible()
    _no_sideways_scroll(phone_page)
    assert_no_axe_violations(phone_page)

    phone_page.goto(
        reverse("situation:act", kwargs={"municipality": "testby", "pk": report.pk})
        + f"?fynd=subarea:{block_key}"
    )
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
    _no_sideways_scroll(phone_page)
    assert_no_axe_violations(phone_page)
    # Refused input comes back with a message on the form, still accessible.
    phone_page.get_by_role("radio", name=re.compile("Åtagande")).check()
    phone_page.get_by_role("button", name="Lägg förslaget eller åtagandet").click()
    expect(phone_page.locator("main")).to_contain_text("Ange vem som ansvarar för åtagandet")
    _no_sideways_scroll(phone_page)
    assert_no_axe_violations(phone_page)

    phone_page.goto(
        reverse("meetings:proposal", kwargs={"municipality": "testby", "pk": action.proposal_id})
    )
    expect(phone_page.get_by_role("link", name=re.compile("Underlag: lägesbild"))).to_be_visible()
    _no_sideways_scroll(phone_page)
    assert_no_axe_violations(phone_page)
