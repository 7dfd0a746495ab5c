"""A new municipality from start to a passing health check, in the browser only: the platform
administrator creates it from the reference list and invites its coordinator, who follows the
e-mailed link, chooses a password, enrols a second factor and walks the guided start. axe finds
nothing on any page on the way."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from samverka.accounts.models import Municipality, User
from samverka.core.testing import PASSWORD, World
from samverka.organisation.models import Group, Organisation
from samverka.stats.reference import ensure_reference_geography
from tests.browser.conftest import second_factor

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
NEW_PASSWORD = "täby-samordnare-väljer-ett-långt-lösenord"


def _sign_in(page: Page, username: str, password: str, axe: AxeCheck) -> None:
    page.goto(reverse("accounts:login"))
    axe(page)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if reverse("accounts:mfa_totp_enrol") in page.url:
        axe(page)
    second_factor(page, username)


def _click(page: Page, role: str, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).click()  # type: ignore[arg-type]


def test_a_platform_admin_starts_taby_and_its_coordinator_reaches_a_passing_health_check(
    page: Page, world: World, assert_no_axe_violations: AxeCheck
) -> None:
    ensure_reference_geography()
    axe = assert_no_axe_violations

    # The platform administrator: from the start page to the new municipality.
    _sign_in(page, "root", PASSWORD, axe)
    page.goto(reverse("core:home"))
    axe(page)
    _click(page, "link", "Starta en ny kommun")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny kommun")
    axe(page)
    # The long list gets a search box (static/core/select-filter.js); choose Täby through it.
    page.get_by_label("Sök i listan").fill("Täby")
    page.locator("#id_code").select_option("0160")
    _click(page, "button", "Skapa kommunen")

    taby = Municipality.objects.get(scb_code="0160")
    assert (taby.name, taby.county, taby.local_police_area) == (
        "Täby kommun",
        "Stockholms län",
        "Täby",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Bjud in samordnare i Täby kommun")
    expect(page.locator("main")).to_contain_text("Stockholms län")
    axe(page)
    page.get_by_label("E-postadress").fill("sara@taby.example")
    page.get_by_label("Förnamn").fill("Sara")
    page.get_by_label("Efternamn").fill("Samordnare")
    _click(page, "button", "Skicka inbjudan")
    expect(page.locator("main")).to_contain_text("Inbjudan är skickad till sara@taby.example")
    expect(page.locator("main")).to_contain_text("inbjuden, har inte valt lösenord ännu")
    axe(page)
    _click(page, "button", "Logga ut")

    # The invited coordinator: the link from the e-mail, a password, the second factor.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sara@taby.example"]
    body = str(mail.outbox[0].body)
    found = re.search(r"https?://[^/\s]+(/inbjudan/\S+/)", body)
    assert found, body
    page.goto(found.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Välj ditt lösenord")
    axe(page)
    coordinator = User.objects.get(email="sara@taby.example")
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    _click(page, "button", "Spara lösenordet")
    # The second factor comes before any page, as for every coordinator.
    assert reverse("accounts:mfa_totp_enrol") in page.url
    axe(page)
    second_factor(page, coordinator.username)

    # The guided start.
    start = reverse("onboarding_start:index", kwargs={"municipality": taby.slug})
    if not page.url.endswith(start):
        # After the recovery codes "Fortsätt" leads to the start page; the menu has the guide.
        axe(page)
        _click(page, "link", "Startguide")
    assert page.url.endswith(start)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kom igång med Täby kommun")
    expect(page.locator("main")).to_contain_text("0 av 4 steg har innehåll")
    axe(page)

    _click(page, "link", "Börja med områdena")
    expect(page.locator("main")).to_contain_text("Startguide: steg 1 av 4")
    axe(page)
    _click(page, "button", "Skapa kommunområdet")
    expect(page.locator("main")).to_contain_text("Kommunområdet Täby finns")
    axe(page)

    _click(page, "link", "Nästa steg")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktörer")
    axe(page)
    expect(page.get_by_label("Polisen, lokalpolisområde Täby")).to_be_checked()
    _click(page, "button", "Lägg till valda aktörer")
    expect(page.locator("main")).to_contain_text("De föreslagna aktörerna finns redan")
    axe(page)
    assert Organisation.objects.filter(municipality=taby).count() == 2

    _click(page, "link", "Nästa steg")
    expect(page.get_by_role("heading", level=1)).to_have_text("Grupper")
    axe(page)
    _click(page, "button", "Skapa grupperna efter Brås förslag")
    expect(page.locator("main")).to_contain_text("Grupperna från Brås förslag finns")
    axe(page)
    assert Group.objects.filter(municipality=taby).count() == 3

    _click(page, "link", "Nästa steg")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hälsokontroll")
    expect(page.locator("#health-passed")).to_have_text(
        "Organisationen klarar hälsokontrollen: inga fel."
    )
    expect(page.locator("main .severity-error")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("4 av 4 steg har innehåll")
    axe(page)
