"""The start page ("Mitt arbete") in a real browser: a coordinator, a member and a reader each
land on their own work after signing in, every line leads to the page where the work is done,
and the page passes axe-core (WCAG 2.1 A/AA) on a desktop (1280 px) and on a phone (390 px)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from samverka.core.testing import World
from samverka.workbench.tests.factories import Work, seed_changes, seed_work

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


@pytest.fixture
def work(world: World) -> Work:
    work = seed_work(world)
    seed_changes(world, work)
    return work


def _start(world: World) -> str:
    return reverse("workbench:start", kwargs={"municipality": world.testby.slug})


def _section(page: Page, heading: str | re.Pattern[str]) -> Locator:
    return page.get_by_role("region", name=heading)


def _follow(page: Page, section: str | re.Pattern[str], link: str, heading: str) -> None:
    """Click ``link`` in ``section`` of the start page, see the page where the work is done
    (its main heading), and come back."""
    start = page.url
    with page.expect_navigation():
        _section(page, section).get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    page.goto(start)


def _lands_on_start(page: Page, world: World) -> None:
    expect(page).to_have_url(re.compile(re.escape(_start(world)) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt arbete")
    # The menu marks the page (on a phone the menu may be folded away: found by its address).
    expect(page.locator(f'nav a[href="{_start(world)}"][aria-current="page"]')).to_have_count(1)


def test_coordinator_finds_her_work_and_each_line_leads_to_where_it_is_done(
    page: Page, world: World, work: Work, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(page, "alice")
    _lands_on_start(page, world)
    assert_no_axe_violations(page)

    meeting = work.preparation_meeting.display_title
    _follow(page, "Mina nästa möten", meeting, meeting)
    _follow(
        page,
        "Protokoll att justera",
        f"Justera protokollet från {work.alice_minutes.meeting.display_title}",
        work.alice_minutes.meeting.display_title,
    )
    _follow(page, "Mina åtaganden", work.alice_commitment.title, work.alice_commitment.title)
    # Planners follow up every late measure of the municipality.
    title = work.police_measure.title
    _follow(page, "Uppföljningar av åtgärder", f"Följ upp {title}", f"Uppföljning av {title}")
    rounds = _section(page, "Rapportering som saknas")
    expect(rounds).to_contain_text("Polisen LPO Testby")
    expect(rounds).to_contain_text("Stadsdelsförvaltningen")
    with page.expect_navigation():
        rounds.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Veckorapportering vecka")
    page.goto(_start(world))
    _follow(
        page,
        "Lägesbilder att fastställa",
        "Norra Testby, oktober 2026",
        "Lägesbild Norra Testby, oktober 2026",
    )
    changes = _section(page, re.compile("^Nytt"))
    # SSPF Norra is alice's group: as coordinator she sees its meeting's change too.
    expect(changes).to_contain_text(work.sspf_meeting.display_title)
    _follow(page, re.compile("^Nytt"), work.bob_late.title, work.bob_late.title)
    expect(page.get_by_role("main")).not_to_contain_text("Annanstad")


def test_member_sees_only_his_own_work(
    page: Page, world: World, work: Work, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(page, "bob")
    _lands_on_start(page, world)
    assert_no_axe_violations(page)
    main = page.get_by_role("main")
    # Carol's commitment is not bob's work (he may still see, under "Nytt", that it changed:
    # it belongs to a group of his).
    expect(_section(page, "Mina åtaganden")).not_to_contain_text(work.carol_commitment.title)
    expect(main).not_to_contain_text("SSPF")
    expect(_section(page, "Lägesbilder att fastställa")).to_contain_text(
        "Inga lägesbilder väntar på att fastställas av dig."
    )
    expect(_section(page, "Mina åtaganden")).to_contain_text("Försenat")

    meeting = work.steering_meeting.display_title
    _follow(page, "Mina nästa möten", meeting, meeting)
    held = work.bob_minutes.meeting.display_title
    start = page.url
    with page.expect_navigation():
        _section(page, "Protokoll att justera").get_by_role(
            "link", name=f"Justera protokollet från {held}"
        ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(held)
    expect(page.get_by_role("button", name="Justera protokollet")).to_be_visible()
    page.goto(start)
    _follow(page, "Mina åtaganden", work.police_commitment.title, work.police_commitment.title)
    # Not his working group's: he reads the measure, its group writes the follow-up.
    title = work.police_measure.title
    _follow(page, "Uppföljningar av åtgärder", title, title)
    rounds = _section(page, "Rapportering som saknas")
    expect(rounds).not_to_contain_text("Stadsdelsförvaltningen")
    with page.expect_navigation():
        rounds.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Veckorapportering vecka")


def test_reader_sees_his_groups_work_and_what_he_does_not_do(
    page: Page, world: World, work: Work, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(page, "dave")
    _lands_on_start(page, world)
    assert_no_axe_violations(page)
    expect(_section(page, "Rapportering som saknas")).to_contain_text(
        "Du rapporterar inte händelser med din behörighet"
    )

    meeting = work.safety_meeting.display_title
    _follow(page, "Mina nästa möten", meeting, meeting)
    held = work.carol_minutes.meeting.display_title
    _follow(page, "Protokoll att justera", f"Justera protokollet från {held}", held)
    _follow(page, "Mina åtaganden", work.dave_commitment.title, work.dave_commitment.title)
    title = work.safety_measure.title
    _follow(page, "Uppföljningar av åtgärder", f"Följ upp {title}", f"Uppföljning av {title}")
    _follow(
        page,
        "Lägesbilder att fastställa",
        "Testby, oktober 2026",
        "Lägesbild Testby, oktober 2026",
    )


def test_the_start_page_works_on_a_phone(
    phone_page: Page, world: World, work: Work, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    for username in ("alice", "bob", "dave"):
        login(phone_page, username)
        _lands_on_start(phone_page, world)
        assert_no_axe_violations(phone_page)
        # Nothing wider than the screen: the lists wrap instead of scrolling sideways.
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{username}: the page is {width} px wide"
        phone_page.context.clear_cookies()  # the next person signs in on the same phone
