"""API routes of the process app: problems (see api_urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process.api import problems as api

NESTED = "municipalities/<slug:municipality_slug>/problems/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(NESTED, api.ProblemListView.as_view(), name="api-process-problem-list"),
    path(
        f"{NESTED}prioritise/", api.PrioritiseView.as_view(), name="api-process-problem-prioritise"
    ),
    path(f"{NESTED}<int:pk>/", api.ProblemDetailView.as_view(), name="api-process-problem-detail"),
    path(
        f"{NESTED}<int:pk>/evidence/",
        api.EvidenceListView.as_view(),
        name="api-process-problem-evidence-list",
    ),
    path(
        f"{NESTED}<int:pk>/evidence/<int:evidence_pk>/",
        api.EvidenceDetailView.as_view(),
        name="api-process-problem-evidence-detail",
    ),
    path(
        f"{NESTED}<int:pk>/cause-analysis/",
        api.AnalysisView.as_view(),
        name="api-process-cause-analysis",
    ),
    path(f"{NESTED}<int:pk>/causes/", api.CauseListView.as_view(), name="api-process-cause-list"),
    path(
        f"{NESTED}<int:pk>/causes/<int:cause_pk>/",
        api.CauseDetailView.as_view(),
        name="api-process-cause-detail",
    ),
    path(
        f"{NESTED}<int:pk>/confirm/", api.ConfirmView.as_view(), name="api-process-problem-confirm"
    ),
]
