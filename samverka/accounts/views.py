from typing import cast

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from samverka.accounts.models import User


@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Lösenordet är bytt."))
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})


@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """Create, renew or revoke the user's API token (shown once, when created)."""
    user = cast(User, request.user)  # login is required by middleware
    new_key = None
    if request.method == "POST":
        Token.objects.filter(user=user).delete()
        if request.POST.get("action") == "create":
            new_key = Token.objects.create(user=user).key
            messages.success(request, _("En ny API-nyckel är skapad. Spara den nu."))
        else:
            messages.success(request, _("API-nyckeln är återkallad."))
    has_token = Token.objects.filter(user=user).exists()
    return render(request, "accounts/api_token.html", {"new_key": new_key, "has_token": has_token})
