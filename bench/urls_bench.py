"""The production URLs plus ``/bench/bare/`` (see bench/settings_bench.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as production


def bare(request: HttpRequest) -> HttpResponse:
    """The ceiling: a response through the whole middleware stack with no work of its own."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *production]
