"""The process overview page: the cycle with counts and links, and what needs attention."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from samverka.accounts.access import access_of
from samverka.process.access import may_plan
from samverka.process.law import requirements
from samverka.process.overview import attention, cycle, related_parts, url_or_none


@require_GET
def index(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    today = timezone.localdate()
    return render(
        request,
        "process/overview.html",
        {
            "municipality": m,
            "nav": "process",
            "steps": cycle(m),
            "parts": related_parts(m),
            "attention": attention(m, today),
            "law_url": url_or_none("process:law", m),
            "law_missing": [r for r in requirements(m, today) if not r.met],
            "overdue_url": url_or_none("process:followups_overdue", m),
            "may_plan": may_plan(access),
            "today": today,
        },
    )
