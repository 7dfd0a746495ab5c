"""Login through a municipality's identity provider over OpenID Connect (authlib).

Authorization code flow with PKCE (S256), state and nonce, all kept in the session by authlib;
the ID token's signature (from the provider's JWKS), issuer, audience, expiry and nonce are
checked before anything else is read.

Accounts are linked by the provider's subject (``OidcIdentity``), never by e-mail: a provider
run by one municipality must not be able to claim an account of another (or a platform admin's)
by asserting its e-mail address. A platform administrator links an existing account in the admin
by adding its identity row; otherwise the first login makes a new account
(``<provider>.<sub>``, no usable password). Each login sets the role in the provider's
municipality from the groups claim: the provider is where roles are decided for its users.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.django_client import OAuth
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from samverka.accounts.audit import audit
from samverka.accounts.lockout import platform_scope
from samverka.accounts.mfa import mark_verified
from samverka.accounts.models import MunicipalityRole, OidcIdentity, OidcProvider, Role, User

log = logging.getLogger(__name__)
NEXT_KEY = "samverka_oidc_next"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def providers_for_login() -> list[OidcProvider]:
    with platform_scope():
        return list(OidcProvider.objects.filter(enabled=True).select_related("municipality"))


def _client(provider: OidcProvider) -> Any:
    oauth = OAuth()
    return oauth.register(
        name=f"samverka_{provider.slug}",
        client_id=provider.client_id,
        client_secret=provider.client_secret_value(),
        server_metadata_url=provider.discovery_url,
        client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256", "timeout": 10},
    )


def _provider(slug: str) -> OidcProvider:
    with platform_scope():
        provider = (
            OidcProvider.objects.filter(slug=slug, enabled=True)
            .select_related("municipality")
            .first()
        )
    if provider is None:
        raise Http404("No such identity provider")
    return provider


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


def role_from_claims(provider: OidcProvider, claims: dict[str, Any]) -> str | None:
    """The strongest role whose group the user is in, else the default (None: no login)."""
    raw = claims.get(provider.groups_claim) or []
    groups = {raw} if isinstance(raw, str) else {str(g) for g in raw if isinstance(g, str | int)}
    for role, configured in (
        (Role.COORDINATOR, provider.coordinator_groups),
        (Role.MEMBER, provider.member_groups),
        (Role.READER, provider.reader_groups),
    ):
        if groups & _lines(configured):
            return str(role)
    return provider.default_role or None


def counts_as_second_factor(provider: OidcProvider, claims: dict[str, Any]) -> bool:
    if provider.trusted_for_mfa:
        return True
    amr = claims.get("amr") or []
    amr_values = {amr} if isinstance(amr, str) else {str(v) for v in amr}
    wanted = {v.strip() for v in provider.mfa_amr_values.split(",") if v.strip()}
    if amr_values & wanted:
        return True
    acr_wanted = {v.strip() for v in provider.mfa_acr_values.split(",") if v.strip()}
    return bool(claims.get("acr")) and str(claims.get("acr")) in acr_wanted


def _username(provider: OidcProvider, subject: str) -> str:
    safe = re.sub(r"[^\w.@+-]", "-", subject)
    return f"{provider.slug}.{safe}"[:150]


@transaction.atomic
def oidc_user_for_claims(*, provider: OidcProvider, claims: dict[str, Any]) -> User:
    """The account for a verified ID token, made or updated, with its role set and audited."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise ValidationError(_("Identitetsleverantören skickade ingen identitet (sub)."))
    role = role_from_claims(provider, claims)
    if role is None:
        raise ValidationError(
            _("Du har ingen roll i samverka för %(m)s. Kontakta kommunens samordnare.")
            % {"m": provider.municipality}
        )
    municipality = provider.municipality
    identity = (
        OidcIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=provider, subject=subject)
        .first()
    )
    if identity is None:
        user = User(
            username=_username(provider, subject),
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
            email=str(claims.get("email") or "")[:254] if claims.get("email_verified") else "",
        )
        user.set_unusable_password()
        user.save()
        identity = OidcIdentity.objects.create(provider=provider, subject=subject, user=user)
        audit(
            municipality=municipality,
            user=None,
            action="create",
            obj=user,
            summary=f"{user.username}: konto via {provider.name}",
        )
    user = identity.user
    if not user.is_active:
        raise ValidationError(_("Kontot är avstängt. Kontakta kommunens samordnare."))
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at"])
    current = MunicipalityRole.objects.filter(user=user, municipality=municipality).first()
    previous = current.role if current is not None else None
    if current is None:
        MunicipalityRole.objects.create(user=user, municipality=municipality, role=role)
    elif current.role != role:
        current.role = role
        current.save(update_fields=["role"])
    if previous != role:
        audit(
            municipality=municipality,
            user=None,
            action="role_from_idp",
            obj=user,
            summary=f"{user.username}: {Role(role).label} via {provider.name}",
        )
    return user


@login_not_required
@never_cache
@require_GET
def oidc_login(request: HttpRequest, slug: str) -> HttpResponse:
    provider = _provider(slug)
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        request.session[NEXT_KEY] = target
    redirect_uri = request.build_absolute_uri(reverse("accounts:oidc_callback", args=[slug]))
    try:
        return _client(provider).authorize_redirect(request, redirect_uri)  # type: ignore[no-any-return]
    except Exception:  # the provider's metadata could not be fetched: say so, not a 500
        log.exception("OIDC discovery failed for %s", provider.slug)
        messages.error(
            request, _("%(p)s svarar inte just nu. Försök igen senare.") % {"p": provider.name}
        )
        return redirect("accounts:login")


@login_not_required
@never_cache
@require_GET
def oidc_callback(request: HttpRequest, slug: str) -> HttpResponse:
    provider = _provider(slug)
    try:
        token = _client(provider).authorize_access_token(request)
        claims = token.get("userinfo")
        if not claims:
            raise OAuthError(description="no ID token")
        with platform_scope():
            user = oidc_user_for_claims(provider=provider, claims=dict(claims))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:login")
    except Exception:  # a bad state, nonce, signature or answer: no login, one clear message
        log.warning("OIDC login through %s refused", provider.slug, exc_info=True)
        with platform_scope():
            audit(
                municipality=provider.municipality,
                user=None,
                action="login_failed",
                obj=provider,
                summary=f"OIDC via {provider.name}",
            )
        messages.error(
            request,
            _("Inloggningen via %(p)s gick inte igenom. Försök igen.") % {"p": provider.name},
        )
        return redirect("accounts:login")
    target = request.session.pop(NEXT_KEY, "") or reverse("core:home")
    request.samverka_login_method = f"oidc {provider.slug}"  # type: ignore[attr-defined]
    login(request, user, backend=BACKEND)
    if counts_as_second_factor(provider, dict(claims)):
        mark_verified(request, method="oidc")
    return redirect(target)
