"""The "Används i" box: what a registered source links from an object, as the viewer may see it,
under a heading with a list; nothing at all without links or without a viewer."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.template import Context, Template

from samverka.accounts.access import Access
from samverka.core.extensions import (
    RelatedLink,
    register_related_links,
    related_links,
    unregister_related_links,
)
from samverka.core.testing import World

pytestmark = pytest.mark.django_db

TAG = Template(
    '{% load related %}{% related_links "situation.SituationReport" obj %}'
    '{% related_links "situation.SituationReport" obj level=3 %}'
)


def source(subject: str, obj: Any, access: Access) -> list[RelatedLink]:
    if subject != "situation.SituationReport":
        return []
    links = [RelatedLink("Otrygghet i Hammarkullen", "/k/testby/arbete/problem/1/", "Problem")]
    if access.is_coordinator:
        links.append(RelatedLink("<b>Utkast</b>", "/k/testby/arbete/problem/2/"))
    return links


@pytest.fixture
def registered() -> Iterator[None]:
    register_related_links("test-problems", source)
    yield
    unregister_related_links("test-problems")


def render(access: Access | None, obj: Any) -> str:
    return TAG.render(Context({"access": access, "obj": obj}))


def test_the_box_has_a_heading_and_a_list_of_links(world: World, registered: None) -> None:
    html = render(Access.for_user(world.dave, world.testby), SimpleNamespace(pk=7))
    assert html.count("<section") == 2
    assert '<h2 id="anvands-i-situationsituationreport-7">Används i</h2>' in html
    assert '<h3 id="anvands-i-situationsituationreport-7">Används i</h3>' in html
    assert 'aria-labelledby="anvands-i-situationsituationreport-7"' in html
    assert (
        '<li><a href="/k/testby/arbete/problem/1/">Otrygghet i Hammarkullen</a> – Problem</li>'
        in html
    )
    # The source decides per viewer: the reader does not get the coordinator's link.
    assert "Utkast" not in html


def test_labels_are_escaped(world: World, registered: None) -> None:
    html = render(Access.for_user(world.alice, world.testby), SimpleNamespace(pk=7))
    assert "&lt;b&gt;Utkast&lt;/b&gt;" in html
    assert "<b>" not in html


def test_nothing_without_links_or_without_a_viewer(world: World, registered: None) -> None:
    assert render(None, SimpleNamespace(pk=7)).strip() == ""
    assert related_links("areas.Area", object(), Access.for_user(world.dave, world.testby)) == []
    unregister_related_links("test-problems")
    assert render(Access.for_user(world.dave, world.testby), SimpleNamespace(pk=7)).strip() == ""
