"""An SSPF member raises a concern, adds a young person with the guardian's consent and sees the
name only with a reason; a coordinator sees the counts. Every page passes axe-core."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from samverka.core.testing import World, make_group, make_membership
from samverka.organisation.models import GroupKind, Mandate

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


def test_a_member_works_on_a_case_and_a_coordinator_sees_counts(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    group = make_group(
        world.testby,
        "SSPF Norra",
        kind=GroupKind.SSPF,
        mandate=Mandate.CARRIES_OUT,
        area=world.area,
    )
    make_membership(group, world.bob_person)
    today = timezone.localdate()

    login(page, "bob")
    page.goto(reverse("sspf:case_list", kwargs={"municipality": "testby"}))
    expect(page.get_by_role("heading", level=1)).to_have_text("SSPF-ärenden")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Lyft en oro").click()
    assert_no_axe_violations(page)
    page.get_by_label("SSPF-grupp").select_option(label="SSPF Norra")
    page.get_by_label("Sektor").select_option("school")
    page.get_by_label("Oron gäller").select_option("individual")
    page.get_by_label("Beskrivning av oron").fill("Skolan oroar sig för en elev.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SSPF-ärende")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Lägg till en person").click()
    assert_no_axe_violations(page)
    page.get_by_label("Namn").fill("Påhittad Ungdom")
    page.get_by_label("Födelsedatum").fill(today.replace(year=today.year - 13).isoformat())
    page.get_by_label("Vårdnadshavares samtycke, datum").fill(today.isoformat())
    page.get_by_label("Samtycket eller lagstödet gäller till").fill(
        (today + timedelta(days=90)).isoformat()
    )
    page.get_by_label("Omfattning").fill("Utbyte inom SSPF-gruppen")
    page.get_by_role("button", name="Lägg till").click()
    expect(page.locator("main")).not_to_contain_text("Påhittad Ungdom")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Visa namnet på").click()
    page.get_by_label("Skäl").fill("Inför mötet med skolan")
    page.get_by_role("button", name="Visa namnet").click()
    expect(page.locator("main")).to_contain_text("Påhittad Ungdom")
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    login(page, "alice")
    page.goto(reverse("sspf:counts", kwargs={"municipality": "testby"}))
    expect(page.locator("main")).to_contain_text("färre än 5")
    assert_no_axe_violations(page)
