"""Rows of the lägesbild (samverka.situation): pages, files, the public pages and the API.

Everyone with a role reads; the beredningsgrupp's members and the coordinators compile (in the
test world nobody but the coordinators sits in Beredningsgruppen, so bob and carol are refused);
publishing is for coordinators; the public pages need no login.
"""

from __future__ import annotations

from typing import Any

from samverka.core.testing import World
from tests.authz.common import (
    API_READ,
    EDIT,
    EXPORT,
    PAGE,
    POST_ONLY,
    PUBLIC,
    M,
    Row,
    _api,
    _with,
)

DRAFT_PERIOD = "2026-W45/2026-W46"
ADOPTED_PERIOD = "2026-W43/2026-W44"


def _draft(w: World) -> int:
    from samverka.situation.models import SituationReport

    return SituationReport.objects.get(municipality=w.testby, status="draft").pk


def _adopted(w: World) -> int:
    from samverka.situation.models import SituationReport

    return SituationReport.objects.get(municipality=w.testby, status="adopted").pk


DRAFT = _with(pk=_draft)
ADOPTED = _with(pk=_adopted)

ROWS: list[Row] = [
    Row("situation:index", M, PAGE),
    Row("situation:export", EXPORT, PAGE),
    Row("situation:live", M, PAGE, note="without a choice: the top area, the latest two weeks"),
    Row("situation:create", M, POST_ONLY, note="beredningsgrupp members and coordinators"),
    Row("situation:detail", DRAFT, PAGE),
    Row("situation:assess", DRAFT, EDIT, note="the compiling group's members and coordinators"),
    Row("situation:adopt", DRAFT, POST_ONLY),
    Row("situation:new_version", ADOPTED, POST_ONLY),
    Row("situation:publish", ADOPTED, POST_ONLY, note="coordinators only"),
    Row("situation:delete", DRAFT, POST_ONLY),
    Row("situation:compare", _with(pk=_adopted, other=_draft), PAGE),
    Row("situation:pdf", ADOPTED, PAGE),
    Row("situation:xlsx", ADOPTED, PAGE),
    Row("situation:geojson", ADOPTED, PAGE),
    Row("situation:public_list", M, {"GET": PUBLIC}),
    Row("situation:public_detail", ADOPTED, {"GET": PUBLIC}, note="published and adopted only"),
    Row("api-situation-report-list", _api(), {"GET": API_READ}),
    Row("api-situation-report-detail", _api(pk=_adopted), {"GET": API_READ}),
    Row("api-situation-live", _api(), {"GET": API_READ}),
    Row("api-situation-map", _api(), {"GET": API_READ}),
]


def prepare(world: World) -> None:
    """A draft and an adopted, published lägesbild of Norra Testby, with a few incidents."""
    from samverka.incidents.models import Category
    from samverka.situation import services
    from samverka.situation.periods import parse_period
    from samverka.situation.testing import make_incident

    # Other apps' rows may have installed the taxonomy already.
    category, _created = Category.objects.get_or_create(
        municipality=world.testby, code="skadegorelse", defaults={"name": "Skadegörelse"}
    )
    for period in (DRAFT_PERIOD, ADOPTED_PERIOD):
        make_incident(
            world.area, category, parse_period(period).start, latitude=57.7, longitude=12.0
        )
    services.report_create(
        municipality=world.testby, area=world.area, period=parse_period(DRAFT_PERIOD), user=None
    )
    adopted = services.report_create(
        municipality=world.testby, area=world.area, period=parse_period(ADOPTED_PERIOD), user=None
    )
    services.report_update(report=adopted, user=None, assessment="Lugnt.")
    adopted = services.report_adopt(report=adopted, user=None)
    services.report_publish(report=adopted, user=None, publish=True)


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's lägesbild under Testby's URLs: every one must be 404."""
    from samverka.situation import services
    from samverka.situation.periods import parse_period

    report = services.report_create(
        municipality=w.annanstad, area=w.other_area, period=parse_period(DRAFT_PERIOD), user=None
    )
    services.report_update(report=report, user=None, assessment="Annanstad")
    other = services.report_adopt(report=report, user=None)
    services.report_publish(report=other, user=None, publish=True)
    # POST-only pages answer a GET with 405 before looking anything up; their 404 for a
    # foreign id is tested in samverka/situation/tests/test_pages.py.
    names = [
        "detail",
        "assess",
        "pdf",
        "xlsx",
        "geojson",
        "public_detail",
    ]
    targets = {f"situation:{n}": {"municipality": "testby", "pk": other.pk} for n in names}
    targets["situation:compare"] = {"municipality": "testby", "pk": other.pk, "other": other.pk}
    return targets
