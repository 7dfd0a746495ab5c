"""A made-up figure is marked "exempel" where it stands in the fact box — on the page and on the
printed first page — not only in the list of sources at the end."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import transaction

from samverka.areas.models import Area
from samverka.reports.factsheet import build_fact_sheet, example_mark
from samverka.reports.rendering import fact_sheet_html, fact_sheet_pdf
from samverka.reports.tests.test_factsheet_layout import _plain, pdf_text
from samverka.stats.testing import load_angered_example

pytestmark = pytest.mark.django_db

# The example's local survey (examples/statistics/trygghetsundersokning-angered-exempel.csv).
SYNTHETIC_VALUE = "33,1 %"


@pytest.fixture(scope="module")
def angered(django_db_setup: None, django_db_blocker: Any) -> dict[str, Any]:
    """The fact box's HTML and the printed PDF of Angered, made once; the rows are rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        municipality = load_angered_example()
        sheet = build_fact_sheet(Area.objects.get(municipality=municipality, name="Angered"))
        survey = list(sheet.reference.survey)
        html = fact_sheet_html(sheet, for_print=False)
        pdf = fact_sheet_pdf(sheet)
        transaction.set_rollback(True)
    return {"survey": survey, "html": html, "pdf": pdf}


def _fact_box(html: str) -> str:
    start = html.index('<section class="fs-figures"')
    return html[start : html.index("</section>", start)]


def test_the_synthetic_survey_value_is_marked_in_the_fact_box_on_the_page(angered) -> None:
    assert any(f.provenance.is_synthetic for f in angered["survey"])
    box = _plain(re.sub(r"<[^>]+>", "", _fact_box(angered["html"])))

    assert f"{SYNTHETIC_VALUE} (exempel)" in box
    # The published figures from Brå's fact sheet are not marked.
    assert "53 758 invånare (2018) (exempel)" not in box
    assert "53 758 invånare (2018)" in box


def test_the_synthetic_survey_value_is_marked_on_the_printed_first_page(angered) -> None:
    lines = pdf_text(angered["pdf"], page=1, layout=True).splitlines()
    row = next(i for i, line in enumerate(lines) if SYNTHETIC_VALUE in line)
    column = lines[row].index(SYNTHETIC_VALUE)

    # In the value's own cell: after it on its line, or wrapped right beneath it.
    after = lines[row][column + len(SYNTHETIC_VALUE) :].lstrip()
    beneath = lines[row + 1][column : column + len("(exempel)")]
    assert after.startswith("(exempel)") or beneath == "(exempel)", "\n".join(lines[row : row + 2])


def test_a_real_figure_has_no_mark(angered) -> None:
    real = [f for f in angered["survey"] if not f.provenance.is_synthetic]
    assert all(example_mark(f) == "" for f in real)
    assert all(example_mark(f) == " (exempel)" for f in angered["survey"] if f not in real)
