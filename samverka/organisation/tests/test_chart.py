from __future__ import annotations

import itertools
import random
import struct
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.core.testing import make_area, make_group, make_municipality
from samverka.organisation.chart import (
    BOX_PAD,
    NAME_SIZE,
    SECONDARY_TEXT,
    STYLE_BY_TIER,
    TEXT_COLOUR,
    ChartBox,
    ChartLayout,
    EdgeKind,
    build_chart,
    render_png,
    render_svg,
    text_width,
)
from samverka.organisation.models import Cadence, Group, GroupKind, Mandate

SVG = "{http://www.w3.org/2000/svg}"
AREAS = [
    "Lövgärdet",
    "Rannebergen",
    "Gårdstensberget",
    "Angereds Centrum",
    "Agnesberg",
    "Hammarkullen",
    "Linnarhult",
    "Gunnilse",
    "Bergum",
    "Hjällbo",
    "Eriksbo",
]


def make_realistic(municipality: Municipality) -> list[Group]:
    """Three top groups, a coordination unit, 11 areas with two groups each, working groups."""
    steering = make_group(
        municipality,
        "Ledningsgruppen Trygg i Angered",
        kind=GroupKind.STEERING,
        mandate=Mandate.DECIDES,
        cadence=Cadence.TIMES_PER_YEAR,
        meetings_per_year=6,
    )
    council = make_group(
        municipality,
        "Trygghetsrådet i Angered",
        kind=GroupKind.COUNCIL,
        mandate=Mandate.ADVISES,
        cadence=Cadence.TIMES_PER_YEAR,
        meetings_per_year=4,
        reports_to=steering,
    )
    preparation = make_group(
        municipality,
        "Beredningsgruppen",
        kind=GroupKind.PREPARATION,
        mandate=Mandate.PREPARES,
        cadence=Cadence.EVERY_N_WEEKS,
        interval_weeks=2,
        reports_to=steering,
    )
    preparation.coordinates.add(steering, council)
    unit = make_group(
        municipality,
        "Trygghetssamordningen",
        kind=GroupKind.COORDINATION_UNIT,
        reports_to=steering,
    )
    groups = [steering, council, preparation, unit]
    for name in (
        "Arbetsgrupp trygga stråk och belysning",
        "Arbetsgrupp sommarlov",
        "Arbetsgrupp A",
    ):
        groups.append(
            make_group(municipality, name, appointed_by=preparation, reports_to=preparation)
        )
    root = make_area(municipality, "Angered")
    for area_name in AREAS:
        area = make_area(municipality, area_name, parent=root)
        safety = make_group(
            municipality,
            f"Trygghetsgruppen {area_name}",
            kind=GroupKind.AREA_SAFETY,
            area=area,
            reports_to=preparation,
        )
        unit.coordinates.add(safety)
        sspf = make_group(
            municipality,
            f"SSPF {area_name}",
            kind=GroupKind.SSPF,
            area=area,
            reports_to=preparation,
        )
        groups += [safety, sspf]
    return groups


def relation_count(groups: list[Group]) -> int:
    ids = {group.pk for group in groups}
    count = 0
    for group in groups:
        count += group.reports_to_id in ids
        count += group.appointed_by_id in ids
        count += sum(1 for pk in group.coordinates.values_list("pk", flat=True) if pk in ids)
    return count


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def rect(box: ChartBox) -> tuple[float, float, float, float]:
    return (box.x, box.y, box.w, box.h)


