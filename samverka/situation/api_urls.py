"""Routes of /api/v1/ for situation (see samverka.core.api_v1_urls)."""

from typing import Any

from django.urls import URLPattern, path

from samverka.situation import api

NESTED = "municipalities/<slug:municipality_slug>/"
LIST: dict[str, Any] = {"get": "list"}
RETRIEVE: dict[str, Any] = {"get": "retrieve"}

urlpatterns: list[URLPattern] = [
    path(
        f"{NESTED}situation-reports/",
        api.SituationReportViewSet.as_view(LIST),
        name="api-situation-report-list",
    ),
    path(
        f"{NESTED}situation-reports/<int:pk>/",
        api.SituationReportViewSet.as_view(RETRIEVE),
        name="api-situation-report-detail",
    ),
    path(f"{NESTED}situation/", api.LiveViewSet.as_view(LIST), name="api-situation-live"),
    path(f"{NESTED}situation/map/", api.MapViewSet.as_view(LIST), name="api-situation-map"),
]
