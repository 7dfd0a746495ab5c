"""A reader opens an area's fact sheet and downloads it as PDF (queued as a background task, with
the queue's state and the progress; a failed printing can be tried again); the pages pass
axe-core.

The worker is the test itself: the live server queues the task (committed, as these tests are
transactional) and ``run_queued()`` runs it in the test's thread while the page polls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import Page, expect

from samverka.background.worker import run_queued
from samverka.core.testing import World
from samverka.reports import jobs

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


def test_reader_opens_a_fact_sheet_and_downloads_the_pdf(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(page, "dave")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Rapporter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporter")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Visa faktabladet för Norra Testby").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Primärområde Norra Testby")
    expect(page.locator(".fs-figures")).to_contain_text("uppgift saknas")
    assert_no_axe_violations(page)

    cache.clear()  # printed now, in the background, not served from an earlier test's cache
    page.get_by_role("link", name="Ladda ner som PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Faktablad som PDF: Primärområde Norra Testby"
    )
    expect(page.get_by_role("status")).to_contain_text("PDF:en skapas – I kö")
    assert_no_axe_violations(page)
    page.reload()  # a reload while it waits queues nothing more
    expect(page.get_by_role("status")).to_contain_text("I kö")
    assert run_queued() == 1
    expect(page.get_by_role("status")).to_contain_text("PDF:en är klar.", timeout=60_000)
    assert_no_axe_violations(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ner PDF:en").click()
    download = info.value
    assert download.suggested_filename == "faktablad-norra-testby.pdf"
    path = download.path()
    assert path is not None
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_printing_that_keeps_failing_offers_to_try_again(
    page: Page,
    world: World,
    login: Login,
    assert_no_axe_violations: AxeCheck,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = [True]
    original = jobs.print_pdf

    def printer(htmls: Any, **kwargs: Any) -> bytes:
        if broken[0]:
            raise OSError("the printer ran out of memory")
        return original(htmls, **kwargs)

    monkeypatch.setattr(jobs, "print_pdf", printer)
    cache.clear()
    login(page, "dave")
    page.goto(
        reverse("reports:factsheet_pdf_job", kwargs={"municipality": "testby", "pk": world.area.pk})
    )
    expect(page.get_by_role("status")).to_contain_text("I kö")
    run_queued()
    expect(page.get_by_role("status")).to_contain_text("Misslyckades, nytt försök kl. ")
    for _ in range(2):  # the backoff passes at once, and the last two tries fail as well
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        run_queued()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("PDF:en kunde inte skapas. Misslyckades efter 3 försök.")
    assert_no_axe_violations(page)

    broken[0] = False  # mended
    page.get_by_role("button", name="Försök igen").click()
    expect(page.get_by_role("status")).to_contain_text("PDF:en skapas – I kö")
    run_queued()
    expect(page.get_by_role("status")).to_contain_text("PDF:en är klar.", timeout=60_000)
    expect(page.get_by_role("link", name="Ladda ner PDF:en")).to_be_visible()


def test_coordinator_edits_a_guidance_box(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    login(page, "alice")
    page.goto(reverse("reports:text_list", kwargs={"municipality": "testby"}))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Brå – Uppföljning").click()
    assert_no_axe_violations(page)
    page.get_by_label("Text").fill("Vi följer upp varje kvartal.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("är sparad")
    expect(page.locator("main")).to_contain_text("kommunens egen")


def test_the_angered_example_pages_pass_axe(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    from samverka.areas.models import Area
    from samverka.stats.testing import load_angered_example

    municipality = load_angered_example()
    angered = Area.objects.get(municipality=municipality, name="Angered")
    login(page, "root")  # the platform admin sees every municipality
    page.goto(reverse("reports:factsheet", kwargs={"municipality": "goteborg", "pk": angered.pk}))
    expect(page.locator(".fs-figures")).to_contain_text("53\u00a0758 invånare (2018)")
    assert_no_axe_violations(page)
    page.goto(
        reverse("stats:compare", kwargs={"municipality": "goteborg"}) + f"?omrade={angered.pk}"
    )
    expect(page.locator("main")).to_contain_text("11\u00a0219")
    assert_no_axe_violations(page)


def test_the_fact_sheet_fits_a_phone(phone_page: Page, world: World, login: Login) -> None:
    login(phone_page, "dave")
    phone_page.goto(
        reverse("reports:factsheet", kwargs={"municipality": "testby", "pk": world.area.pk})
    )
    widths = phone_page.evaluate(
        "({page: document.documentElement.scrollWidth, screen: window.innerWidth})"
    )
    assert widths["page"] <= widths["screen"], widths
