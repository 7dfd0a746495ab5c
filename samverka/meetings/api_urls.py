"""Routes of /api/v1/ for meetings (see samverka.core.api_v1_urls)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from rest_framework.viewsets import ViewSetMixin

from samverka.meetings import api

NESTED = "municipalities/<slug:municipality_slug>/"
LIST: dict[str, Any] = {"get": "list", "post": "create"}
READ: dict[str, Any] = {"get": "retrieve"}
PATCH: dict[str, Any] = {"get": "retrieve", "patch": "partial_update"}
PATCH_DELETE: dict[str, Any] = {**PATCH, "delete": "destroy"}


def resource(
    prefix: str, viewset: type[ViewSetMixin], name: str, detail: dict[str, Any]
) -> list[URLPattern]:
    return [
        path(f"{NESTED}{prefix}/", viewset.as_view(LIST), name=f"api-{name}-list"),
        path(f"{NESTED}{prefix}/<int:pk>/", viewset.as_view(detail), name=f"api-{name}-detail"),
    ]


def action(route: str, viewset: type[ViewSetMixin], method: str, name: str) -> URLPattern:
    verb = "get" if method == "agenda" else "post"
    return path(f"{NESTED}{route}", viewset.as_view({verb: method}), name=f"api-{name}")


urlpatterns = [
    # Meetings: plan a year's series, convene an acute meeting, move, cancel, send the notice.
    action("meetings/plan/", api.MeetingViewSet, "plan", "meeting-plan"),
    action("meetings/acute/", api.MeetingViewSet, "acute", "meeting-acute"),
    *resource("meetings", api.MeetingViewSet, "meeting", PATCH),
    action("meetings/<int:pk>/cancel/", api.MeetingViewSet, "cancel", "meeting-cancel"),
    action("meetings/<int:pk>/notice/", api.MeetingViewSet, "notice", "meeting-notice"),
    action("meetings/<int:pk>/agenda/", api.MeetingViewSet, "agenda", "meeting-agenda"),
    # Agenda items: members suggest, the officers accept or decline.
    action("agenda-items/suggest/", api.AgendaItemViewSet, "suggest", "agenda-item-suggest"),
    *resource("agenda-items", api.AgendaItemViewSet, "agenda-item", PATCH_DELETE),
    action("agenda-items/<int:pk>/accept/", api.AgendaItemViewSet, "accept", "agenda-item-accept"),
    action(
        "agenda-items/<int:pk>/decline/", api.AgendaItemViewSet, "decline", "agenda-item-decline"
    ),
    # Minutes: write the draft, approve (justera) in person or record a paper approval, start a
    # new version of approved minutes.
    *resource("minutes", api.MinutesViewSet, "minutes", PATCH),
    action("minutes/<int:pk>/approve/", api.MinutesViewSet, "approve", "minutes-approve"),
    action(
        "minutes/<int:pk>/new-version/", api.MinutesViewSet, "new_version", "minutes-new-version"
    ),
    action(
        "minutes/<int:pk>/paper-approval/",
        api.MinutesViewSet,
        "paper_approval",
        "minutes-paper-approval",
    ),
    # Proposals to a deciding group, decisions within mandate, commitments and their follow-up.
    *resource("proposals", api.ProposalViewSet, "proposal", READ),
    action("proposals/<int:pk>/withdraw/", api.ProposalViewSet, "withdraw", "proposal-withdraw"),
    *resource("decisions", api.DecisionViewSet, "decision", READ),
    *resource("commitments", api.CommitmentViewSet, "commitment", PATCH),
]
