"""The main menu: built from the entries the apps register, in their order, only what the viewer
may see, the page's own entry marked with aria-current, an entry without a page left out, and
nothing asked of the database by a page that does not show it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext_lazy

from samverka.core.extensions import NavEntry, nav_entries, register_nav, unregister_nav
from samverka.core.navigation import main_nav
from samverka.core.testing import World, make_group, make_membership
from samverka.organisation.models import GroupKind

pytestmark = pytest.mark.django_db

MENU = re.compile(r'<nav aria-label="Huvudmeny" class="main-nav"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"( aria-current="page")?\s*>([^<]+)</a>')


def menu(client, url: str) -> list[tuple[str, str, bool]]:  # type: ignore[no-untyped-def]
    """(label, href, current) of each menu link on the page at ``url``."""
    response = client.get(url)
    assert response.status_code == 200
    found = MENU.search(response.content.decode())
    assert found is not None
    return [
        (label.strip(), href, bool(current))
        for href, current, label in LINK.findall(found.group(1))
    ]


def groups_url(world: World) -> str:
    return reverse("organisation:group_list", kwargs={"municipality": world.testby.slug})


@pytest.fixture
def sspf_member(world: World) -> World:
    """Carol sits in the area's SSPF group."""
    group = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF, area=world.area)
    make_membership(group, world.carol_person)
    return world


@pytest.fixture
def nowhere() -> Iterator[NavEntry]:
    """An entry whose page does not exist (an app still being built)."""
    entry = NavEntry(
        name="test-nowhere", label="Ingenstans", url_name="nowhere:index", nav="x", order=12
    )
    register_nav(entry)
    yield entry
    unregister_nav(entry.name)


def test_the_coordinator_sees_every_app_in_order_with_the_page_marked(client, world: World):
    client.force_login(world.alice)
    items = menu(client, groups_url(world))
    labels = [label for label, _href, _current in items]
    assert labels[0] == "Testby kommun"
    # Grouped by what people do: the organisation, meetings, reporting and the lägesbild, the
    # follow-up, statistics; each app's entries in their registered order within the group.
    for earlier, later in [
        ("Organisationsschema", "Grupper"),
        ("Hälsokontroll", "Användare"),
        ("Användare", "Möten"),
        ("Möten", "Händelser"),
        ("Händelser", "Lägesbild"),
        ("Lägesbild", "Rapporter"),
        ("Rapporter", "Åtgärdsarbete"),
        ("Åtgärdsarbete", "SSPF"),
        ("SSPF", "Statistik"),
    ]:
        assert labels.index(earlier) < labels.index(later)
    assert [label for label, _href, current in items if current] == ["Grupper"]
    # A coordinator who sits in no SSPF group reaches the counts (the case list is a 404).
    sspf = next(href for label, href, _current in items if label == "SSPF")
    assert sspf == reverse("sspf:counts", kwargs={"municipality": world.testby.slug})


def test_the_menu_names_its_groups_in_order(client, world: World):
    client.force_login(world.alice)
    page = client.get(groups_url(world)).content.decode()
    nav = MENU.search(page)
    assert nav is not None
    titles = re.findall(r'class="main-nav__title[^"]*"[^>]*>([^<]+)<', nav.group(1))
    assert [t.strip() for t in titles] == [
        "Organisation",
        "Möten",
        "Rapportering och lägesbild",
        "Åtgärder och uppföljning",
        "Statistik",
    ]
    # Each group is a list named by its title, holding its entries.
    organisation = re.search(
        r'<ul aria-labelledby="nav-section-organisation">(.*?)</ul>', nav.group(1), re.S
    )
    assert organisation is not None
    assert [label for _href, _current, label in LINK.findall(organisation.group(1))][:2] == [
        "Organisationsschema",
        "Grupper",
    ]


def test_an_entry_without_a_section_stands_alone_before_the_groups(client, world: World):
    register_nav(
        NavEntry(name="test-mine", label="Mitt eget", url_name="organisation:checklist", nav="m")
    )
    try:
        client.force_login(world.alice)
        labels = [label for label, _h, _c in menu(client, groups_url(world))]
        assert labels[0] == "Testby kommun"
        assert labels.index("Mitt eget") < labels.index("Organisationsschema")
    finally:
        unregister_nav("test-mine")


def test_a_reader_sees_neither_users_nor_sspf(client, world: World):
    client.force_login(world.dave)
    labels = [label for label, _href, _current in menu(client, groups_url(world))]
    assert "Möten" in labels and "Lägesbild" in labels
    assert "Användare" not in labels
    assert "SSPF" not in labels


def test_an_sspf_member_reaches_the_cases_and_the_sspf_page_marks_the_entry(
    client, sspf_member: World
):
    world = sspf_member
    client.force_login(world.carol)
    cases = reverse("sspf:case_list", kwargs={"municipality": world.testby.slug})
    items = menu(client, cases)
    assert ("SSPF", cases, True) in items
    # Only SSPF is marked: the SSPF pages set no "nav" of their own.
    assert [label for label, _href, current in items if current] == ["SSPF"]


def test_an_entry_whose_page_does_not_exist_is_left_out(client, world: World, nowhere: NavEntry):
    assert nowhere in nav_entries()
    client.force_login(world.alice)
    labels = [label for label, _href, _current in menu(client, groups_url(world))]
    assert "Ingenstans" not in labels
    assert "Grupper" in labels


def test_an_entry_may_be_for_some_viewers_only(client, world: World):
    register_nav(
        NavEntry(
            name="test-bob",
            label=gettext_lazy("Bobs sida"),
            url_name="organisation:checklist",
            nav="bob",
            order=13,
            visible=lambda access: access.user == world.bob,
        )
    )
    try:
        client.force_login(world.bob)
        assert "Bobs sida" in [label for label, _h, _c in menu(client, groups_url(world))]
        client.force_login(world.carol)
        assert "Bobs sida" not in [label for label, _h, _c in menu(client, groups_url(world))]
    finally:
        unregister_nav("test-bob")


def test_the_menu_costs_no_query_until_a_page_shows_it(world: World):
    request = RequestFactory().get(groups_url(world))
    request.user = world.dave
    with CaptureQueriesContext(connection) as queries:
        context = main_nav(request)
    assert len(queries) == 0
    # Outside a municipality's pages (no Access on the request) the menu is empty.
    assert context["main_nav"]() == []  # type: ignore[operator]


def test_a_page_of_another_municipality_is_still_a_plain_404(client, world: World):
    client.force_login(world.olle)
    response = client.get(groups_url(world))
    assert response.status_code == 404
    assert "Huvudmeny" not in response.content.decode()
