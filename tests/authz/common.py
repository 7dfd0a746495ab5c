"""Shared vocabulary of the authorization matrix: every URL pattern (pages and the REST API) ×
every named test user × method, declared once.

The suite fails when a URL pattern has no row here, so a new page cannot ship without saying who
may see it. Refused writes must leave the database exactly as it was.

Users (see samverka.core.testing): anonymous; olle (coordinator of ANOTHER municipality); dave
(reader); carol (member of another group than the one under test); bob (member of the group under
test, Styrgruppen); alice (coordinator); root (platform admin).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from samverka.core.testing import World
from samverka.organisation.models import Membership, SpecialistFunction

USERS = ("anonymous", "olle", "dave", "carol", "bob", "alice", "root")

# Outcomes. "login" = redirected to the login page; "done" = the request was allowed and handled
# (a success, a redirect after success, a 400 for the empty form we send, or the API's 409 for a
# delete that other data still depends on) — never 403/404/500.
LOGIN, DONE = "login", "done"
# The API never redirects to the login page: an anonymous request gets 401 or 403 as JSON.
REFUSED = "refused"


def _profile(**by_user: int | str) -> dict[str, int | str]:
    assert set(by_user) == set(USERS), set(USERS) ^ set(by_user)
    return by_user


PUBLIC = _profile(anonymous=200, olle=200, dave=200, carol=200, bob=200, alice=200, root=200)
ANY_ACCOUNT = _profile(anonymous=LOGIN, olle=200, dave=200, carol=200, bob=200, alice=200, root=200)
READ = _profile(anonymous=LOGIN, olle=404, dave=200, carol=200, bob=200, alice=200, root=200)
# Group-internal: everybody in the municipality sees the page, only members and coordinators the
# internal notes (checked separately below).
READ_INTERNAL = READ
COORDINATOR_PAGE = _profile(
    anonymous=LOGIN, olle=404, dave=403, carol=403, bob=403, alice=200, root=200
)
COORDINATOR_WRITE = _profile(
    anonymous=LOGIN, olle=404, dave=403, carol=403, bob=403, alice=DONE, root=DONE
)
MEMBER_WRITE = _profile(
    anonymous=LOGIN, olle=404, dave=403, carol=DONE, bob=DONE, alice=DONE, root=DONE
)
NOT_ALLOWED = _profile(anonymous=LOGIN, olle=405, dave=405, carol=405, bob=405, alice=405, root=405)
ADMIN_ONLY = _profile(
    anonymous=LOGIN, olle=LOGIN, dave=LOGIN, carol=LOGIN, bob=LOGIN, alice=LOGIN, root=200
)


def _m(w: World) -> dict[str, Any]:
    return {"municipality": w.testby.slug}


def _with(**extra: Callable[[World], Any]) -> Callable[[World], dict[str, Any]]:
    def build(w: World) -> dict[str, Any]:
        return {**_m(w), **{k: f(w) for k, f in extra.items()}}

    return build


def _membership(w: World) -> int:
    return Membership.objects.get(group=w.steering, person=w.bob_person).pk


def _specialist(w: World) -> int:
    return SpecialistFunction.objects.get(group__name="Samordningen").pk


def _coordination_unit(w: World) -> int:
    return SpecialistFunction.objects.get(group__name="Samordningen").group_id


def _fmt(w: World) -> str:
    return "csv"


@dataclass
class Row:
    name: str
    kwargs: Callable[[World], dict[str, Any]] | None
    expect: dict[str, dict[str, int | str]]  # method -> profile
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


M = _m
AREA = _with(pk=lambda w: w.area.pk)
GROUP = _with(pk=lambda w: w.steering.pk)
ORG = _with(pk=lambda w: w.police.pk)
PERSON = _with(pk=lambda w: w.carol_person.pk)
DOC = _with(pk=lambda w: w.document.pk)
EXPORT = _with(fmt=_fmt)

PAGE = {"GET": READ}
EDIT = {"GET": COORDINATOR_PAGE, "POST": COORDINATOR_WRITE}
POST_ONLY = {"GET": NOT_ALLOWED, "POST": COORDINATOR_WRITE}


# The REST API (/api/v1/): JSON bodies, and 401/403 instead of the login redirect.
API_READ = _profile(anonymous=REFUSED, olle=404, dave=200, carol=200, bob=200, alice=200, root=200)
API_WRITE = _profile(
    anonymous=REFUSED, olle=404, dave=403, carol=403, bob=403, alice=DONE, root=DONE
)
API_MEMBER_WRITE = _profile(
    anonymous=REFUSED, olle=404, dave=403, carol=DONE, bob=DONE, alice=DONE, root=DONE
)
API_LIST = {"GET": API_READ, "POST": API_WRITE}
API_DETAIL = {"GET": API_READ, "PATCH": API_WRITE, "DELETE": API_WRITE}


def _api(**extra: Callable[[World], Any]) -> Callable[[World], dict[str, Any]]:
    def build(w: World) -> dict[str, Any]:
        return {"municipality_slug": w.testby.slug, **{k: f(w) for k, f in extra.items()}}

    return build
