"""Rows of the process app's goals and indicators: everyone with a role in the municipality reads
them; the coordinators and the beredningsgrupp write (nobody sits in Testby's beredningsgrupp, so
alice and root); values are approved by a coordinator (403 for everybody else)."""

from __future__ import annotations

from typing import Any

from samverka.core.testing import World
from tests.authz.common import (
    API_LIST,
    API_READ,
    API_WRITE,
    EDIT,
    EXPORT,
    PAGE,
    POST_ONLY,
    M,
    Row,
    _api,
    _with,
)


def _goal(w: World) -> int:
    from samverka.process.models import Goal

    goals = Goal.objects.filter(municipality=w.testby, parent=None).order_by("position", "pk")
    return goals.values_list("pk", flat=True)[0]


def _indicator(w: World) -> int:
    from samverka.process.models import Indicator

    return Indicator.objects.filter(municipality=w.testby).values_list("pk", flat=True)[0]


def _value(w: World) -> int:
    from samverka.process.models import IndicatorValue

    values = IndicatorValue.objects.filter(indicator_id=_indicator(w))
    return values.values_list("pk", flat=True)[0]


GOAL = _with(pk=_goal)
DOCUMENT = _with(pk=lambda w: w.document.pk)
INDICATOR = _with(pk=_indicator)
VALUE = _with(pk=_indicator, value_pk=_value)
API_GOAL = _api(pk=_goal)
API_INDICATOR = _api(pk=_indicator)
API_VALUE = _api(pk=_indicator, value_pk=_value)

ROWS: list[Row] = [
    Row("process:goal_list", M, PAGE),
    Row("process:goal_create", M, EDIT),
    Row("process:goal_detail", GOAL, PAGE),
    Row("process:goal_edit", GOAL, EDIT),
    Row("process:goal_delete", GOAL, POST_ONLY, note="a goal with sub-goals is kept (message)"),
    Row("process:goals_promote", DOCUMENT, POST_ONLY),
    Row("process:indicator_create", GOAL, EDIT),
    Row("process:indicator_export", EXPORT, PAGE),
    Row("process:indicator_detail", INDICATOR, PAGE),
    Row("process:indicator_edit", INDICATOR, EDIT),
    Row("process:indicator_value_add", INDICATOR, EDIT),
    Row("process:indicator_value_approve", VALUE, POST_ONLY, note="four eyes: not one's own"),
    Row("process:indicator_chart_svg", INDICATOR, PAGE),
    Row("api-process-goal-list", _api(), API_LIST),
    Row("api-process-goal-detail", API_GOAL, {"GET": API_READ, "PATCH": API_WRITE}),
    Row("api-process-indicator-list", _api(), API_LIST),
    Row("api-process-indicator-detail", API_INDICATOR, {"GET": API_READ}),
    Row("api-process-indicator-value-list", API_INDICATOR, {"POST": API_WRITE}),
    Row("api-process-indicator-value-approve", API_VALUE, {"POST": API_WRITE}),
]


def _goals(municipality: Any, document: Any, user: Any) -> Any:
    from samverka.process.models import IndicatorSource
    from samverka.process.services import goals as services

    document.goals = "Ökad trygghet\nFler poliser som syns\n"
    document.save()
    top, _second = services.goals_promote(document=document, user=user)
    services.goal_create(municipality=municipality, user=user, title="Delmål", parent=top)
    indicator = services.indicator_create(
        goal=top, user=user, name="Andel trygga", unit="procent", source=IndicatorSource.MANUAL
    )
    services.value_enter(indicator=indicator, user=user, year=2025, value="61.5")
    return top, indicator


def prepare(world: World) -> None:
    """Testby's document with two goal lines promoted, a sub-goal, an indicator kept by hand and
    a value entered by root (so that alice may approve it)."""
    _goals(world.testby, world.document, world.root)


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's goal and indicator under Testby's URLs: 404 even for Testby's coordinator
    (the POST-only routes answer a GET with 405 first, so they are in the rows only)."""
    from samverka.organisation.models import GoverningDocument

    document = GoverningDocument.objects.create(
        municipality=w.annanstad, title="Annanstads överenskommelse", kind="budget"
    )
    goal, indicator = _goals(w.annanstad, document, w.olle)
    testby = {"municipality": "testby"}
    return {
        "process:goal_detail": {**testby, "pk": goal.pk},
        "process:goal_edit": {**testby, "pk": goal.pk},
        "process:indicator_create": {**testby, "pk": goal.pk},
        "process:indicator_detail": {**testby, "pk": indicator.pk},
        "process:indicator_edit": {**testby, "pk": indicator.pk},
        "process:indicator_value_add": {**testby, "pk": indicator.pk},
        "process:indicator_chart_svg": {**testby, "pk": indicator.pk},
    }
