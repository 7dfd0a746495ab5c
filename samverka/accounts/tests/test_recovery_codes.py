"""Recovery codes are kept only as keyed hashes: shown once, each works once, and the codes of
before (django-otp's plain static tokens) are moved to hashes by the migration."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from samverka.accounts.models import RecoveryCode, RecoveryCodeDevice
from samverka.accounts.recovery_codes import code_hash
from samverka.accounts.tests.test_mfa import enrol_with_codes, password_login
from samverka.core.testing import World

pytestmark = pytest.mark.django_db

migration = importlib.import_module("samverka.accounts.migrations.0008_move_static_recovery_codes")


def _everything_in_the_database() -> str:
    """Every value of the code tables, as text."""
    with connection.cursor() as cursor:
        rows = []
        for table in (RecoveryCode._meta.db_table, StaticToken._meta.db_table):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (our own table names)
            rows += cursor.fetchall()
    return repr(rows)


def test_the_database_holds_no_code_in_plain_text(world: World, client: Client) -> None:
    password_login(client, "alice")
    _device, codes = enrol_with_codes(client, world.alice)
    stored = _everything_in_the_database()
    assert RecoveryCode.objects.filter(device__user=world.alice).count() == 10
    for shown in codes:
        assert shown.replace(" ", "") not in stored
        assert shown not in stored


def test_a_code_works_typed_in_capitals_with_dashes_and_new_codes_end_the_old(
    world: World, client: Client
) -> None:
    password_login(client, "alice")
    _device, codes = enrol_with_codes(client, world.alice)
    client.post(reverse("accounts:logout"))
    password_login(client, "alice")
    typed = codes[1].upper().replace(" ", "-")
    assert client.post(reverse("accounts:mfa_verify"), {"otp_token": typed}).status_code == 302
    fresh = client.post(reverse("accounts:mfa_recovery_codes"))
    assert fresh.status_code == 200 and "Dina reservkoder" in fresh.content.decode()
    client.post(reverse("accounts:logout"))
    password_login(client, "alice")
    old = client.post(reverse("accounts:mfa_verify"), {"otp_token": codes[2]})
    assert old.status_code == 400


def test_the_migration_moves_plain_codes_to_hashes_that_still_work_once(
    world: World, client: Client
) -> None:
    static = StaticDevice.objects.create(user=world.dave, name="reservkoder", confirmed=True)
    StaticToken.objects.bulk_create(
        [StaticToken(device=static, token=t) for t in ("abcd2345", "efgh6723")]
    )
    migration.forwards(apps, None)
    assert not StaticDevice.objects.filter(user=world.dave).exists()
    assert not StaticToken.objects.exists()
    device = RecoveryCodeDevice.objects.get(user=world.dave)
    assert set(device.codes.values_list("code_hash", flat=True)) == {
        code_hash("abcd2345"),
        code_hash("efgh6723"),
    }
    assert "abcd2345" not in _everything_in_the_database()
    # Dave chose a second factor before: he is asked for it, and the old code answers, once.
    password_login(client, "dave")
    ok = client.post(reverse("accounts:mfa_verify"), {"otp_token": "abcd2345"})
    assert ok.status_code == 302
    assert device.codes.count() == 1


def test_rotating_the_secret_key_keeps_the_codes_while_the_old_key_is_a_fallback(
    world: World, settings: object
) -> None:
    device = RecoveryCodeDevice.objects.create(user=world.dave, name="reservkoder", confirmed=True)
    RecoveryCode.objects.create(device=device, code_hash=code_hash("abcd efgh ijkl mnop"))
    old = settings.SECRET_KEY  # type: ignore[attr-defined]
    settings.SECRET_KEY = "a-new-key-" + "y" * 50  # type: ignore[attr-defined]
    settings.SECRET_KEY_FALLBACKS = [old]  # type: ignore[attr-defined]
    assert device.verify_token("abcdefghijklmnop")
    assert not device.verify_token("abcdefghijklmnop")
