"""The start page: the person's own work in one municipality (selectors.py has the lists)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from samverka.accounts.access import access_of
from samverka.workbench import selectors
from samverka.workbench.services import visit_record


@require_GET
def start(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    now = timezone.now()
    today = timezone.localdate(now)
    # Recording this visit answers when the previous one was: the changes are those since.
    since = visit_record(access=access, now=now)
    return render(
        request,
        "workbench/start.html",
        {
            "municipality": access.municipality,
            "nav": "workbench",
            "person": access.person,
            "may_report": access.may_report,
            "meetings": selectors.next_meetings(access, now=now),
            "minutes": selectors.minutes_to_approve(access),
            "commitments": selectors.my_commitments(access, today=today),
            "followups": selectors.followups_due(access, today=today),
            "rounds": selectors.unanswered_rounds(access, today=today),
            "reports": selectors.reports_to_adopt(access),
            "since": since,
            "changes": selectors.changes_since(access, since=since, now=now),
        },
    )
