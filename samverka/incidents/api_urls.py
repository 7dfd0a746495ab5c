"""Routes of /api/v1/ for incidents (see samverka.core.api_v1_urls)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
