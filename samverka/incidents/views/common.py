"""Helpers shared by the incident pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samverka.accounts.access import is_coordinator
from samverka.accounts.models import Municipality
from samverka.incidents.access import may_report

NAV = "incidents"


def page(
    request: HttpRequest,
    template: str,
    municipality: Municipality,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    context.setdefault("nav", NAV)
    context.setdefault("is_coordinator", is_coordinator(request.user, municipality))
    context.setdefault("may_report", may_report(request.user, municipality))
    return render(request, template, {"municipality": municipality, **context}, status=status)
