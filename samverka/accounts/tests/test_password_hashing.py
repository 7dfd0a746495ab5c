"""Passwords are stored with Argon2id; a password stored with PBKDF2 still logs in and is
stored again with Argon2id (the tests elsewhere use MD5 for speed; these use the real list)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, make_password
from django.test import Client
from django.urls import reverse

from samverka.core.testing import PASSWORD, World

pytestmark = pytest.mark.django_db

PRODUCTION_HASHERS = [
    "samverka.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]


@pytest.fixture
def production_hashers(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


def test_the_settings_store_passwords_with_argon2id_first() -> None:
    # The conftest replaces the list per test; the module's own value is what production runs.
    import config.settings as production

    assert production.PASSWORD_HASHERS == PRODUCTION_HASHERS


def test_a_new_password_is_argon2id_with_owasp_parameters(production_hashers: None) -> None:
    stored = make_password("en lång lösenfras")
    assert stored.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("en lång lösenfras", stored)
    assert not check_password("fel lösenfras", stored)


def test_a_pbkdf2_password_logs_in_and_is_stored_again_with_argon2id(
    production_hashers: None, world: World, client: Client
) -> None:
    dave = world.dave
    dave.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    dave.save(update_fields=["password"])

    response = client.post(reverse("accounts:login"), {"username": "dave", "password": PASSWORD})

    assert response.status_code == 302
    dave.refresh_from_db()
    assert dave.password.startswith("argon2$argon2id$")
    assert dave.check_password(PASSWORD)


def test_an_argon2_hash_with_other_parameters_is_stored_again_with_ours(
    production_hashers: None, world: World, client: Client
) -> None:
    # Django's stock Argon2 parameters (100 MiB, 8 lanes): the same algorithm, other costs.
    from django.contrib.auth.hashers import Argon2PasswordHasher

    dave = world.dave
    dave.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    dave.save(update_fields=["password"])
    assert "m=102400" in dave.password

    client.post(reverse("accounts:login"), {"username": "dave", "password": PASSWORD})

    dave.refresh_from_db()
    assert "m=19456,t=2,p=1" in dave.password
