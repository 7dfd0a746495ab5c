"""Passkeys as a second factor, through django-otp-webauthn's JSON endpoints.

The library's views, with one change: a session verified by samverka's own step (an app code,
a recovery code, an identity provider's MFA) counts as verified when a passkey is added, as
django-otp's own mark does. Passwordless login is off (``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN``):
a passkey is asked for after the password, never instead of it, so every login passes the
throttling and the audit of the password step.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views

from samverka.accounts.mfa import is_verified


class _SamverkaVerified:
    request: Any

    def user_is_mfa_enrolled(self, user: Any) -> bool:
        if is_verified(self.request):
            return False  # verified this session by samverka's own step
        return super().user_is_mfa_enrolled(user)  # type: ignore[misc]


class RegistrationBegin(_SamverkaVerified, views.BeginCredentialRegistrationView):
    pass


class RegistrationComplete(_SamverkaVerified, views.CompleteCredentialRegistrationView):
    pass


app_name = "otp_webauthn"
urlpatterns = [
    path("registrering/borja/", RegistrationBegin.as_view(), name="credential-registration-begin"),
    path(
        "registrering/klar/",
        RegistrationComplete.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "verifiering/borja/",
        views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "verifiering/klar/",
        views.CompleteCredentialAuthenticationView.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
