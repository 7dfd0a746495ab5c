"""The authorization matrix: every URL pattern (pages and the REST API) × every named test user ×
method, declared once.

The suite fails when a URL pattern has no row here, so a new page cannot ship without saying who
may see it. Refused writes must leave the database exactly as it was.

Users (see samverka.core.testing): anonymous; olle (coordinator of ANOTHER municipality); dave
(reader); carol (member of another group than the one under test); bob (member of the group under
test, Styrgruppen); alice (coordinator); root (platform admin).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World
from samverka.organisation.models import Membership, SpecialistFunction

USERS = ("anonymous", "olle", "dave", "carol", "bob", "alice", "root")

# Outcomes. "login" = redirected to the login page; "done" = the request was allowed and handled
# (a success, a redirect after success, or a 400 for the empty form we send) — never 403/404/500.
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

MATRIX: list[Row] = [
    # Start: a list of the user's municipalities, or straight to the only one (a redirect).
    Row(
        "core:home",
        None,
        {
            "GET": _profile(
                anonymous=LOGIN, olle=302, dave=302, carol=302, bob=302, alice=302, root=200
            )
        },
    ),
    Row("core:health", None, {"GET": PUBLIC}),
    Row("accounts:login", None, {"GET": PUBLIC}),
    Row(
        "accounts:logout",
        None,
        {
            "POST": _profile(
                anonymous=302, olle=302, dave=302, carol=302, bob=302, alice=302, root=302
            )
        },
    ),
    Row("accounts:password_change", None, {"GET": ANY_ACCOUNT}),
    Row("accounts:api_token", None, {"GET": ANY_ACCOUNT, "POST": ANY_ACCOUNT}),
    Row(
        "set_language",
        None,
        {
            "POST": _profile(
                anonymous=302, olle=302, dave=302, carol=302, bob=302, alice=302, root=302
            )
        },
    ),
    Row("api-schema", None, {"GET": PUBLIC}),
    Row("api-docs", None, {"GET": PUBLIC}),
    # Areas
    Row("areas:list", M, PAGE),
    Row("areas:export", EXPORT, PAGE),
    Row("areas:geojson", M, PAGE),
    Row("areas:create", M, EDIT),
    Row("areas:detail", AREA, PAGE),
    Row("areas:edit", AREA, EDIT),
    Row("areas:delete", AREA, EDIT),
    Row("areas:population_set", AREA, POST_ONLY),
    Row("areas:population_delete", _with(pk=lambda w: w.area.pk, year=lambda w: 2024), POST_ONLY),
    # Users of the municipality
    Row("users:list", M, {"GET": COORDINATOR_PAGE}),
    Row("users:export", EXPORT, {"GET": COORDINATOR_PAGE}),
    Row("users:create", M, EDIT),
    Row("users:edit", _with(pk=lambda w: w.dave.pk), EDIT),
    Row("users:remove", _with(pk=lambda w: w.dave.pk), EDIT),
    # The municipality, its chart and its organisation file
    Row("organisation:municipality", M, PAGE),
    Row("organisation:municipality_edit", M, EDIT),
    Row("organisation:orgfile_download", _with(fmt=lambda w: "yaml"), {"GET": COORDINATOR_PAGE}),
    Row("organisation:orgfile_import", M, EDIT),
    Row("organisation:chart", M, PAGE),
    Row("organisation:chart_svg", M, PAGE),
    Row("organisation:chart_png", M, PAGE),
    # Groups
    Row("organisation:group_list", M, PAGE),
    Row("organisation:group_export", EXPORT, PAGE),
    Row("organisation:group_create", M, EDIT),
    Row("organisation:group_detail", GROUP, {"GET": READ_INTERNAL}),
    Row("organisation:group_edit", GROUP, EDIT),
    Row("organisation:group_delete", GROUP, EDIT),
    Row("organisation:membership_create", GROUP, EDIT),
    Row("organisation:membership_export", _with(pk=lambda w: w.steering.pk, fmt=_fmt), PAGE),
    Row(
        "organisation:membership_edit",
        _with(pk=lambda w: w.steering.pk, membership_pk=_membership),
        EDIT,
    ),
    Row(
        "organisation:membership_delete",
        _with(pk=lambda w: w.steering.pk, membership_pk=_membership),
        EDIT,
    ),
    Row("organisation:specialist_create", _with(pk=_coordination_unit), EDIT),
    Row(
        "organisation:specialist_edit", _with(pk=_coordination_unit, function_pk=_specialist), EDIT
    ),
    Row(
        "organisation:specialist_delete",
        _with(pk=_coordination_unit, function_pk=_specialist),
        EDIT,
    ),
    # Actors
    Row("organisation:organisation_list", M, PAGE),
    Row("organisation:organisation_export", EXPORT, PAGE),
    Row("organisation:organisation_create", M, EDIT),
    Row("organisation:organisation_detail", ORG, PAGE),
    Row("organisation:organisation_edit", ORG, EDIT),
    Row("organisation:organisation_delete", ORG, EDIT),
    # People
    Row("organisation:person_list", M, PAGE),
    Row("organisation:person_export", EXPORT, PAGE),
    Row("organisation:person_create", M, EDIT),
    Row("organisation:person_detail", PERSON, PAGE),
    Row("organisation:person_edit", PERSON, EDIT),
    Row("organisation:person_delete", PERSON, EDIT),
    # Governing documents
    Row("organisation:document_list", M, PAGE),
    Row("organisation:document_export", EXPORT, PAGE),
    Row("organisation:document_create", M, EDIT),
    Row("organisation:document_detail", DOC, PAGE),
    Row("organisation:document_edit", DOC, EDIT),
    Row("organisation:document_delete", DOC, EDIT),
    Row("organisation:document_file", DOC, PAGE),
    # Brå's set-up questions and the health check
    Row("organisation:checklist", M, PAGE),
    Row("organisation:checklist_export", EXPORT, PAGE),
    Row(
        "organisation:checklist_answer",
        _with(key=lambda w: "malgrupper"),
        {"GET": READ, "POST": MEMBER_WRITE},
        note="members and coordinators answer Brå's questions; readers only read",
    ),
    Row("organisation:health", M, PAGE),
    Row("organisation:health_export", EXPORT, PAGE),
]

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


API_OBJECTS: dict[str, Callable[[World], Any]] = {
    "area": lambda w: w.area.pk,
    "organisation": lambda w: w.police.pk,
    "group": lambda w: w.preparation.pk,
    "person": lambda w: w.carol_person.pk,
    "membership": _membership,
    "document": lambda w: w.document.pk,
    "specialist-function": _specialist,
}
MATRIX += [
    Row(
        "api-municipality-list",
        None,
        {
            "GET": _profile(
                anonymous=REFUSED, olle=200, dave=200, carol=200, bob=200, alice=200, root=200
            )
        },
    ),
    Row(
        "api-municipality-detail",
        lambda w: {"slug": w.testby.slug},
        {"GET": API_READ, "PATCH": API_WRITE},
    ),
    Row("api-setup-answer-list", _api(), {"GET": API_READ, "POST": API_MEMBER_WRITE}),
    Row("api-health", _api(), {"GET": API_READ}),
]
for _name, _pk in API_OBJECTS.items():
    MATRIX += [
        Row(f"api-{_name}-list", _api(), API_LIST),
        Row(f"api-{_name}-detail", _api(pk=_pk), API_DETAIL),
    ]

# Patterns matched by prefix: the Django admin is for platform staff only.
PREFIX_RULES = {"admin:": "Django admin: platform staff only (index tested below)"}
EXTRA_ROWS = [Row("admin:index", None, {"GET": ADMIN_ONLY})]


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or f"<unnamed {pattern.pattern}>")


def test_every_url_pattern_has_a_declared_expectation() -> None:
    declared = {row.name for row in MATRIX}
    missing = sorted(
        name
        for name in set(_walk(get_resolver().url_patterns))
        if name not in declared and not any(name.startswith(p) for p in PREFIX_RULES)
    )
    assert not missing, f"URL patterns without a row in the authorization matrix: {missing}"


def _snapshot() -> dict[str, int]:
    """Row counts of every model of ours: a refused write must not change any of them."""
    counts = {
        model._meta.label: model._default_manager.count()
        for app in ("accounts", "areas", "organisation")
        for model in apps.get_app_config(app).get_models()
        if model is not AuditEvent
    }
    counts["audit"] = AuditEvent.objects.count()
    return counts


def _prepare(world: World) -> None:
    """Objects some rows need: a coordination unit with a specialist function, an attached file."""
    from samverka.core.testing import make_group
    from samverka.organisation.models import GroupKind, Mandate

    unit = make_group(
        world.testby, "Samordningen", kind=GroupKind.COORDINATION_UNIT, mandate=Mandate.CARRIES_OUT
    )
    SpecialistFunction.objects.create(group=unit, name="Ungdomskriminalitet")
    world.document.file.save("overenskommelse.txt", ContentFile(b"Syfte och mal"), save=True)


CASES = [
    (row.name, method, user)
    for row in MATRIX + EXTRA_ROWS
    for method in row.expect
    for user in USERS
]


@pytest.mark.parametrize(("name", "method", "username"), CASES)
def test_authorization(world: World, client: Client, name: str, method: str, username: str) -> None:
    row = next(r for r in MATRIX + EXTRA_ROWS if r.name == name)
    expected = row.expect[method][username]
    _prepare(world)
    user = world.user(username)
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
    before = _snapshot()
    if name.startswith("api-"):
        response = client.generic(method, url, "{}", content_type="application/json")
    else:
        response = client.get(url) if method == "GET" else client.post(url, {})
    status = response.status_code

    if expected == REFUSED:
        assert status in (401, 403), f"{method} {url} as {username}: {status}, expected 401/403"
    elif expected == LOGIN:
        assert status == 302, f"{method} {url} as {username}: {status}, expected login redirect"
        assert "logga-in" in response["Location"] or "login" in response["Location"]
    elif expected == DONE:
        assert status in (200, 201, 204, 302, 400), f"{method} {url} as {username}: {status}"
    else:
        assert status == expected, f"{method} {url} as {username}: {status}, expected {expected}"

    refused = expected not in (DONE, 200, 302) or (expected == 302 and method == "GET")
    if method != "GET" and refused:
        assert _snapshot() == before, f"refused {method} {url} as {username} changed the database"


@pytest.mark.parametrize(
    ("username", "sees_internal"),
    [("dave", False), ("carol", False), ("bob", True), ("alice", True), ("root", True)],
)
def test_group_internal_notes_only_for_members_and_coordinators(
    world: World, client: Client, username: str, sees_internal: bool
) -> None:
    user = world.user(username)
    assert user is not None
    client.force_login(user)
    url = reverse(
        "organisation:group_detail", kwargs={"municipality": "testby", "pk": world.steering.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert ("Hemlig anteckning för styrgruppen" in response.content.decode()) is sees_internal


def _foreign(w: World) -> dict[str, int]:
    """Primary keys of objects that belong to Annanstad, requested under Testby's URLs."""
    from samverka.core.testing import make_person
    from samverka.organisation.models import GoverningDocument

    person = make_person(w.annanstad, "Annanstadsbo")
    document = GoverningDocument.objects.create(
        municipality=w.annanstad, title="Annanstads plan", kind="policy"
    )
    return {
        "areas": w.other_area.pk,
        "group": w.other_group.pk,
        "organisation": w.other_organisation.pk,
        "person": person.pk,
        "document": document.pk,
    }


FOREIGN_ROWS = {
    "areas:detail": "areas",
    "areas:edit": "areas",
    "areas:delete": "areas",
    "organisation:group_detail": "group",
    "organisation:group_edit": "group",
    "organisation:group_delete": "group",
    "organisation:membership_create": "group",
    "organisation:organisation_detail": "organisation",
    "organisation:organisation_edit": "organisation",
    "organisation:person_detail": "person",
    "organisation:person_edit": "person",
    "organisation:document_detail": "document",
    "organisation:document_file": "document",
}


@pytest.mark.parametrize("name", sorted(FOREIGN_ROWS))
def test_object_of_another_municipality_is_404_even_for_a_coordinator(
    world: World, client: Client, name: str
) -> None:
    """alice is coordinator in Testby; an Annanstad object under a Testby URL does not exist."""
    pk = _foreign(world)[FOREIGN_ROWS[name]]
    client.force_login(world.alice)
    url = reverse(name, kwargs={"municipality": "testby", "pk": pk})
    before = _snapshot()
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x"}).status_code in (404, 405)
    assert _snapshot() == before
