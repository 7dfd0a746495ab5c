"""API keys: made, checked and revoked here; only a SHA-256 of each secret is stored.

A key reads ``svk_<prefix>_<secret>``: 8 hex characters of public prefix to find the row and 32
random bytes of secret (43 characters of base64url). The secret's SHA-256 is compared in constant
time. A key also stops working when its user's password changes (``credential_stamp``), when it
expires (at most a year) and when it is revoked. Bad keys are counted per address by axes
(``samverka.accounts.lockout``), so they cannot be guessed from one address without limit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from samverka.accounts.access import AnyUser
from samverka.accounts.lockout import API_TOKEN_CREDENTIAL, audit_for_user
from samverka.accounts.models import ApiToken, ApiTokenScope, User

KEY_PREFIX = "svk"
MAX_LIFETIME = timedelta(days=366)
# ``last_used_at`` is written at most this often: not one write per API call.
LAST_USED_GRANULARITY = timedelta(minutes=5)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def credential_stamp(user: User) -> str:
    """A digest of the user's password hash: a new password makes every key of theirs invalid.

    The password only, not the session's security stamp: logging out of the browser ends
    sessions but leaves the keys of an integration working (a password change ends both)."""
    return salted_hmac("samverka.accounts.ApiToken", user.password, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once, never stored


@transaction.atomic
def api_token_create(
    *, user: User, name: str, scope: str, expires_at: Any, created_by: AnyUser | None
) -> NewToken:
    """Make a key for ``user``; the returned ``key`` is the only copy there will ever be."""
    name = name.strip()
    if not name:
        raise ValidationError(
            {"name": _("Ge nyckeln ett namn, t.ex. systemet som ska använda den.")}
        )
    if scope not in ApiTokenScope.values:
        raise ValidationError({"scope": _("Välj en behörighet i listan.")})
    now = timezone.now()
    if expires_at is None or expires_at <= now:
        raise ValidationError({"expires_at": _("Sista giltighetsdag måste ligga i framtiden.")})
    if expires_at > now + MAX_LIFETIME:
        raise ValidationError({"expires_at": _("En nyckel får gälla i högst ett år.")})
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=prefix,
        secret_hash=_hash(secret),
        scope=scope,
        credential_stamp=credential_stamp(user),
        expires_at=expires_at,
    )
    audit_for_user(
        user=user,
        actor=created_by,  # type: ignore[arg-type]
        action="token_create",
        obj=token,
        summary=f"{user.username}: {token.name} ({token.get_scope_display()}), "
        f"giltig till {timezone.localdate(expires_at):%Y-%m-%d}",
    )
    return NewToken(token=token, key=f"{KEY_PREFIX}_{prefix}_{secret}")


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by: AnyUser | None, reason: str = "") -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_for_user(
        user=token.user,
        actor=revoked_by,  # type: ignore[arg-type]
        action="token_revoke",
        obj=token,
        summary=f"{token.user.username}: {token.name}" + (f" ({reason})" if reason else ""),
    )


def api_tokens_revoke_all(*, user: User, revoked_by: AnyUser | None, reason: str) -> int:
    """Revoke every live key of ``user`` (a new password, a closed account)."""
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        api_token_revoke(token=token, revoked_by=revoked_by, reason=reason)
    return len(tokens)


def _parse(key: str) -> tuple[str, str] | None:
    parts = key.split("_", 2)  # the secret is base64url: it may hold "_" itself
    if len(parts) != 3 or parts[0] != KEY_PREFIX or len(parts[1]) != 8 or not parts[2]:
        return None
    return parts[1], parts[2]


def token_for_key(key: str) -> ApiToken | None:
    """The live key that ``key`` is, or None. Every check runs whether or not the prefix exists."""
    parsed = _parse(key)
    prefix, secret = parsed if parsed else ("", key)
    token = (
        ApiToken.objects.select_related("user").filter(prefix=prefix).first() if prefix else None
    )
    # Compare even without a row, so that timing does not tell which prefixes exist.
    expected = token.secret_hash if token is not None else _hash("")
    if not hmac.compare_digest(expected, _hash(secret)) or token is None:
        return None
    if token.revoked_at is not None or token.expires_at <= timezone.now():
        return None
    user = token.user
    if not user.is_active or not hmac.compare_digest(
        token.credential_stamp, credential_stamp(user)
    ):
        return None
    return token


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token svk_…``; a read-only key gets 403 on every unsafe method."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() != self.keyword.lower().encode():
            return None
        if len(auth) != 2:
            raise exceptions.AuthenticationFailed(_("Ogiltigt huvud: ange en nyckel efter Token."))
        try:
            key = auth[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Ogiltig API-nyckel.")) from None
        django_request = request._request
        credentials = {API_TOKEN_CREDENTIAL: True, "username": None}
        if not AxesProxyHandler.is_allowed(django_request, credentials):
            raise exceptions.Throttled(
                detail=_("För många ogiltiga API-nycklar från din adress. Försök igen senare.")
            )
        token = token_for_key(key)
        if token is None:
            user_login_failed.send(
                sender=type(self), credentials=credentials, request=django_request
            )
            raise exceptions.AuthenticationFailed(
                _("Ogiltig, utgången eller återkallad API-nyckel.")
            )
        if token.scope == ApiTokenScope.READ and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("Nyckeln får bara läsa, inte ändra."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The key in the OpenAPI schema (drf-spectacular finds it by the class's path)."""

    target_class = "samverka.accounts.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'API-nyckel: "Token svk_…" (skapas under API-nycklar).',
        }
