"""Rows of the lägesbild in the meeting (samverka.situation): from a finding of an adopted
lägesbild to a proposal or a commitment.

Making one is for the compiling group's officers and the coordinators, as in the meetings app
(in the test world nobody but the coordinators holds an office in Beredningsgruppen, so bob,
the steering group's chair, carol and dave are refused). Adopting at a meeting goes through the
adopt row of rows_situation.py, whose lägesbilder these rows share.
"""

from __future__ import annotations

from typing import Any

from samverka.core.testing import World
from tests.authz.common import EDIT, Row, _with


def _adopted(w: World) -> int:
    from samverka.situation.models import SituationReport

    return SituationReport.objects.get(municipality=w.testby, status="adopted").pk


ROWS: list[Row] = [
    Row(
        "situation:act",
        _with(pk=_adopted),
        EDIT,
        note="the beredningsgrupp's officers and coordinators; an adopted lägesbild",
    ),
]


def prepare(world: World) -> None:
    """rows_situation.py's lägesbilder (an adopted one, compiled by Beredningsgruppen), unless
    that module has made them already: the sweeps that run every module's preparation expect
    one adopted lägesbild in Testby."""
    from samverka.situation.models import SituationReport
    from tests.authz import rows_situation

    if not SituationReport.objects.filter(municipality=world.testby, status="adopted").exists():
        rows_situation.prepare(world)


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's adopted lägesbild (rows_situation.py's, if it made one) under Testby's URL:
    404."""
    from samverka.situation import services
    from samverka.situation.models import SituationReport
    from samverka.situation.periods import parse_period

    other = SituationReport.objects.filter(municipality=w.annanstad, status="adopted").first()
    if other is None:
        report = services.report_create(
            municipality=w.annanstad,
            area=w.other_area,
            period=parse_period("2026-W41/2026-W42"),
            user=None,
        )
        services.report_update(report=report, user=None, assessment="Annanstad")
        other = services.report_adopt(report=report, user=None)
    return {"situation:act": {"municipality": "testby", "pk": other.pk}}
