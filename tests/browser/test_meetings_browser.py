"""The meeting journeys in a real browser: plan the year's meetings, write and approve the
minutes, record a decision on a proposal, see the open commitments on a phone — every page
passing axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from samverka.core.testing import World
from samverka.meetings import services
from samverka.meetings.models import Decision, Meeting, MinutesStatus
from samverka.meetings.tests._clock import the_meeting_begins

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


def _url(name: str, world: World, **kwargs: object) -> str:
    return reverse(name, kwargs={"municipality": world.testby.slug, **kwargs})


def _meeting(group, days: int, **extra) -> Meeting:  # type: ignore[no-untyped-def]
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    start += timedelta(days=days)
    return services.meeting_create(
        group=group, starts_at=start, ends_at=start + timedelta(hours=2), user=None, **extra
    )


def test_chair_plans_the_years_meetings(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    year = timezone.localdate().year + 1
    login(page, "bob")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Möten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Möten")
    assert_no_axe_violations(page)

    page.get_by_role("region", name="Gruppernas möten").get_by_role(
        "link", name="Styrgruppen"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Styrgruppen")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Planera årets möten").click()
    page.get_by_role("spinbutton", name=re.compile("^År")).fill(str(year))
    page.get_by_label("Börjar klockan").fill("13:30")
    page.get_by_label("Plats").fill("Stadshuset")
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(
        page.get_by_role("heading", name=re.compile("Förhandsgranskning: 6 möten"))
    ).to_be_visible()
    assert not Meeting.objects.exists()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Planera mötena").click()
    expect(page.get_by_role("status").first).to_contain_text("6 möten är planerade")
    table = page.get_by_role("table", name=re.compile(f"Möten {year}"))
    expect(table.locator("tbody tr")).to_have_count(6)
    expect(table).to_contain_text("13.30")
    assert Meeting.objects.filter(group=world.steering).count() == 6
    assert_no_axe_violations(page)


def test_chair_writes_the_minutes_and_approves_them(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    meeting = _meeting(world.steering, -1, title="Styrgruppens möte i går")
    login(page, "bob")
    page.goto(_url("meetings:detail", world, pk=meeting.pk))
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Börja skriva protokollet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protokoll")
    assert_no_axe_violations(page)
    page.get_by_label("Allmänna anteckningar").fill("Alla parter var representerade.")
    page.get_by_label(re.compile("^Anteckning till punkt 2")).fill("Lugnare läge i Norra.")
    page.get_by_role("button", name="Spara anteckningarna").click()
    expect(page.get_by_role("status").first).to_contain_text("Anteckningarna är sparade")

    page.get_by_role("group", name="Justerare").get_by_label("Bob Berg").check()
    page.get_by_role("button", name="Spara justerarna").click()
    expect(page.get_by_role("status").first).to_contain_text("Justerarna är valda")

    page.get_by_role("link", name="Tillbaka till mötet").click()
    page.get_by_role("button", name="Justera protokollet").click()
    expect(page.get_by_role("status").first).to_contain_text("låst")
    protocol = page.get_by_role("region", name="Protokoll")
    expect(protocol).to_contain_text("justerat")
    expect(page.get_by_role("region", name="Dagordning")).to_contain_text("Lugnare läge i Norra.")
    assert meeting.minutes_versions.get().status == MinutesStatus.APPROVED
    assert_no_axe_violations(page)

    # The approved version reads like a document.
    protocol.get_by_role("link", name="Läs protokollet").click()
    expect(page.locator("main")).to_contain_text("Alla parter var representerade.")
    assert_no_axe_violations(page)


def test_steering_group_decides_on_a_proposal_and_a_preparation_group_cannot(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    preparation = _meeting(world.preparation, 1, title="Beredningen")
    steering = _meeting(world.steering, 8, title="Styrgruppen beslutar")
    proposal = services.proposal_create(
        meeting=preparation,
        title="Nattvandring på fredagar",
        text="Beredningsgruppen föreslår nattvandring.",
        user=None,
    )
    # The proposal went on the coming meeting's agenda; decisions are recorded once it begins.
    the_meeting_begins(steering)
    login(page, "alice")

    # Beredningsgruppen has no mandate: the page says who decides and offers a proposal instead.
    page.goto(_url("meetings:decision_create", world, pk=preparation.pk))
    expect(page.locator("main")).to_contain_text("Det är Styrgruppen som beslutar")
    expect(page.get_by_role("link", name="Lägg fram förslag till Styrgruppen")).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(_url("meetings:detail", world, pk=steering.pk))
    agenda = page.get_by_role("region", name="Dagordning")
    # By keyboard, and redrawn by htmx without leaving the page: focus stays on the moved item.
    name = re.compile(r"^Flytta ned\s*: Lägesbild$")
    move = agenda.get_by_role("button", name=name)
    move.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#agenda-status")).to_have_text("Punkten är flyttad nedåt.")
    expect(agenda.locator(".agenda > li").nth(2)).to_contain_text("Lägesbild")
    expect(agenda.get_by_role("button", name=name)).to_be_focused()
    expect(agenda).to_contain_text("Förslag från Beredningsgruppen: Nattvandring på fredagar")
    agenda.get_by_role("link", name=re.compile("^Registrera beslut")).click()
    expect(page.get_by_label("Rubrik")).to_have_value("Nattvandring på fredagar")
    assert_no_axe_violations(page)
    page.get_by_role("textbox", name=re.compile("^Beslut")).fill("Styrgruppen bifaller förslaget.")
    page.get_by_role("button", name="Registrera beslutet").click()

    expect(page.get_by_role("status").first).to_contain_text("§ 1")
    decisions = page.get_by_role("region", name="Beslut och förslag")
    expect(decisions).to_contain_text("på förslag från Beredningsgruppen")
    expect(decisions.get_by_role("link", name="Nattvandring på fredagar")).to_be_visible()
    assert Decision.objects.get().proposal == proposal
    assert_no_axe_violations(page)


def test_member_sees_open_commitments_on_a_phone(
    phone_page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    past = _meeting(world.safety_group, -20, title="Trygghetsgruppen i våras")
    services.commitment_create(
        meeting=past,
        title="Laga belysningen i gångtunneln",
        owner_organisation=world.administration,
        due_date=timezone.localdate() - timedelta(days=2),
        user=None,
    )
    services.commitment_create(
        meeting=past,
        title="Trygghetsvandring med boende",
        owner_person=world.carol_person,
        due_date=timezone.localdate() + timedelta(days=14),
        user=None,
    )
    upcoming = _meeting(world.safety_group, 6, title="Trygghetsgruppen nästa gång")
    login(phone_page, "carol")

    phone_page.goto(_url("meetings:commitments", world))
    table = phone_page.get_by_role("table", name="Åtaganden")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Försenat")
    assert_no_axe_violations(phone_page)
    _fits(phone_page)

    # The next meeting's follow-up item carries both over.
    phone_page.goto(_url("meetings:detail", world, pk=upcoming.pk))
    follow_up = phone_page.get_by_role("table", name="Öppna åtaganden att följa upp")
    expect(follow_up.locator("tbody tr")).to_have_count(2)
    expect(follow_up).to_contain_text("Försenat")
    assert_no_axe_violations(phone_page)
    _fits(phone_page)


def _fits(page: Page) -> None:
    widths = page.evaluate(
        "({page: document.documentElement.scrollWidth, screen: window.innerWidth})"
    )
    assert widths["page"] <= widths["screen"], f"{page.url} is wider than the phone: {widths}"
