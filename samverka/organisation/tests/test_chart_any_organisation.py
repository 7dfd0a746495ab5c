"""The organisation chart fits any organisation: every text stays inside its box (names and the
chart's own title wrap, never cut), a municipality with one group and many actors sees the actors
in the group, and a coordination unit shows its specialist functions. Read back from the SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from samverka.core.testing import make_group, make_municipality, make_organisation
from samverka.organisation.chart import build_chart, render_svg, text_width
from samverka.organisation.models import GroupKind, Mandate, OrganisationMembership
from samverka.organisation.models import SpecialistFunction as Function

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
LONG_TITLE = (
    "Organisation för det brottsförebyggande arbetet i Tierps kommun med Söderfors, Karlholm "
    "och Örbyhus"
)


def _width(element: ET.Element) -> float:
    """The text's width as the chart estimates it (DejaVu Sans advance widths)."""
    bold = element.get("font-weight") == "bold"
    return text_width(element.text or "", float(element.get("font-size") or 0), bold=bold)


def _boxes(root: ET.Element) -> list[tuple[ET.Element, list[ET.Element]]]:
    found = []
    for group in root.iter():
        if (group.get("class") or "") == "orgchart-group":
            rect = next(e for e in group if e.tag == f"{SVG}rect")
            found.append((rect, [e for e in group if e.tag == f"{SVG}text"]))
    return found


def _assert_everything_fits(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    for rect, texts in _boxes(root):
        right = float(rect.get("x") or 0) + float(rect.get("width") or 0)
        for text in texts:
            assert float(text.get("x") or 0) + _width(text) <= right, text.text
    width = float(root.get("width") or 0)
    for text in root.iter(f"{SVG}text"):
        assert float(text.get("x") or 0) + _width(text) <= width, text.text
    return root


def test_a_long_chart_title_wraps_inside_a_small_municipalitys_chart() -> None:
    town = make_municipality("Tierps kommun", "tierp")
    make_group(town, "Brottsförebyggande rådet", kind=GroupKind.STEERING, mandate=Mandate.DECIDES)

    root = _assert_everything_fits(render_svg(build_chart(town), title=LONG_TITLE))

    top = [e.text or "" for e in root if e.tag == f"{SVG}text"]
    assert " ".join(top) == LONG_TITLE
    assert root.findtext(f"{SVG}title") == LONG_TITLE
    assert root.get("role") == "img"


def test_without_a_drawn_title_the_title_stays_the_accessible_name() -> None:
    town = make_municipality("Tierps kommun", "tierp")
    make_group(town, "Brottsförebyggande rådet", kind=GroupKind.STEERING, mandate=Mandate.DECIDES)

    svg = render_svg(build_chart(town), title=LONG_TITLE, show_title=False)
    root = ET.fromstring(svg)  # noqa: S314 - our own output

    assert root.findtext(f"{SVG}title") == LONG_TITLE
    assert not [e for e in root if e.tag == f"{SVG}text"]


def test_every_group_name_is_drawn_whole_and_inside_its_box() -> None:
    town = make_municipality("Långby kommun", "langby")
    names = [
        "Arbetsgruppen för trygghetsskapande åtgärder i och omkring Långbys centrum och "
        "stationsområdet under sommarhalvåret",
        "Brottsförebyggandesamordningsarbetsgruppsmötesplanering",
        "SSPF",
    ]
    for name in names:
        make_group(town, name)

    root = _assert_everything_fits(render_svg(build_chart(town), title="Schema"))

    drawn = set()
    for _rect, texts in _boxes(root):
        bold = [t.text or "" for t in texts if t.get("font-weight") == "bold"]
        drawn.add(" ".join(bold).replace("- ", ""))
    # Wrapped over lines (a word too long for a line split with "-"), never cut with "…".
    assert drawn == set(names)
    assert not any("…" in (t.text or "") for t in root.iter(f"{SVG}text"))


def test_one_group_with_many_actors_shows_the_actors_in_the_group() -> None:
    town = make_municipality("Enby kommun", "enby")
    council = make_group(
        town, "Brottsförebyggande rådet", kind=GroupKind.COUNCIL, mandate=Mandate.DECIDES
    )
    actors = ["Polisen", "Socialtjänsten", "Skolan", "Fritidsgården", "Bostadsbolaget", "Kyrkan"]
    for name in actors:
        OrganisationMembership.objects.create(
            group=council, organisation=make_organisation(town, name)
        )

    root = _assert_everything_fits(render_svg(build_chart(town), title="Schema"))

    texts = {t.text for t in root.iter(f"{SVG}text")}
    for name in actors:
        assert f"• {name}" in texts
    # The same in the text equivalent.
    description = root.findtext(f"{SVG}desc") or ""
    assert "I Brottsförebyggande rådet deltar Bostadsbolaget, Fritidsgården" in description


def test_a_coordination_units_specialist_functions_are_drawn() -> None:
    town = make_municipality("Storby kommun", "storby")
    unit = make_group(town, "Trygghetssamordningen", kind=GroupKind.COORDINATION_UNIT)
    functions = ["Ungdomskriminalitet", "Våldsbejakande extremism", "Trygghetsvandringar"]
    for name in functions:
        Function.objects.create(group=unit, name=name)
    for index in range(4):  # enough groups that actors are not listed
        make_group(town, f"Arbetsgrupp {index}")

    root = _assert_everything_fits(render_svg(build_chart(town), title="Schema"))

    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert "Specialistfunktioner:" in texts
    for name in functions:
        assert f"• {name}" in texts
    assert "Trygghetssamordningen har specialistfunktionerna" in (root.findtext(f"{SVG}desc") or "")