def crosses_interior(p: tuple[float, float], q: tuple[float, float], box: ChartBox) -> bool:
    """Does the axis-parallel segment pq run through the inside of the box?"""
    (x1, y1), (x2, y2) = p, q
    left, right = min(x1, x2), max(x1, x2)
    top, bottom = min(y1, y2), max(y1, y2)
    return (
        left < box.right - 0.5
        and right > box.x + 0.5
        and top < box.bottom - 0.5
        and (bottom > box.y + 0.5)
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is valid XML


@pytest.fixture
def angered(db) -> Municipality:  # type: ignore[no-untyped-def]
    return make_municipality("Angered", "angered")


@pytest.fixture
def realistic(angered) -> tuple[list[Group], ChartLayout]:  # type: ignore[no-untyped-def]
    groups = make_realistic(angered)
    return groups, build_chart(angered)


def test_every_group_is_a_box_and_every_relation_an_edge(realistic):
    groups, layout = realistic

    assert sorted(box.group_id for box in layout.boxes) == sorted(g.pk for g in groups)
    assert len(layout.edges) == relation_count(groups) == 44


def test_edges_point_from_source_to_target(realistic):
    groups, layout = realistic
    by_name = {group.name: group for group in groups}
    steering, preparation = by_name["Ledningsgruppen Trygg i Angered"], by_name["Beredningsgruppen"]

    reports = {(e.source_id, e.target_id) for e in layout.edges if e.kind == EdgeKind.REPORTS_TO}
    appoints = {(e.source_id, e.target_id) for e in layout.edges if e.kind == EdgeKind.APPOINTS}
    assert (preparation.pk, steering.pk) in reports
    assert (preparation.pk, by_name["Arbetsgrupp sommarlov"].pk) in appoints
    for edge in layout.edges:
        source, target = layout.box_for(edge.source_id), layout.box_for(edge.target_id)
        (sx, sy), (tx, ty) = edge.points[0], edge.points[-1]
        assert source.x - 0.5 <= sx <= source.right + 0.5 and source.y <= sy <= source.bottom
        assert target.x - 0.5 <= tx <= target.right + 0.5 and target.y <= ty <= target.bottom


def test_boxes_and_panels_do_not_overlap(realistic):
    _groups, layout = realistic

    for a, b in itertools.combinations(layout.boxes, 2):
        assert not overlaps(rect(a), rect(b)), (a.name, b.name)
    for a, b in itertools.combinations(layout.panels, 2):
        assert not overlaps((a.x, a.y, a.w, a.h), (b.x, b.y, b.w, b.h))
    for box in layout.boxes:
        assert box.x >= 0 and box.right <= layout.width
        assert box.y >= 0 and box.bottom <= layout.height


def test_area_groups_sit_in_their_area_panel(realistic):
    _groups, layout = realistic

    assert len(layout.panels) == len(AREAS)
    for panel in layout.panels:
        assert len(panel.boxes) == 2
        assert panel.boxes[0].kind == GroupKind.AREA_SAFETY
        assert panel.boxes[1].kind == GroupKind.SSPF
        for box in panel.boxes:
            assert panel.x < box.x and box.right < panel.x + panel.w
            assert panel.y < box.y and box.bottom < panel.y + panel.h
    # A compact grid: 11 areas take three rows, not eleven.
    assert len({panel.y for panel in layout.panels}) == 3


def test_tiers_put_decisions_on_top_and_areas_at_the_bottom(realistic):
    _groups, layout = realistic
    y = {box.name: box.y for box in layout.boxes}

    assert y["Ledningsgruppen Trygg i Angered"] == y["Trygghetsrådet i Angered"]
    assert y["Trygghetsrådet i Angered"] < y["Beredningsgruppen"]
    assert y["Beredningsgruppen"] < y["Trygghetssamordningen"] == y["Arbetsgrupp sommarlov"]
    assert y["Arbetsgrupp sommarlov"] < min(y[f"SSPF {name}"] for name in AREAS)


def test_no_edge_runs_through_a_box(realistic):
    _groups, layout = realistic

    for edge in layout.edges:
        for p, q in itertools.pairwise(edge.points):
            assert p[0] == q[0] or p[1] == q[1], "edges are orthogonal"
            for box in layout.boxes:
                if box.group_id in (edge.source_id, edge.target_id):
                    continue
                assert not crosses_interior(p, q, box), (edge, box.name)


def test_edges_that_skip_a_tier_climb_between_boxes(angered):
    steering = make_group(angered, "Styrgrupp", kind=GroupKind.STEERING, mandate=Mandate.DECIDES)
    make_group(angered, "Beredning", kind=GroupKind.PREPARATION, mandate=Mandate.PREPARES)
    for number in range(3):
        make_group(angered, f"Arbetsgrupp {number}")
    area = make_area(angered, "Centrum")
    sspf = make_group(angered, "SSPF Centrum", kind=GroupKind.SSPF, area=area, reports_to=steering)

    layout = build_chart(angered)

    [edge] = layout.edges
    assert edge.source_id == sspf.pk and edge.target_id == steering.pk
    for p, q in itertools.pairwise(edge.points):
        for box in layout.boxes:
            if box.group_id not in (sspf.pk, steering.pk):
                assert not crosses_interior(p, q, box), box.name


def test_long_names_wrap_within_the_box(angered):
    long_name = "Arbetsgruppen för trygghetsskapande åtgärder i och omkring Hammarkullens centrum"
    unbreakable = "Brottsförebyggandesamordningsarbetsgruppsmötesplanering"
    make_group(angered, long_name)
    make_group(angered, unbreakable)

    layout = build_chart(angered)

    for box in layout.boxes:
        assert len(box.name_lines) > 1
        for line in box.name_lines:
            assert text_width(line, NAME_SIZE, bold=True) <= box.w - 2 * BOX_PAD
    # Wrapped, never cut: every word of the name is drawn.
    long_box = next(box for box in layout.boxes if box.name == long_name)
    assert " ".join(long_box.name_lines) == long_name
    assert not any(line.endswith("…") for box in layout.boxes for line in box.name_lines)
    # The full name stays available as the box's accessible title.
    assert f"<title>{long_name}</title>" in render_svg(layout, title="Schema")


def test_the_svg_is_valid_accessible_xml(realistic):
    groups, layout = realistic

    svg = render_svg(layout, title="Organisation för det brottsförebyggande arbetet i Angered")

    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    linked = parse(render_svg(layout, title="Schema", link_prefix="/k/x/grupper/"))
    assert linked.get("role") == "group"  # an image may not contain links
    assert "DejaVu Sans" in (root.get("font-family") or "")
    assert root.findtext(f"{SVG}title") == (
        "Organisation för det brottsförebyggande arbetet i Angered"
    )
    description = root.findtext(f"{SVG}desc") or ""
    assert "Beredningsgruppen rapporterar till Ledningsgruppen Trygg i Angered." in description
    box_titles = {
        element.findtext(f"{SVG}title")
        for element in root.iter()
        if element.get("class") == "orgchart-group"
    }
    assert box_titles == {group.name for group in groups}
    edges = [
        e for e in root.iter(f"{SVG}path") if (e.get("class") or "").startswith("orgchart-edge ")
    ]
    assert len(edges) == relation_count(groups)
    assert {e.get("class") for e in edges} == {
        "orgchart-edge orgchart-edge-reports_to",
        "orgchart-edge orgchart-edge-appoints",
        "orgchart-edge orgchart-edge-coordinates",
    }


def test_boxes_link_to_the_group_pages_only_with_a_prefix(realistic):
    groups, layout = realistic

    linked = parse(render_svg(layout, title="x", link_prefix="/k/angered/grupper/"))
    unlinked = parse(render_svg(layout, title="x"))

    hrefs = {a.get("href") for a in linked.iter(f"{SVG}a")}
    assert hrefs == {f"/k/angered/grupper/{group.pk}/" for group in groups}
    assert list(unlinked.iter(f"{SVG}a")) == []


def test_user_input_is_escaped(angered):
    make_group(angered, 'Grupp <script>alert("x")</script> & co')
    make_group(angered, "Kontroll\x07tecken\x1bgrupp")

    svg = render_svg(build_chart(angered), title="Schema <för> Angered & co")

    assert "<script>" not in svg
    root = parse(svg)
    texts = {"".join(element.itertext()) for element in root.iter(f"{SVG}title")}
    assert 'Grupp <script>alert("x")</script> & co' in texts
    assert "Kontrollteckengrupp" in texts
    assert "Schema <för> Angered & co" in texts


def test_the_text_colours_meet_wcag_contrast(realistic):
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a: str, b: str) -> float:
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    fills = [fill for fill, _stroke in STYLE_BY_TIER.values()] + ["#ffffff", "#f4f5f7"]
    for fill in fills:
        assert contrast(TEXT_COLOUR, fill) >= 4.5
        assert contrast(SECONDARY_TEXT, fill) >= 4.5
    # And the SVG uses no other text colour.
    svg = render_svg(realistic[1], title="x")
    assert {e.get("fill") for e in parse(svg).iter(f"{SVG}text")} <= {TEXT_COLOUR, SECONDARY_TEXT}


