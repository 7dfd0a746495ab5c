"""The fact sheet PDF in Brå's form: four A4 pages, the fact box beside the opening text on page
1, Brå's guidance boxes, the organisation chart in the organisation section on page 3, sources in
small type at the end; never more than four pages, however much a municipality has to say; and
printed once per state of its data (the second download comes from the cache, a change prints
anew), in the background with progress from the fact sheet's button.

Everything is read back from the PDF with pdftotext, as a reader (or a screen reader) gets it.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from samverka.areas.models import Area
from samverka.core.testing import World, make_group
from samverka.organisation.models import Group, GroupKind, Mandate
from samverka.reports import rendering
from samverka.reports import services as reports
from samverka.reports.factsheet import build_fact_sheet
from samverka.reports.rendering import fact_sheet_pdf
from samverka.reports.tests.test_factsheet import ANGERED_FIGURES
from samverka.stats.testing import load_angered_example

# Every test needs the test database; pytest-django creates it only for tests that say so.
pytestmark = pytest.mark.django_db


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def pdf_text(content: bytes, *, page: int | None = None, layout: bool = False) -> str:
    """What pdftotext reads from ``content`` (one page, or all pages separated by form feeds)."""
    assert content.startswith(b"%PDF-")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "faktablad.pdf"
        path.write_bytes(content)
        command = ["/usr/bin/pdftotext", "-enc", "UTF-8"]
        if layout:
            command.append("-layout")
        if page is not None:
            command += ["-f", str(page), "-l", str(page)]
        result = subprocess.run(
            [*command, str(path), "-"], capture_output=True, check=True, timeout=60
        )
    return result.stdout.decode("utf-8")


def pages(content: bytes) -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    return [_plain(text) for text in pdf_text(content).split("\f")[:-1]]


def _angered_pdf() -> bytes:
    municipality = load_angered_example()
    angered = Area.objects.get(municipality=municipality, name="Angered")
    return fact_sheet_pdf(build_fact_sheet(angered))


@pytest.fixture(scope="module")
def angered_pdf(django_db_setup: None, django_db_blocker: Any) -> bytes:
    """Angered's fact sheet PDF, loaded and printed once for the module; the example's rows are
    rolled back at once, so only the printed bytes outlive the fixture."""
    with django_db_blocker.unblock(), transaction.atomic():
        content = _angered_pdf()
        transaction.set_rollback(True)
    return content


# --- Angered: Brå's four pages -------------------------------------------------------------------


def test_angered_is_four_pages_with_every_figure_of_the_seed(angered_pdf: bytes) -> None:
    texts = pages(angered_pdf)
    assert len(texts) == 4
    whole = " ".join(texts)
    for figure in ANGERED_FIGURES:
        assert figure in whole, figure
    # Angered fits without shortening anything.
    assert "förkortade" not in whole
    assert not re.search(r"\b[Oo]ch \d+ \w* ?till\b", whole)


def test_page_one_carries_the_title_the_opening_text_and_the_fact_box(
    angered_pdf: bytes,
) -> None:
    first = _plain(pdf_text(angered_pdf, page=1))
    assert "Stadsdelen Angered" in first
    assert "Det är de lokala omständigheterna" in first
    assert "Minskat problem med otrygghet i Hammarkullen" in first
    for part in ("ANGERED", "Folkmängd:", *ANGERED_FIGURES):
        assert part in first, part
    # Beside the text, not under it: on some line of the page's layout the opening text (left
    # column) and the fact box (right column) stand side by side.
    lines = pdf_text(angered_pdf, page=1, layout=True).splitlines()
    box_line = next(i for i, line in enumerate(lines) if "Folkmängd:" in line)
    left = lines[box_line].partition("Folkmängd:")[0]
    assert left.strip(), "the fact box is not beside the opening text"
    assert len(left) > 20  # the box starts in the right half of the line


def test_bra_guidance_boxes_stand_where_bra_has_them(angered_pdf: bytes) -> None:
    texts = pages(angered_pdf)
    whole = " ".join(texts)
    order = [
        "BRÅ – KOM IGÅNG MED ARBETET",
        "Styrande dokument i Angered",
        "BRÅ – TA FRAM STYRANDE DOKUMENT",
        "BRÅ – ORGANISERA ARBETET – BÅDE STRATEGISKT OCH OPERATIVT",
        "Förslag på organisation",
        "Ledningsgruppen Trygg i Angered",
        "BRÅ – BEREDNINGSGRUPPEN ARBETAR STRATEGISKT",
        "BRÅ – ARBETSGRUPPER ARBETAR OPERATIVT",
        "Organisation för det brottsförebyggande arbetet i ANGERED",
        "Enhet med specialister koordinerar brottsförebyggande arbete",
        "BRÅ – KOMMUNENS SAMORDNARE OCH KOMMUNPOLISEN HAR EN VIKTIG ROLL",
        "KONTAKTA STADSDELEN ANGERED",
        "BRÅ – UPPFÖLJNING",
        "Publikationer från Brå",
        "Källor",
    ]
    positions = [whole.find(part) for part in order]
    assert -1 not in positions, [p for p, at in zip(order, positions, strict=True) if at < 0]
    assert positions == sorted(positions)


def test_the_organisation_chart_is_on_page_three_in_the_organisation_section(
    angered_pdf: bytes,
) -> None:
    texts = pages(angered_pdf)
    chart_page = next(
        i for i, text in enumerate(texts, 1) if "Organisation för det brottsförebyggande" in text
    )
    assert chart_page == 3
    # The chart's own boxes are on that page (WeasyPrint keeps the SVG's text as text).
    assert "Trygghetsgruppen Hammarkullen" in texts[2]
    assert "BRÅ – ARBETSGRUPPER ARBETAR OPERATIVT" in texts[2]


def test_the_sources_end_the_last_page_in_small_type(angered_pdf: bytes) -> None:
    last = pages(angered_pdf)[-1]
    sources = last[last.index("Källor") :]
    assert "Brottsförebyggande rådet (Brå)" in sources
    assert "Faktabladet är skapat av samverka" in sources
    # Small type: the sources' font is smaller than the body's (pdftotext -bbox gives heights).
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.pdf"
        path.write_bytes(angered_pdf)
        bbox = subprocess.run(
            ["/usr/bin/pdftotext", "-bbox", "-f", "4", "-l", "4", str(path), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode("utf-8")
    heights = {
        word: float(y_max) - float(y_min)
        for y_min, y_max, word in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', bbox
        )
    }
    assert heights["Källor"] < heights["Publikationer"]


# --- any municipality: never more than four pages ------------------------------------------------


def test_a_small_municipality_fits_four_pages(world: World) -> None:
    content = fact_sheet_pdf(build_fact_sheet(world.area))
    texts = pages(content)
    assert 1 <= len(texts) <= 4
    first = texts[0]
    assert "Primärområde Norra Testby" in first and "Folkmängd:" in first
    assert "12 345 invånare (2024)" in first
    assert "Det finns 1 trygghetsgrupp: Trygghetsgruppen Norra (Norra Testby)." in " ".join(texts)


def test_a_municipality_with_much_to_say_is_shortened_with_och_n_till_never_overflowing(
    world: World,
) -> None:
    """Forty groups with long purposes, thirty area groups, a rewritten box of twenty points:
    the print keeps what fits Brå's four pages and says how much more there is."""
    purpose = "Gruppen samordnar det lokala brottsförebyggande arbetet i området. " * 12
    for n in range(40):
        make_group(
            world.testby,
            f"Arbetsgrupp {n:02d}",
            kind=GroupKind.WORKING,
            mandate=Mandate.CARRIES_OUT,
            area=world.area,
            purpose=purpose,
        )
    for n in range(30):
        make_group(
            world.testby,
            f"Trygghetsgrupp {n:02d}",
            kind=GroupKind.AREA_SAFETY,
            mandate=Mandate.CARRIES_OUT,
            area=world.area,
        )
    reports.fact_sheet_text_set(
        municipality=world.testby,
        key="kom_igang",
        title="Så kom vi igång",
        body="Vi började så här. " * 80 + "\n\n" + "\n".join(f"- Punkt {n}" for n in range(20)),
        user=world.alice,
    )
    content = fact_sheet_pdf(build_fact_sheet(world.area))
    texts = pages(content)
    assert len(texts) <= 4
    whole = " ".join(texts)
    assert re.search(r"Och \d+ grupper till\.", whole)
    assert re.search(r"och \d+ till", whole)
    assert "hela faktabladet finns i samverka under Rapporter" in whole
    # What is kept is the start, in order: the first group and the first area group.
    assert "Arbetsgrupp 00" in whole and "Trygghetsgrupp 00" in whole


