"""Records that cannot contradict reality, in a real browser: a coming meeting explains why it
has no minutes yet, a proposal to a group with no coming meeting offers to plan one, and a
coordinator records an approval made on paper — every page passing axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from samverka.core.testing import World, make_membership, make_person
from samverka.meetings import services
from samverka.meetings.models import Approval, Meeting

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


def test_a_coming_meeting_and_a_proposal_with_nowhere_to_go_say_what_to_do(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    coming = _meeting(world.steering, 12, title="Styrgruppen om tolv dagar")
    login(page, "alice")
    page.goto(_url("meetings:detail", world, pk=coming.pk))
    protocol = page.get_by_role("region", name="Protokoll")
    expect(protocol).to_contain_text("förs när mötet har börjat")
    expect(page.get_by_role("button", name="Börja skriva protokollet")).to_have_count(0)
    expect(page.get_by_role("note").filter(has_text="mötet har ingen plats")).to_be_visible()
    assert_no_axe_violations(page)

    services.meeting_cancel(meeting=coming, user=None)  # Styrgruppen has nothing ahead now
    preparation = _meeting(world.preparation, -1, title="Beredningen i går")
    page.goto(_url("meetings:proposal_create", world, pk=preparation.pk))
    page.get_by_label("Rubrik").fill("Nattvandring på fredagar")
    page.get_by_role("textbox", name=re.compile("^Förslag")).fill("Vi föreslår nattvandring.")
    page.get_by_role("button", name=re.compile("Lägg fram")).click()
    expect(page.get_by_role("status").first).to_contain_text("har inget kommande möte")
    plan = page.get_by_role("link", name=re.compile("^Planera mötena för Styrgruppen"))
    expect(plan).to_be_visible()
    assert_no_axe_violations(page)
    plan.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Styrgruppen")


def test_a_coordinator_records_an_approval_made_on_paper(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    anna = make_person(world.testby, "Anna Al")
    make_membership(world.steering, anna)
    meeting = _meeting(world.steering, -3, title="Styrgruppen i veckan", location="Stadshuset")
    minutes = services.minutes_start(meeting=meeting, user=None)
    services.minutes_set_adjusters(minutes=minutes, adjusters=[anna], user=None)
    signed = timezone.localdate() - timedelta(days=1)

    login(page, "alice")
    page.goto(_url("meetings:detail", world, pk=meeting.pk))
    expect(page.locator("main")).to_contain_text("Ej protokollfört")
    form = page.locator("#justering-papper")
    expect(form.get_by_role("heading", name="Justering på papper")).to_be_visible()
    assert_no_axe_violations(page)
    form.get_by_label("Anna Al").check()
    form.get_by_label("Datum för justeringen").fill(signed.isoformat())
    form.get_by_role("button", name="Registrera justeringen").click()

    expect(page.get_by_role("status").first).to_contain_text("justerat och låst")
    protocol = page.get_by_role("region", name="Protokoll")
    expect(protocol).to_contain_text("justerat på papper")
    expect(protocol).to_contain_text("registrerat av")
    expect(page.locator("main")).to_contain_text("Genomfört")
    assert Approval.objects.get().on_paper
    assert_no_axe_violations(page)
