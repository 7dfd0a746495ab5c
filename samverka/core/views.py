from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samverka.accounts.access import municipalities_for_user
from samverka.core.forms import add_service_errors

logger = logging.getLogger(__name__)

T = TypeVar("T")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Start: straight to the user's own work in their municipality when there is only one
    (``workbench:start``; the organisation overview stays at ``organisation:municipality``)."""
    municipalities = list(municipalities_for_user(request.user))
    if len(municipalities) == 1:
        return redirect("workbench:start", municipality=municipalities[0].slug)
    return render(request, "core/home.html", {"municipalities": municipalities})


@login_not_required
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: 200 when the database answers, 503 with the reason when not
    (a monitor then says what is wrong instead of showing a bare server error)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database is unreachable")
        return JsonResponse(
            {
                "status": "error",
                "database": "unreachable",
                "detail": _("Databasen går inte att nå."),
            },
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def saved_or_none(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], T],
    *,
    message: Callable[[T], str],
    to: Callable[[T], str],
    refused: Callable[[forms.BaseForm, ValidationError], None] = add_service_errors,
    refresh: Model | None = None,
) -> HttpResponse | None:
    """A POSTed form handed to its service: on success the message and a redirect to ``to``;
    None when the form or the service refuses, so that the caller shows the form again (400).

    The service's ValidationError goes on the form through ``refused``; ``refresh`` reloads an
    edited object, so that the page header does not show the refused values."""
    if not form.is_valid():
        return None
    try:
        result = save()
    except ValidationError as exc:
        refused(form, exc)
        if refresh is not None:
            refresh.refresh_from_db()
        return None
    messages.success(request, message(result))
    return redirect(to(result))


def delete_page(
    request: HttpRequest,
    *,
    delete: Callable[[], object],
    message: str,
    to: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The confirmation page of a delete: a POST deletes, shows ``message`` and redirects to
    ``to``; a refusal of the service is shown on the page (400) as ``error``."""
    error = ""
    if request.method == "POST":
        try:
            delete()
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, message)
            return redirect(to)
    return render(request, template, {**context, "error": error}, status=400 if error else 200)
