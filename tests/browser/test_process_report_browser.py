"""The annual report's PDF from the page: the link shows a progress bar and a status line while
the PDF is made, then saves it; the page passes axe-core before and after."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from samverka.core.testing import World

pytestmark = pytest.mark.browser


def test_the_pdf_link_shows_its_progress_and_saves_the_pdf(
    page: Page,
    world: World,
    login: Callable[[Page, str], None],
    assert_no_axe_violations: Callable[[Page], None],
) -> None:
    login(page, "dave")
    page.goto(reverse("process:annual_report", kwargs={"municipality": "testby", "year": 2025}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Årlig uppföljning 2025")
    progress = page.get_by_label("Förlopp för PDF:en")
    expect(progress).to_be_hidden()
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF med orsaksanalyser och diagram").click()
    assert download.value.suggested_filename == "arsrapport-testby-2025.pdf"
    expect(progress).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("PDF:en är klar och sparad.")
    assert_no_axe_violations(page)
