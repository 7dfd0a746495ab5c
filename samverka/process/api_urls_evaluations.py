"""API routes of the process app: evaluations and the lessons library (see api_urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process.api import evaluations as api

NESTED = "municipalities/<slug:municipality_slug>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        f"{NESTED}evaluations/",
        api.EvaluationListView.as_view(),
        name="api-process-evaluation-list",
    ),
    path(
        f"{NESTED}evaluations/<int:pk>/",
        api.EvaluationDetailView.as_view(),
        name="api-process-evaluation-detail",
    ),
    path(f"{NESTED}lessons/", api.LessonListView.as_view(), name="api-process-lesson-list"),
    path(
        f"{NESTED}lessons/<int:pk>/",
        api.LessonDetailView.as_view(),
        name="api-process-lesson-detail",
    ),
]
