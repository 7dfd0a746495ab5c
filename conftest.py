from typing import Any

import pytest
from django.contrib.auth import authenticate, login
from django.http import HttpRequest
from django.test import Client

from samverka.accounts.mfa import mark_verified
from samverka.core.testing import World, make_world


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    """Two municipalities with named users; see ``samverka.core.testing``."""
    return make_world()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # PBKDF2's deliberate slowness costs seconds per test world; tests don't need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_wait_in_the_queue(settings):  # type: ignore[no-untyped-def]
    # Queued background tasks wait for the test to run them (run_queued), as for a worker;
    # a test about the web process's own threads turns them back on.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def _force_login(self: Client, user: Any, backend: str | None = None) -> None:
    """``Client.force_login`` that also counts as a second factor shown in this session.

    Some 380 tests sign in with ``force_login`` to test what a user may do, not how they log in:
    for them the login is complete, as after a real second factor. It is not audited either.
    The tests of the login itself (samverka/accounts/tests/) use the real login form.
    """
    if backend is None:
        backend = self._get_backend()  # type: ignore[attr-defined]
    user.backend = backend
    request = HttpRequest()
    request._samverka_test_login = True  # type: ignore[attr-defined]  # see accounts/lockout.py
    request.session = self.session
    request.user = user  # type: ignore[assignment]  # as login() would, had it a user to replace
    login(request, user, backend)
    mark_verified(request, method="test")
    request.session.save()
    self._set_login_cookies(request)  # type: ignore[attr-defined]


def _login(self: Client, **credentials: Any) -> bool:
    """``Client.login`` through axes (which needs a request) and then as ``_force_login``."""
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    user = authenticate(request, **credentials)
    if user is None:
        return False
    _force_login(self, user)
    return True


@pytest.fixture(autouse=True)
def _force_login_is_a_complete_login(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(Client, "force_login", _force_login)
    monkeypatch.setattr(Client, "login", _login)
