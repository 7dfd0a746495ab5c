"""Helpers shared by the incident pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samverka.accounts.access import access_of
from samverka.accounts.models import Municipality

NAV = "incidents"


def page(
    request: HttpRequest,
    template: str,
    municipality: Municipality,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    access = access_of(request)
    context.setdefault("nav", NAV)
    context.setdefault("is_coordinator", access.is_coordinator)
    context.setdefault("may_report", access.may_report)
    return render(request, template, {"municipality": municipality, **context}, status=status)
