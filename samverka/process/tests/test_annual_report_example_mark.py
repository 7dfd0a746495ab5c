"""A made-up indicator value (example data) is marked "exempel" where the annual report shows it:
on the page and in the spreadsheet, beside the value."""

from __future__ import annotations

import io
from datetime import date

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from samverka.core.testing import World
from samverka.process.annual_report import annual_report_xlsx, build_annual_report
from samverka.process.models import IndicatorValue
from samverka.process.tests.test_annual_report import YEAR, small_world


def test_an_example_value_is_marked_where_the_annual_report_shows_it(world: World) -> None:
    small_world(world)
    IndicatorValue.objects.filter(period_start__year=YEAR).update(is_example=True)

    report = build_annual_report(world.testby, YEAR, today=date(2026, 3, 1))
    [value] = report.goals[0].indicators[0].values
    assert value.is_example

    client = Client()
    client.force_login(world.dave)
    url = reverse("process:annual_report", kwargs={"municipality": "testby", "year": YEAR})
    page = client.get(url).content.decode()
    assert f"{YEAR}: 35 (exempel)" in page

    sheets = load_workbook(io.BytesIO(annual_report_xlsx(report)))
    cells = [str(c.value) for ws in sheets for row in ws.iter_rows() for c in row if c.value]
    assert any(f"{YEAR}: 35 (exempel)" in cell for cell in cells)


def test_a_real_value_has_no_mark(world: World) -> None:
    small_world(world)

    report = build_annual_report(world.testby, YEAR, today=date(2026, 3, 1))

    assert not any(v.is_example for v in report.goals[0].indicators[0].values)
