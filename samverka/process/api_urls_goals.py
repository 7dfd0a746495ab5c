"""API routes of the process app: goals and indicators (see api_urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process.api import goals as api

M = "municipalities/<slug:municipality_slug>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{M}goals/", api.GoalListView.as_view(), name="api-process-goal-list"),
    path(f"{M}goals/<int:pk>/", api.GoalDetailView.as_view(), name="api-process-goal-detail"),
    path(f"{M}indicators/", api.IndicatorListView.as_view(), name="api-process-indicator-list"),
    path(
        f"{M}indicators/<int:pk>/",
        api.IndicatorDetailView.as_view(),
        name="api-process-indicator-detail",
    ),
    path(
        f"{M}indicators/<int:pk>/values/",
        api.ValueListView.as_view(),
        name="api-process-indicator-value-list",
    ),
    path(
        f"{M}indicators/<int:pk>/values/<int:value_pk>/approve/",
        api.ValueApproveView.as_view(),
        name="api-process-indicator-value-approve",
    ),
]
