"""Rows of the record that cannot contradict reality (issue 12 item 3): a coordinator records an
approval (justering) made on paper, on the page and through the API.

The objects are those of ``rows_meetings``: Styrgruppen's meeting, under way, with draft minutes
whose adjuster is bob. Only the coordinators record a paper approval: bob, the chair and the
adjuster himself, approves in person instead; the empty form or body the matrix sends is a 400.
"""

from __future__ import annotations

from typing import Any

from samverka.core.testing import World
from samverka.meetings.models import Meeting, Minutes
from tests.authz.common import COORDINATOR_WRITE, NOT_ALLOWED, REFUSED, Row, _profile, _with
from tests.authz.rows_meetings import STEERING_TITLE, _meeting, build_scenario

API_COORDINATOR_NEEDS_BODY = _profile(
    anonymous=REFUSED, olle=404, dave=403, carol=403, bob=403, alice=400, root=400
)


def _minutes(w: World) -> int:
    return Minutes.objects.get(meeting__title=STEERING_TITLE, version=1).pk


def _api(**extra: Any) -> Any:
    def build(w: World) -> dict[str, Any]:
        return {"municipality_slug": w.testby.slug, **{k: f(w) for k, f in extra.items()}}

    return build


ROWS: list[Row] = [
    Row(
        "meetings:minutes_paper_approval",
        _with(pk=_meeting),
        {"GET": NOT_ALLOWED, "POST": COORDINATOR_WRITE},
        note="the coordinators record who approved on paper and when",
    ),
    Row(
        "api-minutes-paper-approval",
        _api(pk=_minutes),
        {"POST": API_COORDINATOR_NEEDS_BODY},
        note="the coordinators only; the empty body is a 400 that says what is missing",
    ),
]


def prepare(world: World) -> None:
    # The sweeps that prepare every module's rows in one world have it from rows_meetings.
    if not Meeting.objects.filter(municipality=world.testby, title=STEERING_TITLE).exists():
        build_scenario(world)