def test_the_png_has_the_png_signature_and_the_svg_size(realistic):
    _groups, layout = realistic
    svg = render_svg(layout, title="Organisation")
    root = parse(svg)

    png = render_png(svg, zoom=1.0)

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (int(root.get("width", "0")), int(root.get("height", "0")))
    assert 900 < width < 2000 and 900 < height < 2000
    # Text is rendered (a chart of empty boxes would compress far smaller).
    assert len(png) > 50_000


def test_ended_and_other_municipalities_groups_are_left_out(world):
    world.preparation.end_date = timezone.localdate() - timedelta(days=1)
    world.preparation.save()

    layout = build_chart(world.testby)

    names = {box.name for box in layout.boxes}
    assert names == {"Styrgruppen", "Trygghetsgruppen Norra"}
    assert layout.edges == ()  # the only relations went through the ended group
    assert world.other_group.name not in render_svg(layout, title="x")


def test_an_organisation_without_groups_gives_an_empty_chart(angered):
    layout = build_chart(angered)

    svg = render_svg(layout, title="Tomt")

    assert layout.boxes == () and layout.edges == ()
    assert "Inga grupper är registrerade." in svg
    assert render_png(svg)[:4] == b"\x89PNG"


def test_building_the_chart_takes_three_queries(realistic, angered, django_assert_num_queries):
    # Groups, coordination, specialist functions; the actors only for a chart of few groups.
    with django_assert_num_queries(3):
        build_chart(angered)


