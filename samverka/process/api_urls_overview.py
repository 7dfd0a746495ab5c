"""API routes of the process app: the law & method status (see api_urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process.api import promises as api

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "municipalities/<slug:municipality_slug>/law-status/",
        api.LawStatusView.as_view(),
        name="api-process-law-status",
    ),
]
