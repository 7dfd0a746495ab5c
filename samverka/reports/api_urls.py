"""Routes of /api/v1/ for reports (see samverka.core.api_v1_urls)."""

from typing import Any

from django.urls import URLPattern, path

from samverka.reports.api import FactSheetViewSet

DETAIL: dict[str, Any] = {"get": "retrieve"}

urlpatterns: list[URLPattern] = [
    path(
        "municipalities/<slug:municipality_slug>/factsheets/<int:pk>/",
        FactSheetViewSet.as_view(DETAIL),
        name="api-factsheet",
    ),
]