@pytest.mark.parametrize("seed", range(1, 9))
def test_random_organisations_lay_out_cleanly(angered, seed):
    """Whatever the relations, boxes never overlap and lines never run through a box."""
    rng = random.Random(seed)
    kinds = [
        (GroupKind.STEERING, Mandate.DECIDES),
        (GroupKind.COUNCIL, Mandate.ADVISES),
        (GroupKind.PREPARATION, Mandate.PREPARES),
        (GroupKind.COORDINATION_UNIT, Mandate.CARRIES_OUT),
        (GroupKind.WORKING, Mandate.CARRIES_OUT),
        (GroupKind.OTHER, Mandate.DECIDES),
        (GroupKind.AREA_SAFETY, Mandate.CARRIES_OUT),
        (GroupKind.SSPF, Mandate.CARRIES_OUT),
    ]
    areas = [make_area(angered, f"Område {n}") for n in range(rng.randint(1, 7))]
    groups = []
    for number in range(rng.randint(8, 30)):
        kind, mandate = rng.choice(kinds)
        area = rng.choice(areas) if kind in (GroupKind.AREA_SAFETY, GroupKind.SSPF) else None
        groups.append(
            make_group(
                angered,
                f"Grupp {number} " * rng.randint(1, 4),
                kind=kind,
                mandate=mandate,
                area=area,
            )
        )
    for group in groups:
        group.reports_to = rng.choice([None, *groups])
        group.appointed_by = rng.choice([None, None, *groups])
        group.save()
        group.coordinates.set(rng.sample(groups, rng.randint(0, 2)))

    layout = build_chart(angered)

    assert len(layout.edges) == relation_count(groups) - sum(
        (g.reports_to_id == g.pk)
        + (g.appointed_by_id == g.pk)
        + g.coordinates.filter(pk=g.pk).count()
        for g in groups
    )
    for a, b in itertools.combinations(layout.boxes, 2):
        assert not overlaps(rect(a), rect(b)), (a.name, b.name)
    for edge in layout.edges:
        assert all(0 <= x <= layout.width and 0 <= y <= layout.height for x, y in edge.points)
        for p, q in itertools.pairwise(edge.points):
            assert p[0] == q[0] or p[1] == q[1]
            for box in layout.boxes:
                if box.group_id not in (edge.source_id, edge.target_id):
                    assert not crosses_interior(p, q, box), (edge, box.name)
    parse(render_svg(layout, title="x"))
