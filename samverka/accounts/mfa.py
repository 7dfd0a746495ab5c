"""The second factor: who needs one, whether this session has shown it, and the middleware that
sends a user who needs one to enrolment or verification before any page.

Required for coordinators (in any municipality), platform admins and Django staff, and members of
an SSPF group; offered to everybody, and once a user has a device it is asked for at every login.
Devices are django-otp's: an authenticator app (TOTP), passkeys (django-otp-webauthn) and
single-use recovery codes (static). A login through an identity provider that vouches for
its own second factor counts too (``samverka.accounts.oidc``).

The session remembers the verification under ``SESSION_KEY`` (user and method); a new login
starts without it, since Django's login cycles the session and ``logout`` flushes it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.models import Device

from samverka.accounts.models import Role, User

SESSION_KEY = "samverka_mfa"

# Pages a user who still owes a second factor may reach: the factor's own pages, the passkey
# endpoints, logging out, and what every page needs (language, static files are served earlier).
EXEMPT_PREFIXES = (
    "/konto/tvastegsverifiering/",
    "/konto/webauthn/",
    "/konto/logga-ut/",
    "/konto/logga-in/",
    "/konto/oidc/",
    "/i18n/",
    "/health/",
)


def mark_verified(request: HttpRequest, *, method: str, device: Device | None = None) -> None:
    """Record in the session that its user has shown a second factor."""
    request.session[SESSION_KEY] = {"user": request.user.pk, "method": method}
    if device is not None:
        otp_login(request, device)  # django-otp's own mark, which the passkey views read


def is_verified(request: HttpRequest) -> bool:
    data = request.session.get(SESSION_KEY)
    return isinstance(data, dict) and data.get("user") == request.user.pk


def verified_method(request: HttpRequest) -> str | None:
    data = request.session.get(SESSION_KEY)
    return data.get("method") if isinstance(data, dict) else None


def is_sspf_member(user: User) -> bool:
    from samverka.organisation.models import GroupKind, Membership  # organisation builds on us

    today = date.today()
    return (
        Membership.objects.filter(person__user=user, group__kind=GroupKind.SSPF)
        .exclude(end_date__lt=today)
        .exists()
    )


def second_factor_required(user: User) -> bool:
    """Whether the user's work demands a second factor (not whether they chose one)."""
    if user.is_platform_admin or user.is_staff or user.is_superuser:
        return True
    if user.municipality_roles.filter(role=Role.COORDINATOR).exists():
        return True
    return is_sspf_member(user)


def has_device(user: User) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


class SecondFactorMiddleware:
    """Sends a logged-in user who owes a second factor to enrolment or verification.

    Pages redirect; the API answers 403 with a Swedish message for a session that has not shown
    its second factor. A request with an API key carries no session user here (DRF
    authenticates it later) and goes through: keys are made after the second factor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self._check(request)
        return refusal if refusal is not None else self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or is_verified(request):
            return None
        if getattr(user, "is_verified", lambda: False)():
            # A passkey verified through django-otp-webauthn's own views.
            mark_verified(request, method="webauthn")
            return None
        if request.path.startswith(EXEMPT_PREFIXES):
            return None
        enrolled = has_device(user)  # type: ignore[arg-type]
        if not enrolled and not second_factor_required(user):  # type: ignore[arg-type]
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": _(
                        "Logga in med tvåstegsverifiering i webbläsaren först, eller använd en "
                        "API-nyckel."
                    )
                },
                status=403,
            )
        target = "accounts:mfa_verify" if enrolled else "accounts:mfa_totp_enrol"
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(target)}?{query}")
