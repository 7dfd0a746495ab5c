"""API routes of the knowledge-based process (each part in its api_urls_<part>.py)."""

from django.urls import include, path

urlpatterns = [
    path("", include("samverka.process.api_urls_problems")),
    path("", include("samverka.process.api_urls_goals")),
    path("", include("samverka.process.api_urls_plans")),
    path("", include("samverka.process.api_urls_evaluations")),
    path("", include("samverka.process.api_urls_promises")),
    path("", include("samverka.process.api_urls_overview")),
]
