"""Throttling of guessed passwords and API tokens (django-axes), and the audit of every login.

Failures are counted per account *and* per address, each on its own (``lockout_parameters``):
the twelfth failure in a row for one username locks that username, whatever address it comes
from, and the twelfth from one address locks that address, whatever username it tries. The lock
lifts after ``AXES_COOLOFF_TIME``; the right password does nothing while it holds.

Bad API tokens are counted per address only: a token's public prefix is no secret, so counting
them per account would let anybody lock another user's integration out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality, User

# The credentials key that marks an attempt with an API token rather than a password.
API_TOKEN_CREDENTIAL = "samverka_api_token"  # noqa: S105 (a key name, not a secret)


@contextmanager
def platform_scope() -> Iterator[None]:
    """Row-level security's widest scope (``samverka.core.rls``), for what is written before
    anybody is logged in: a failed login is filed under the account's municipalities, which an
    anonymous request may not otherwise see or write."""
    from samverka.core.rls import EVERYTHING, reset_scope, set_scope

    token = set_scope(EVERYTHING)
    try:
        yield
    finally:
        reset_scope(token)


def lockout_parameters(request: Any, credentials: dict[str, Any] | None) -> list[str]:
    """Axes' AXES_LOCKOUT_PARAMETERS: per account and per address, each on its own."""
    if credentials and credentials.get(API_TOKEN_CREDENTIAL):
        return ["ip_address"]
    return ["username", "ip_address"]


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """Axes' AXES_LOCKOUT_CALLABLE: a Swedish page (JSON for the API), status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request.path.startswith("/api/"):
        message = _(
            "För många misslyckade försök från din adress. Försök igen om %(minutes)s minuter."
        ) % {"minutes": minutes}
        return JsonResponse({"detail": message}, status=429)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/lockout.html", context, status=429)


def _municipalities(user: User) -> list[Municipality | None]:
    """Where a user's login is audited: each municipality of theirs, so that every coordinator
    sees it in their own log; platform staff without a role get one row without."""
    found: list[Municipality | None] = [
        role.municipality for role in user.municipality_roles.select_related("municipality")
    ]
    return found or [None]


def _client(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(getattr(request, "axes_ip_address", "") or request.META.get("REMOTE_ADDR", ""))


def _user_by_name(username: str | None) -> User | None:
    if not username:
        return None
    return User.objects.filter(username__iexact=username).first()


def audit_for_user(
    *, user: User, actor: User | None, action: str, summary: str, obj: Any = None
) -> None:
    """One audit row per municipality of ``user`` (or one without, see ``_municipalities``)."""
    with platform_scope():
        for municipality in _municipalities(user):
            audit(
                municipality=municipality,
                user=actor,
                action=action,
                obj=obj if obj is not None else user,
                summary=summary,
            )


@receiver(user_logged_in, dispatch_uid="samverka_audit_login")
def _audit_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    if getattr(request, "_samverka_test_login", False):
        return  # the test client's force_login is not a login worth a row
    # A success clears this account's failures (from any address), never the address's count.
    AccessAttempt.objects.filter(username__iexact=user.get_username()).delete()
    method = getattr(request, "samverka_login_method", "password")
    audit_for_user(
        user=user,
        actor=user,
        action="login",
        summary=f"{user.username}: {method} från {_client(request)}",
    )


@receiver(user_logged_out, dispatch_uid="samverka_audit_logout")
def _audit_logout(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is None or getattr(request, "_samverka_test_login", False):
        return
    audit_for_user(user=user, actor=user, action="logout", summary=user.username)


@receiver(user_login_failed, dispatch_uid="samverka_audit_login_failed")
def _audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # audited once as "locked_out" below, not as a failure too
    client = _client(request)
    if credentials.get(API_TOKEN_CREDENTIAL):
        audit(
            municipality=None,
            user=None,
            action="token_failed",
            obj=User(),
            summary=f"Ogiltig API-nyckel från {client}",
        )
        return
    username = str(credentials.get("username") or "")
    user = _user_by_name(username)
    if user is None:
        # An unknown name is filed under no municipality; it could be anybody's typo.
        audit(
            municipality=None,
            user=None,
            action="login_failed",
            obj=User(),
            summary=f"{username[:150]}: okänt användarnamn från {client}",
        )
        return
    audit_for_user(
        user=user, actor=None, action="login_failed", summary=f"{user.username}: från {client}"
    )


@receiver(user_locked_out, dispatch_uid="samverka_audit_lockout")
def _audit_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    credentials = getattr(request, "axes_credentials", None) or {}
    user = _user_by_name(username)
    # The signal comes for the failure that locks and again for each attempt during the lock.
    first = getattr(request, "axes_failures_since_start", None) is not None
    action = "locked_out" if first else "login_blocked"
    if credentials.get(API_TOKEN_CREDENTIAL) or user is None:
        audit(
            municipality=None,
            user=None,
            action=action,
            obj=User(),
            summary=f"{(username or '')[:150]} från {ip_address}",
        )
        return
    audit_for_user(
        user=user, actor=None, action=action, summary=f"{user.username} från {ip_address}"
    )
