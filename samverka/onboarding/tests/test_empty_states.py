"""Every main list of a new municipality says what to do next and links to where it is done."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samverka.accounts.models import Municipality, MunicipalityRole, Role
from samverka.core.testing import World
from samverka.onboarding import services
from samverka.stats.reference import ensure_reference_geography


@pytest.fixture
def new_municipality(world: World, client: Client) -> Municipality:
    ensure_reference_geography()
    taby = services.create_municipality_from_reference(code="0160", created_by=world.root)
    MunicipalityRole.objects.create(user=world.olle, municipality=taby, role=Role.COORDINATOR)
    client.force_login(world.olle)
    return taby


def _url(name: str, m: Municipality, **kwargs: str) -> str:
    return reverse(name, kwargs={"municipality": m.slug, **kwargs})


@pytest.mark.parametrize(
    ("page", "says", "action"),
    [
        ("areas:list", "Inga områden ännu.", ("areas:create", {})),
        ("organisation:organisation_list", "Inga aktörer ännu.", ("onboarding_start:index", {})),
        (
            "organisation:group_list",
            "Inga grupper ännu.",
            ("onboarding_start:step", {"step": "grupper"}),
        ),
        ("meetings:index", "Inga grupper ännu.", ("organisation:group_list", {})),
        ("incidents:index", "Inga händelser ännu.", ("incidents:create", {})),
        ("situation:index", "Välj område och period ovan", None),
        ("stats:index", "Kommunen har inga områden ännu.", ("areas:list", {})),
        ("process:index", "Saknas: aktuell lägesbild", ("process:law", {})),
    ],
)
def test_an_empty_page_says_what_to_do_and_links_to_it(
    new_municipality: Municipality,
    client: Client,
    page: str,
    says: str,
    action: tuple[str, dict[str, str]] | None,
) -> None:
    html = client.get(_url(page, new_municipality)).content.decode()
    assert says in html
    if action is None:  # the page's own form is the action
        return
    name, kwargs = action
    assert f'href="{_url(name, new_municipality, **kwargs)}"' in html


def test_a_filter_without_matches_still_says_no_match(
    new_municipality: Municipality, client: Client
) -> None:
    html = client.get(_url("organisation:group_list", new_municipality) + "?kind=sspf")
    assert "Det finns inga grupper som matchar." in html.content.decode()
