"""Routes of /api/v1/ for stats (see samverka.core.api_v1_urls)."""

from typing import Any

from django.urls import URLPattern, path

from samverka.stats import api

NESTED = "municipalities/<slug:municipality_slug>/statistics/"
LIST: dict[str, Any] = {"get": "list"}
DETAIL: dict[str, Any] = {"get": "retrieve"}

urlpatterns: list[URLPattern] = [
    path(f"{NESTED}series/", api.SeriesViewSet.as_view(LIST), name="api-stats-series-list"),
    path(
        f"{NESTED}series/<int:pk>/",
        api.SeriesViewSet.as_view(DETAIL),
        name="api-stats-series-detail",
    ),
    path(f"{NESTED}values/", api.StatValueViewSet.as_view(LIST), name="api-stats-value-list"),
    path(
        f"{NESTED}reference/<int:pk>/",
        api.ReferenceValuesViewSet.as_view(DETAIL),
        name="api-stats-reference",
    ),
    path(
        "statistics/geographies/",
        api.GeographyViewSet.as_view(LIST),
        name="api-stats-geography-list",
    ),
    path(
        "statistics/series/",
        api.SharedSeriesViewSet.as_view(LIST),
        name="api-stats-shared-series-list",
    ),
    path(
        "statistics/values/",
        api.SharedValueViewSet.as_view(LIST),
        name="api-stats-shared-value-list",
    ),
]