# --- printed once per state of the data -----------------------------------------------------------


def _count_prints(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = rendering.html_to_document

    def counting(html: str, **kwargs: Any) -> Any:
        calls.append(1)
        return original(html, **kwargs)

    monkeypatch.setattr(rendering, "html_to_document", counting)
    return calls


def test_unchanged_data_serve_the_cached_pdf_and_a_change_prints_a_new_one(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.clear()
    prints = _count_prints(monkeypatch)
    first = fact_sheet_pdf(build_fact_sheet(world.area))
    assert len(prints) == 1
    again = fact_sheet_pdf(build_fact_sheet(world.area))
    assert again == first and len(prints) == 1  # from the cache, nothing printed
    Group.objects.filter(pk=world.safety_group.pk).update(name="Trygghetsgruppen Nordväst")
    changed = fact_sheet_pdf(build_fact_sheet(world.area))
    assert len(prints) == 2 and changed != first
    assert "Trygghetsgruppen Nordväst" in _plain(pdf_text(changed))
    # A text of the library is data too.
    reports.fact_sheet_text_set(
        municipality=world.testby,
        key="uppfoljning",
        title="Så följer Testby upp",
        body="Varje kvartal.",
        user=world.alice,
    )
    assert "SÅ FÖLJER TESTBY UPP" in _plain(pdf_text(fact_sheet_pdf(build_fact_sheet(world.area))))
    assert len(prints) == 3


def test_another_municipalitys_area_has_no_pdf_job(world: World, client: Client) -> None:
    client.force_login(world.dave)
    url = reverse(
        "reports:factsheet_pdf_job", kwargs={"municipality": "testby", "pk": world.other_area.pk}
    )
    assert client.get(url).status_code == 404
