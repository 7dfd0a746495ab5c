"""Rows of login: the second factor, passkeys, API keys and the identity providers.

The matrix's users log in with ``force_login``, which the root conftest counts as a completed
second factor; the MFA middleware's refusals are tested in samverka/accounts/tests/test_mfa.py.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from samverka.accounts.models import ApiToken
from samverka.accounts.tokens import api_token_create
from samverka.core.testing import World
from tests.authz.common import ANY_ACCOUNT, DONE, LOGIN, Row, _profile

ACCOUNT_DONE = _profile(
    anonymous=LOGIN, olle=DONE, dave=DONE, carol=DONE, bob=DONE, alice=DONE, root=DONE
)
ACCOUNT_404 = _profile(anonymous=LOGIN, olle=404, dave=404, carol=404, bob=404, alice=404, root=404)
ACCOUNT_302 = _profile(anonymous=LOGIN, olle=302, dave=302, carol=302, bob=302, alice=302, root=302)
NOBODY_404 = _profile(anonymous=404, olle=404, dave=404, carol=404, bob=404, alice=404, root=404)
# Each user's own keys only: another user's key is not found.
OWN_KEY = _profile(anonymous=LOGIN, olle=404, dave=404, carol=404, bob=404, alice=DONE, root=404)


def prepare(w: World) -> None:
    api_token_create(
        user=w.alice,
        name="Matrisen",
        scope="read",
        expires_at=timezone.now() + timedelta(days=1),
        created_by=w.alice,
    )


def _alice_key(w: World) -> dict[str, Any]:
    # Looked up, not made: building a URL must not write (the sweeps count rows around requests).
    token = ApiToken.objects.filter(user=w.alice, name="Matrisen").first()
    assert token is not None, "prepare() makes alice's key"
    return {"pk": token.pk}


ROWS: list[Row] = [
    # The empty form is a 400: "done" (handled, not refused).
    Row("accounts:api_token", None, {"GET": ANY_ACCOUNT, "POST": ACCOUNT_DONE}),
    Row("accounts:api_token_revoke", _alice_key, {"POST": OWN_KEY}),
    Row("accounts:mfa_overview", None, {"GET": ANY_ACCOUNT}),
    Row("accounts:mfa_totp_enrol", None, {"GET": ANY_ACCOUNT, "POST": ACCOUNT_DONE}),
    # Without a device the verification step sends the user to enrolment.
    Row("accounts:mfa_verify", None, {"GET": ACCOUNT_302, "POST": ACCOUNT_302}),
    Row("accounts:mfa_recovery_codes", None, {"POST": ACCOUNT_DONE}),
    Row(
        "accounts:mfa_device_remove",
        lambda w: {"kind": "totpdevice", "pk": 999_999},
        {"POST": ACCOUNT_404},
    ),
    # No provider by that name: 404 for everybody (the pages need no login of their own).
    Row("accounts:oidc_login", lambda w: {"slug": "ingen"}, {"GET": NOBODY_404}),
    Row("accounts:oidc_callback", lambda w: {"slug": "ingen"}, {"GET": NOBODY_404}),
    Row("otp_webauthn:credential-registration-begin", None, {"POST": ACCOUNT_DONE}),
    Row("otp_webauthn:credential-registration-complete", None, {"POST": ACCOUNT_DONE}),
    Row("otp_webauthn:credential-authentication-begin", None, {"POST": ACCOUNT_DONE}),
    Row("otp_webauthn:credential-authentication-complete", None, {"POST": ACCOUNT_DONE}),
    Row("otp_webauthn:js-i18n-catalog", None, {"GET": ANY_ACCOUNT}),
]
