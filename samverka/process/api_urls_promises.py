"""API routes of the process app: medborgarlöften and dialogues (see api_urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process.api import promises as api

M = "municipalities/<slug:municipality_slug>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{M}promises/", api.PromiseListView.as_view(), name="api-process-promise-list"),
    path(
        f"{M}promises/<int:pk>/", api.PromiseDetailView.as_view(), name="api-process-promise-detail"
    ),
    path(
        f"{M}promises/<int:pk>/sign/",
        api.PromiseSignView.as_view(),
        name="api-process-promise-sign",
    ),
    path(f"{M}dialogues/", api.DialogueListView.as_view(), name="api-process-dialogue-list"),
    path(
        f"{M}dialogues/<int:pk>/",
        api.DialogueDetailView.as_view(),
        name="api-process-dialogue-detail",
    ),
]
