"""Routes of /api/v1/ for incidents (see samverka.core.api_v1_urls)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path

from samverka.incidents import api
from samverka.organisation.api_urls import NESTED, resource

READ_DELETE: dict[str, Any] = {"get": "retrieve", "delete": "destroy"}
LIST: dict[str, Any] = {"get": "list", "post": "create"}

urlpatterns: list[URLPattern] = [
    *resource("incidents", api.IncidentViewSet, "incident"),
    *resource("incident-categories", api.CategoryViewSet, "incident-category"),
    *resource("incident-roster", api.RosterEntryViewSet, "incident-roster-entry"),
    path(
        f"{NESTED}nothing-to-report/",
        api.NothingToReportViewSet.as_view(LIST),
        name="api-nothing-to-report-list",
    ),
    path(
        f"{NESTED}nothing-to-report/<int:pk>/",
        api.NothingToReportViewSet.as_view(READ_DELETE),
        name="api-nothing-to-report-detail",
    ),
    path(
        f"{NESTED}incident-coverage/",
        api.CoverageViewSet.as_view({"get": "list"}),
        name="api-incident-coverage",
    ),
]
