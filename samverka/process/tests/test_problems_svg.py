"""The cause analysis as SVG: well-formed, accessible, deterministic, with the texts."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree

from samverka.core.testing import World
from samverka.process.causes_svg import cause_analysis_svg
from samverka.process.services import problems as services
from samverka.process.tests.problem_factories import make_problem

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def _analysis(world: World):  # type: ignore[no-untyped-def]
    problem = make_problem(world, "Otrygghet & rån <vid> torget")
    services.analysis_update(
        problem=problem,
        user=world.alice,
        offender="Unga män",
        place="Torget efter 21",
        guardian="Väktare saknas",
        place_manager="Fastighetsbolaget",
    )
    root = services.cause_add(
        problem=problem,
        user=world.alice,
        title="Mörkt på torget",
        side="place",
        certainty="established",
    )
    services.cause_add(
        problem=problem,
        user=world.alice,
        title="Trasig belysning",
        side="place",
        certainty="assumed",
        parent=root,
    )
    return services.analysis_of(problem)


def test_svg_is_well_formed_and_accessible(world: World) -> None:
    svg = cause_analysis_svg(_analysis(world))
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and "Otrygghet & rån <vid> torget" in (title.text or "")
    assert desc is not None and desc.text
    labelled = root.get("aria-labelledby", "").split()
    assert title.get("id") in labelled and desc.get("id") in labelled


def test_svg_contains_the_texts_and_certainty_in_words(world: World) -> None:
    svg = cause_analysis_svg(_analysis(world))
    texts = " ".join(t.text or "" for t in ElementTree.fromstring(svg).iter(f"{SVG}text"))
    for expected in (
        "Unga män",
        "Torget efter 21",
        "Fastighetsbolaget",
        "Mörkt på torget",
        "Trasig belysning",
        "[Belagd]",
        "[Antagande]",
        "Gärningsperson",
        "Platsansvarig",
    ):
        assert expected in texts, expected
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched


def test_svg_is_deterministic(world: World) -> None:
    analysis = _analysis(world)
    assert cause_analysis_svg(analysis) == cause_analysis_svg(analysis)


def test_an_empty_analysis_still_draws(world: World) -> None:
    problem = make_problem(world)
    svg = cause_analysis_svg(services.analysis_of(problem))
    assert "Inga orsaker beskrivna ännu." in svg
    ElementTree.fromstring(svg)


def test_svg_embeds_in_a_pdf(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    from samverka.core.pdf import html_to_pdf

    svg = cause_analysis_svg(_analysis(world))
    pdf = html_to_pdf(
        f"<!DOCTYPE html><html lang='sv'><body><h1>Orsaksanalys</h1>{svg}</body></html>"
    )
    path = tmp_path / "orsaksanalys.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Trasig belysning" in text
    assert "Fastighetsbolaget" in text
