"""Pages of the second factor: the overview, enrolling an authenticator app, verifying after the
password, recovery codes, removing a device. Passkeys use django-otp-webauthn's JSON endpoints
(``samverka.accounts.webauthn``) from the overview and the verification page.
"""

from __future__ import annotations

from base64 import b32encode
from typing import cast

import segno
from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from samverka.accounts.lockout import audit_for_user
from samverka.accounts.mfa import (
    has_device,
    is_verified,
    mark_verified,
    second_factor_required,
    verified_method,
)
from samverka.accounts.models import RecoveryCode, RecoveryCodeDevice, User
from samverka.accounts.recovery_codes import code_hash, new_code, shown

RECOVERY_CODES = 10


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Kod"),
        max_length=24,  # a recovery code in groups: "abcd efgh ijkl mnop"
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=gettext_lazy("Sex siffror från appen, eller en av dina reservkoder."),
    )

    def token(self) -> str:
        return "".join(self.cleaned_data["otp_token"].split())


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _recovery_codes_make(user: User) -> list[str]:
    """A fresh set of single-use codes (the old set stops working), to be shown this once: only
    their hashes are kept."""
    with transaction.atomic():
        device, _created = RecoveryCodeDevice.objects.get_or_create(
            user=user, name="reservkoder", defaults={"confirmed": True}
        )
        device.codes.all().delete()
        codes = [new_code() for _i in range(RECOVERY_CODES)]
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(device=device, code_hash=code_hash(c)) for c in codes]
        )
    return [shown(c) for c in codes]


def _qr_svg(url: str) -> str:
    """The enrolment link as an inline SVG: no request to anybody's QR service."""
    svg = segno.make(url, error="m").svg_inline(scale=5, title=_("QR-kod för autentiseringsappen"))
    return mark_safe(svg)


@never_cache
@require_http_methods(["GET"])
def mfa_overview(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    devices = list(devices_for_user(user, confirmed=True))
    recovery = next((d for d in devices if isinstance(d, RecoveryCodeDevice)), None)
    return render(
        request,
        "accounts/mfa_overview.html",
        {
            "devices": [
                {"name": d.name, "kind": d.__class__.__name__.lower(), "pk": d.pk}
                for d in devices
                if not isinstance(d, RecoveryCodeDevice)
            ],
            "recovery_left": recovery.codes.count() if recovery else 0,
            "required": second_factor_required(user),
            "verified": is_verified(request),
            "method": verified_method(request),
            "next": _next(request),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def mfa_totp_enrol(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the code (or type the secret), then prove it with a code."""
    user = cast(User, request.user)
    if has_device(user) and not is_verified(request):
        # Whoever has only the password must not add a device of their own.
        return _to("accounts:mfa_verify", request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Autentiseringsapp"), confirmed=False)
    form = CodeForm(request.POST or None)
    codes = None
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.token()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            mark_verified(request, method="totp", device=device)
            audit_for_user(
                user=user,
                actor=user,
                action="mfa_enrol",
                obj=device,
                summary=f"{user.username}: app",
            )
            if not RecoveryCode.objects.filter(device__user=user).exists():
                codes = _recovery_codes_make(user)
            messages.success(request, _("Tvåstegsverifieringen med appen är på."))
            if codes is None:
                return redirect(_next(request))
        else:
            form.add_error(
                "otp_token",
                _("Koden stämmer inte. Kontrollera klockan i telefonen och försök igen."),
            )
    secret = b32encode(device.bin_key).decode()
    status = 400 if request.method == "POST" and codes is None else 200
    return render(
        request,
        "accounts/mfa_totp_enrol.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": second_factor_required(user),
            "codes": codes,
            "next": _next(request),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """The step after the password: a code from the app, a recovery code or a passkey."""
    user = cast(User, request.user)
    if not has_device(user):
        return _to("accounts:mfa_totp_enrol", request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.token())
        if device is not None:
            method = "static" if isinstance(device, RecoveryCodeDevice) else "totp"
            mark_verified(request, method=method, device=device)
            request.session.cycle_key()  # a new session id for the stronger login
            audit_for_user(
                user=user,
                actor=user,
                action="mfa_verify",
                obj=device,
                summary=f"{user.username}: {method}",
            )
            if method == "static":
                messages.warning(
                    request,
                    _("Du loggade in med en reservkod. Den går inte att använda igen."),
                )
            return redirect(_next(request))
        audit_for_user(user=user, actor=None, action="mfa_failed", obj=user, summary=user.username)
        form.add_error(
            "otp_token",
            _("Koden stämmer inte. Efter flera fel får du vänta en stund mellan försöken."),
        )
    return render(
        request,
        "accounts/mfa_verify.html",
        {
            "form": form,
            "next": _next(request),
            "has_passkey": any(
                d.__class__.__name__ == "WebAuthnCredential"
                for d in devices_for_user(user, confirmed=True)
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@require_POST
def mfa_recovery_codes(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if not is_verified(request):
        return _to("accounts:mfa_verify", request)
    codes = _recovery_codes_make(user)
    audit_for_user(
        user=user, actor=user, action="mfa_recovery_codes", obj=user, summary=user.username
    )
    return render(request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": "/"})


@require_POST
def mfa_device_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    if not is_verified(request):
        return redirect(_url("accounts:mfa_verify"))
    device = next(
        (
            d
            for d in devices_for_user(user, confirmed=True)
            if d.pk == pk and d.__class__.__name__.lower() == kind
        ),
        None,
    )
    if device is None or isinstance(device, RecoveryCodeDevice):
        raise Http404("No such device of yours")
    others = [
        d
        for d in devices_for_user(user, confirmed=True)
        if d != device and not isinstance(d, RecoveryCodeDevice)
    ]
    if not others and second_factor_required(user):
        messages.error(
            request,
            _(
                "Du måste ha tvåstegsverifiering. Lägg till ett annat sätt innan du tar bort "
                "det här."
            ),
        )
        return redirect("accounts:mfa_overview")
    audit_for_user(
        user=user,
        actor=user,
        action="mfa_remove",
        obj=device,
        summary=f"{user.username}: {device.name}",
    )
    device.delete()
    messages.success(request, _("Det är borttaget."))
    return redirect("accounts:mfa_overview")


def _url(name: str) -> str:
    return reverse(name)


def _to(name: str, request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse(name)}?{urlencode({'next': _next(request)})}")
