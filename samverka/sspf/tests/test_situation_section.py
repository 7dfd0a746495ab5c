"""SSPF's counts in the lägesbild (page, PDF, XLSX) and the annual report: numbers only, small
ones hidden, never a name, a pseudonym, a case or its text."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from samverka.core.testing import World
from samverka.process.annual_report import annual_report_xlsx, build_annual_report
from samverka.situation import services as situation_services
from samverka.situation.models import SituationReport
from samverka.situation.periods import parse_period
from samverka.sspf import services
from samverka.sspf.models import Case, CasePerson, CaseStatus, Subject
from samverka.sspf.selectors import case_counts, period_counts, suppressed
from samverka.sspf.tests.factories import add_person, make_case

PERIOD = parse_period("2026-10")
FEW = "färre än 5"
SECRET_TEXT = "Oro för en elev vid Hemliga skolan."


@pytest.fixture
def report(world: World) -> SituationReport:
    """October 2026 in Norra Testby: 6 concerns about one young person (one named, one closed in
    the month) and 2 about a group raised in the month, 1 about a group from September still
    open."""
    for _ in range(6):
        make_case(world, raised_on=date(2026, 10, 5), description=SECRET_TEXT)
    for _ in range(2):
        make_case(world, raised_on=date(2026, 10, 10), subject=Subject.GROUP)
    make_case(world, raised_on=date(2026, 9, 1), subject=Subject.GROUP)
    named = Case.objects.filter(subject=Subject.INDIVIDUAL).first()
    assert named is not None
    add_person(named, world, name="Ada Hemligsson", age=14)
    services.case_update(
        case=named,
        user=world.bob,
        area=named.area,
        raised_on=named.raised_on,
        raised_by=None,
        sector=named.sector,
        subject=named.subject,
        description=named.description,
        status=CaseStatus.CLOSED,
    )
    # The service closes on today's date; the month of the lägesbild is in the past.
    Case.objects.filter(pk=named.pk).update(closed_on=date(2026, 10, 20))
    return situation_services.report_create(
        municipality=world.testby, area=world.area, period=PERIOD, user=world.alice
    )


def _url(name: str, report: SituationReport) -> str:
    return reverse(f"situation:{name}", kwargs={"municipality": "testby", "pk": report.pk})


def _secrets() -> list[str]:
    person = CasePerson.objects.get()
    return [
        "Ada",
        "Hemligsson",
        person.pseudonym,
        person.label,
        SECRET_TEXT,
        "/sspf/arenden/",
    ]


def test_the_counts_match_the_sspf_selectors(world: World, report: SituationReport) -> None:
    counts = period_counts(world.testby, world.area, PERIOD.start, PERIOD.end)
    by_kind = {row.label: (row.opened, row.active, row.closed) for row in counts.by_kind}
    assert by_kind == {"En enskild ung person": (6, 5, 1), "En grupp unga": (2, 3, 0)}
    assert (counts.total.opened, counts.total.active, counts.total.closed) == (8, 8, 1)
    raised = case_counts(world.testby, world.area, PERIOD.start, PERIOD.last_day)
    assert sum(row.cases for row in raised) == counts.total.opened


def test_the_lagesbild_page_shows_the_counts_with_small_ones_hidden_and_no_names(
    world: World, client: Client, report: SituationReport
) -> None:
    client.force_login(world.dave)  # a reader: no SSPF member, no coordinator
    html = client.get(_url("detail", report)).content.decode()
    assert "SSPF-ärenden" in html
    assert (
        '<th scope="row">En enskild ung person</th><td>6</td><td>5</td><td>färre än 5</td>' in html
    )
    assert f'<th scope="row">En grupp unga</th><td>{FEW}</td><td>{FEW}</td><td>0</td>' in html
    assert f'<th scope="row">Alla ärenden</th><td>8</td><td>8</td><td>{FEW}</td>' in html
    for secret in _secrets():
        assert secret not in html


def test_the_pdf_has_the_counts_and_no_names(
    world: World, client: Client, report: SituationReport, tmp_path: Path
) -> None:
    client.force_login(world.carol)
    path = tmp_path / "lagesbild.pdf"
    path.write_bytes(client.get(_url("pdf", report)).content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "SSPF-ärenden" in text
    individual = next(line for line in text.splitlines() if "En enskild ung person" in line)
    assert individual.split()[-6:] == ["person", "6", "5", "färre", "än", "5"]
    assert FEW in text
    for secret in _secrets():
        assert secret not in text


def test_the_xlsx_has_a_sheet_of_counts_and_no_names(
    world: World, client: Client, report: SituationReport
) -> None:
    client.force_login(world.carol)
    workbook = load_workbook(io.BytesIO(client.get(_url("xlsx", report)).content))
    rows = list(workbook["SSPF-ärenden"].iter_rows(values_only=True))
    assert rows[1:] == [
        ("En grupp unga", FEW, FEW, 0),
        ("En enskild ung person", 6, 5, FEW),
        ("Alla ärenden", 8, 8, FEW),
    ]
    cells = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    for secret in _secrets():
        assert secret not in cells


def test_who_may_not_read_the_lagesbild_sees_no_counts(
    world: World, client: Client, report: SituationReport
) -> None:
    client.force_login(world.olle)  # the other municipality's coordinator
    response = client.get(_url("detail", report))
    assert response.status_code in (403, 404)
    assert "SSPF-ärenden" not in response.content.decode()
    client.logout()
    response = client.get(_url("detail", report))
    assert response.status_code in (302, 403, 404)
    assert "SSPF-ärenden" not in response.content.decode()


def test_a_municipality_without_sspf_gets_no_section(world: World, client: Client) -> None:
    report = situation_services.report_create(
        municipality=world.testby, area=world.area, period=PERIOD, user=world.alice
    )
    client.force_login(world.dave)
    assert "SSPF-ärenden" not in client.get(_url("detail", report)).content.decode()


def test_the_annual_report_has_the_years_counts(world: World, report: SituationReport) -> None:
    annual = build_annual_report(world.testby, 2026, today=date(2026, 12, 31))
    section = next(s for s in annual.sections if s.key == "sspf")
    assert section.sheet_rows[-1] == ("Alla ärenden", 9, 8, FEW)
    workbook = load_workbook(io.BytesIO(annual_report_xlsx(annual)))
    assert list(workbook["SSPF-ärenden"].iter_rows(values_only=True))[-1] == (
        "Alla ärenden",
        9,
        8,
        FEW,
    )


def test_suppressed_hides_one_to_four() -> None:
    assert [suppressed(n) for n in (0, 1, 4, 5)] == ["0", FEW, FEW, "5"]


def test_the_annual_report_page_pdf_and_json_show_counts_and_no_names(
    world: World, client: Client, report: SituationReport, tmp_path: Path
) -> None:
    client.force_login(world.dave)
    kwargs = {"municipality": "testby", "year": 2026}
    html = client.get(reverse("process:annual_report", kwargs=kwargs)).content.decode()
    assert "SSPF-ärenden" in html and FEW in html
    path = tmp_path / "arsrapport.pdf"
    path.write_bytes(client.get(reverse("process:annual_report_pdf", kwargs=kwargs)).content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "SSPF-ärenden" in text
    data = client.get(reverse("process:annual_report_json", kwargs=kwargs)).json()
    assert [s["key"] for s in data["sections"]] == ["sspf"]
    for secret in _secrets():
        assert secret not in html and secret not in text and secret not in str(data)
