"""`samverka lagesbild`: the adopted version's figures when there is one, else computed now."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from samverka.core.testing import World
from samverka.situation import services
from samverka.situation.periods import parse_period
from samverka.situation.testing import make_category, make_incident

PERIOD = parse_period("2026-W45/2026-W46")


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("lagesbild", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_writes_json_and_xlsx_and_prefers_the_adopted_version(
    world: World, tmp_path: Path
) -> None:
    category = make_category(world.testby, "skadegorelse", "Skadegörelse")
    make_incident(world.area, category, PERIOD.start)
    report = services.report_create(
        municipality=world.testby, area=world.area, period=PERIOD, user=None
    )
    services.report_update(report=report, user=None, assessment="Lugnt.")
    services.report_adopt(report=report, user=None)
    make_incident(world.area, category, PERIOD.start)  # late

    target = tmp_path / "lb.json"
    message = _run(
        "--area",
        "Norra Testby",
        "--period",
        "2026-W45/2026-W46",
        "--format",
        "json",
        "-o",
        str(target),
    )
    assert "version 1, fastställd" in message
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["total"]["current"] == 1 and data["report"]["assessment"] == "Lugnt."

    _run(
        "--area",
        str(world.area.pk),
        "--period",
        "2026-W45/2026-W46",
        "--format",
        "json",
        "-o",
        str(target),
        "--live",
    )
    assert json.loads(target.read_text(encoding="utf-8"))["total"]["current"] == 2

    xlsx = tmp_path / "lb.xlsx"
    _run(
        "--area",
        "norra testby",
        "--municipality",
        "testby",
        "--period",
        "2026-W45/2026-W46",
        "--format",
        "xlsx",
        "-o",
        str(xlsx),
    )
    summary = dict(load_workbook(xlsx)["Sammanfattning"].iter_rows(values_only=True))
    assert summary["Händelser"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "Finns inte", "--period", "2026-W45/2026-W46"], "Inget område"),
        (["--area", "Norra Testby", "--period", "vecka 45"], "ingen period"),
        (["--area", "Norra Testby", "--municipality", "saknas"], "finns inte"),
        (["--area", "Norra Testby", "--format", "pdf", "-o", "-"], "till en fil"),
    ],
)
def test_it_explains_what_is_wrong(world: World, args: list[str], message: str) -> None:
    if "-o" not in args:
        args = [*args, "-o", "/tmp/x.pdf"]  # noqa: S108 (never written: the command fails first)
    with pytest.raises(CommandError, match=message):
        _run(*args)
