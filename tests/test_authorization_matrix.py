"""The authorization matrix: every URL pattern (pages and the REST API) × every named test user ×
method, declared once per app in ``tests/authz/rows_<app>.py`` (vocabulary in
``tests/authz/common``).

The suite fails when a URL pattern has no row, so a new page cannot ship without saying who may see
it. Refused writes must leave the database exactly as it was.

Users (see samverka.core.testing): anonymous; olle (coordinator of ANOTHER municipality); dave
(reader); carol (member of another group than the one under test); bob (member of the group under
test, Styrgruppen); alice (coordinator); root (platform admin).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from functools import partial
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.authz
from samverka.accounts.models import AuditEvent, PersonalDataAccess
from samverka.core.testing import World, make_api_key, make_world
from tests.authz.common import ADMIN_ONLY, DONE, LOGIN, REFUSED, USERS, Row

MODULES: list[ModuleType] = [
    importlib.import_module(f"tests.authz.{info.name}")
    for info in pkgutil.iter_modules(tests.authz.__path__)
    if info.name.startswith("rows_")
]
MATRIX: list[Row] = [row for module in MODULES for row in module.ROWS]
# Each row gets the objects its own module prepares (and the foundation's), not every module's:
# building every app's scenario for every one of thousands of cases would cost minutes.
FOUNDATION = importlib.import_module("tests.authz.rows_foundation")
PREPARE_FOR: dict[str, list[Callable[[World], None]]] = {
    row.name: [m.prepare for m in dict.fromkeys((FOUNDATION, module)) if hasattr(m, "prepare")]
    for module in MODULES
    for row in module.ROWS
}
PREPARE: list[Callable[[World], None]] = [
    module.prepare for module in MODULES if hasattr(module, "prepare")
]
FOREIGN: list[Callable[[World], dict[str, dict[str, Any]]]] = [
    module.foreign for module in MODULES if hasattr(module, "foreign")
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


def test_no_url_pattern_is_declared_twice() -> None:
    names = [row.name for row in MATRIX]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


def _counted_models() -> dict[str, type[Model]]:
    models: dict[str, type[Model]] = {
        model._meta.label: model
        for config in apps.get_app_configs()
        if config.name.startswith("samverka.")
        for model in config.get_models()
        # The access log records refused reads on purpose (an SSPF case read by a non-member is
        # a 404 and is logged): a row there is the trace of the refusal, not a change it made.
        if model not in (AuditEvent, PersonalDataAccess)
    }
    models["audit"] = AuditEvent
    return models


def _snapshot() -> dict[str, int]:
    """Row counts of every model of ours: a refused write must not change any of them."""
    return {label: model._default_manager.count() for label, model in _counted_models().items()}


def _counts() -> dict[str, int]:
    """``_snapshot()`` in one query (the sweeps take it around thousands of requests). The
    managers filter nothing, so a table's count is its manager's; ``_build`` checks that."""
    quote = connection.ops.quote_name
    models = _counted_models()
    columns = ", ".join(
        f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})"  # noqa: S608 (our tables)
        for model in models.values()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        row = cursor.fetchone()
    return dict(zip(models, row, strict=True))


def _prepare(world: World) -> None:
    for prepare in PREPARE:
        prepare(world)


CASES = [
    (row.name, method, user)
    for row in MATRIX + EXTRA_ROWS
    for method in row.expect
    for user in USERS
]


ROW_OF = {row.name: row for row in MATRIX + EXTRA_ROWS}


def _build(prepares: tuple[Callable[[World], None], ...]) -> World:
    world = make_world()
    for prepare in prepares:
        prepare(world)
    # The one-query count must agree with the managers' on this world (see _counts).
    assert _counts() == _snapshot()
    return world


@pytest.fixture
def matrix_world(request: pytest.FixtureRequest, shared_world: Any) -> World:
    """The world with the objects the row's module prepares, built once per module of rows."""
    prepares = tuple(PREPARE_FOR.get(request.node.callspec.params["name"], []))
    world: World = shared_world(prepares, partial(_build, prepares))
    return world


@pytest.mark.parametrize(("name", "method", "username"), CASES)
def test_authorization(
    matrix_world: World, db: None, client: Client, name: str, method: str, username: str
) -> None:
    world = matrix_world
    row = ROW_OF[name]
    expected = row.expect[method][username]
    user = world.user(username)
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
    refused = expected not in (DONE, 200, 302) or (expected == 302 and method == "GET")
    # Only a refused write is checked against the counts before it.
    before = _counts() if method != "GET" and refused else None
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
        # 409: the API refuses to delete what other data still depends on (handled, not denied).
        assert status in (200, 201, 204, 302, 400, 409), f"{method} {url} as {username}: {status}"
    else:
        assert status == expected, f"{method} {url} as {username}: {status}, expected {expected}"

    if before is not None:
        assert _counts() == before, f"refused {method} {url} as {username} changed the database"


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


def test_object_of_another_municipality_is_404_even_for_a_coordinator(
    world: World, client: Client
) -> None:
    """alice is coordinator in Testby; an Annanstad object under a Testby URL does not exist."""
    _prepare(world)
    client.force_login(world.alice)
    targets = {name: kwargs for foreign in FOREIGN for name, kwargs in foreign(world).items()}
    assert targets
    before = _snapshot()
    for name, kwargs in sorted(targets.items()):
        url = reverse(name, kwargs=kwargs)
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "x"}).status_code in (404, 405), url
    assert _snapshot() == before


# Token scopes: every write of the API that alice's session may make, made with her API keys.
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
API_WRITES = [
    (row.name, method)
    for row in MATRIX
    if row.name.startswith("api-")
    for method in row.expect
    if method in UNSAFE and row.expect[method]["alice"] == DONE
]


@pytest.mark.parametrize(("name", "method"), API_WRITES)
@pytest.mark.parametrize("scope", ["read", "write"])
def test_api_keys_write_only_within_their_scope(
    matrix_world: World, db: None, name: str, method: str, scope: str
) -> None:
    """A read-only key is refused every write the key's owner could make, and changes nothing; a
    read-write key is let through like the owner's session (the empty body then gets its 400)."""
    world = matrix_world
    row = ROW_OF[name]
    key = make_api_key(world.alice, scope=scope)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
    before = _counts()
    response = client.generic(method, url, "{}", content_type="application/json")
    if scope == "read":
        assert response.status_code == 403, f"{method} {url} with a read-only key"
        assert _counts() == before, f"{method} {url} with a read-only key changed the database"
    else:
        assert response.status_code in (200, 201, 204, 400, 409), f"{method} {url}: {response}"


def test_the_scope_sweep_covers_the_api_writes() -> None:
    # A matrix without API writes for alice would make the sweep above pass vacuously.
    assert len(API_WRITES) >= 20, API_WRITES
