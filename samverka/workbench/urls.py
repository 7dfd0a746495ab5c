"""The start page, under /k/<municipality>/start/."""

from django.urls import URLPattern, URLResolver, path

from samverka.workbench import views

app_name = "workbench"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.start, name="start"),
]
