"""The platform administrator's page of the background work (listed in config/urls.py)."""

from django.urls import path

from samverka.background import views

app_name = "background"
urlpatterns = [
    path("plattform/bakgrundsarbete/", views.overview, name="overview"),
    path(
        "plattform/bakgrundsarbete/misslyckade.<str:fmt>",
        views.failures_export,
        name="failures_export",
    ),
    path(
        "plattform/bakgrundsarbete/<uuid:pk>/forsok-igen/",
        views.retry,
        name="retry",
    ),
]
