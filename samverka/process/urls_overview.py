"""Pages of the process app: the overview, the law & method view and the dialogues (see urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process import views_overview

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_overview.index, name="index"),
]
