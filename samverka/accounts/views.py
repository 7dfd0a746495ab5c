"""The user's own account: logging in and out, the password and the API keys."""

from __future__ import annotations

from datetime import datetime, time
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverka.accounts import tokens
from samverka.accounts.forms import ApiTokenForm
from samverka.accounts.lockout import audit_for_user
from samverka.accounts.models import ApiToken, User
from samverka.accounts.sessions import end_all_sessions
from samverka.core.forms import add_service_errors


class LoginView(auth_views.LoginView):
    """Django's login form, with a button per municipality's identity provider."""

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        from samverka.accounts.oidc import providers_for_login

        context = super().get_context_data(**kwargs)
        context["oidc_providers"] = providers_for_login()
        return context


@login_not_required
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Log out here and everywhere: every other session of the user ends too."""
    user = request.user
    if user.is_authenticated:
        end_all_sessions(cast(User, user))
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Every other session and every API key ends with the old password; this one goes on.
        end_all_sessions(user)
        update_session_auth_hash(request, user)
        revoked = tokens.api_tokens_revoke_all(
            user=user, revoked_by=user, reason=_("nytt lösenord")
        )
        audit_for_user(user=user, actor=user, action="password_change", summary=user.username)
        messages.success(request, _("Lösenordet är bytt. Du är utloggad på alla andra enheter."))
        if revoked:
            messages.info(
                request,
                _("%(n)s API-nycklar är återkallade. Skapa nya vid behov.") % {"n": revoked},
            )
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})


@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """The user's API keys: make one (shown once), see when each was used, revoke."""
    user = cast(User, request.user)  # login is required by middleware
    form = ApiTokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            # The key is valid through the chosen day, in Swedish time.
            expires_at = timezone.make_aware(
                datetime.combine(data["expires_on"], time.max.replace(microsecond=0))
            )
            try:
                made = tokens.api_token_create(
                    user=user,
                    name=data["name"],
                    scope=data["scope"],
                    expires_at=expires_at,
                    created_by=user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                new_key = made.key
                messages.success(
                    request, _("Nyckeln är skapad. Kopiera den nu: den visas bara en gång.")
                )
                form = ApiTokenForm()
        else:
            status = 400
    rows = list(ApiToken.objects.filter(user=user).order_by("-created_at"))
    now = timezone.now()
    current = tokens.credential_stamp(user)
    for row in rows:
        row.is_live = (  # type: ignore[attr-defined]
            row.revoked_at is None and row.expires_at > now and row.credential_stamp == current
        )
    response = render(
        request,
        "accounts/api_token.html",
        {"form": form, "new_key": new_key, "tokens": rows},
        status=status,
    )
    if new_key:
        response["Cache-Control"] = "no-store"  # the key must not stay in any cache
    return response


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = (
        ApiToken.objects.filter(user=cast(User, request.user), pk=pk).select_related("user").first()
    )
    if token is None:
        raise Http404("No such key of yours")
    tokens.api_token_revoke(token=token, revoked_by=request.user)
    messages.success(request, _("Nyckeln %(name)s är återkallad.") % {"name": token.name})
    return redirect("accounts:api_token")
