"""Rows of the onboarding: a new municipality and its invitation are the platform
administrator's alone; the invitation link is for whoever holds it (a wrong or spent link is a
400 for everybody); the guided start is the municipality's coordinators'."""

from __future__ import annotations

from samverka.core.testing import World
from tests.authz.common import COORDINATOR_PAGE, DONE, LOGIN, POST_ONLY, M, Row, _profile

PLATFORM_PAGE = _profile(
    anonymous=LOGIN, olle=403, dave=403, carol=403, bob=403, alice=403, root=200
)
PLATFORM_WRITE = _profile(
    anonymous=LOGIN, olle=403, dave=403, carol=403, bob=403, alice=403, root=DONE
)
PLATFORM = {"GET": PLATFORM_PAGE, "POST": PLATFORM_WRITE}
SPENT_LINK = _profile(anonymous=400, olle=400, dave=400, carol=400, bob=400, alice=400, root=400)


def _slug(w: World) -> dict[str, str]:
    return {"slug": w.testby.slug}


def _token(w: World) -> dict[str, str]:
    return {"token": "inte-en-giltig-inbjudan"}


STEP = {"GET": COORDINATOR_PAGE}

ROWS: list[Row] = [
    Row("onboarding:municipality_create", None, PLATFORM, note="platform admin only"),
    Row("onboarding:invite", _slug, PLATFORM, note="platform admin only"),
    Row("onboarding:accept", _token, {"GET": SPENT_LINK, "POST": SPENT_LINK}),
    Row("onboarding_start:index", M, STEP),
    Row(
        "onboarding_start:step",
        lambda w: {"municipality": w.testby.slug, "step": "omraden"},
        STEP,
    ),
    Row("onboarding_start:root_area_create", M, POST_ONLY),
    Row("onboarding_start:actors_create", M, POST_ONLY),
    Row("onboarding_start:structure_apply", M, POST_ONLY),
]
