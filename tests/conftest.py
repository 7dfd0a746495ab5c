"""Shared worlds for the sweeps (the authorization matrix, the malformed-input tests).

Thousands of cases each need the same world and the same prepared objects; building them per case
cost most of the suite's time. ``shared_world`` builds one per key once per module (per xdist
worker), inside a transaction that stays open while the module runs and is rolled back after.
Every case runs in pytest-django's own savepoint inside it, as any ``db`` test does, so what a
case writes is gone before the next. Each case also gets its own deep copy of the Python objects
and its own copy of the files the build wrote, exactly as if it had built the world itself.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.db import connection, transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from samverka.core.testing import World, make_world

T = TypeVar("T")
# The shared worlds with a transaction open (one per module at most).
_OPEN: set[SharedWorlds] = set()


class SharedWorlds:
    """At most one built world open at a time: a new key rolls the old one back first. Cases of
    a key run one after another (pytest keeps the order of the parametrisation), so a key is
    built about once per worker."""

    def __init__(self, blocker: DjangoDbBlocker, media: Path) -> None:
        self._blocker = blocker
        self._media = media
        self._key: object = None
        self._atomic: Any = None
        self._value: Any = None

    def get(self, key: object, build: Callable[[], T], media_root: Path) -> T:
        if self._atomic is None or key != self._key:
            # The test's own transaction must not be open yet: it would end up outside.
            opened = self._atomic is not None
            assert not (connection.savepoint_ids if opened else connection.in_atomic_block), (
                "a shared world must be set up before the test's db"
            )
            self.close()
            shutil.rmtree(self._media, ignore_errors=True)
            self._media.mkdir(parents=True)
            with self._blocker.unblock():
                self._atomic = transaction.atomic()
                self._atomic.__enter__()
                try:
                    with override_settings(MEDIA_ROOT=self._media):
                        self._value = build()
                except BaseException:
                    self.close()
                    raise
            self._key = key
            _OPEN.add(self)
        # The files as the build left them: a case may delete or add some.
        shutil.copytree(self._media, media_root, dirs_exist_ok=True)
        return copy.deepcopy(self._value)

    def close(self) -> None:
        if self._atomic is None:
            return
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic, self._key, self._value = None, None, None
        _OPEN.discard(self)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test without a shared world must not see one: roll it back before its fixtures."""
    if "shared_world" not in getattr(item, "fixturenames", ()):
        for worlds in list(_OPEN):
            worlds.close()


@pytest.fixture(scope="module")
def _shared_worlds(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[SharedWorlds]:
    worlds = SharedWorlds(django_db_blocker, tmp_path_factory.mktemp("shared") / "media")
    yield worlds
    worlds.close()


@pytest.fixture
def shared_world(
    request: pytest.FixtureRequest, _shared_worlds: SharedWorlds, settings: Any
) -> Callable[[object, Callable[[], T]], T]:
    """``shared_world(key, build)``: what ``build()`` returns, built once per key; then the
    test's database access (``db``) starts, inside the shared transaction. A test names ``db``
    after the fixture that calls this (pytest-django creates the test database only for tests
    that name it; fixtures are set up in the order the test names them)."""

    def get(key: object, build: Callable[[], T]) -> T:
        value = _shared_worlds.get(key, build, Path(settings.MEDIA_ROOT))
        # Only now: the test's savepoint must open inside the shared transaction.
        request.getfixturevalue("db")
        return value

    return get


def _prepared() -> World:
    from tests.test_authorization_matrix import _prepare

    world = make_world()
    _prepare(world)
    return world


def _prepared_with_foreign() -> tuple[World, dict[str, int]]:
    from tests.test_malformed_input import _foreign_ids

    world = _prepared()
    return world, _foreign_ids(world)


@pytest.fixture
def prepared_world(shared_world: Any) -> World:
    """The world with every row module's objects (``_prepare(world)``), shared in the module."""
    world: World = shared_world("prepared", _prepared)
    return world


@pytest.fixture
def prepared_foreign(shared_world: Any) -> tuple[World, dict[str, int]]:
    """``prepared_world`` and then ``_foreign_ids(world)``, shared in the module."""
    value: tuple[World, dict[str, int]] = shared_world("prepared+foreign", _prepared_with_foreign)
    return value
