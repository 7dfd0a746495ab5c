"""Pages outside any municipality: the platform administrator's new municipality and its
invitation, and the invited person's one-time link (listed in config/urls.py)."""

from django.urls import path

from samverka.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("plattform/kommuner/ny/", views.municipality_create, name="municipality_create"),
    path("plattform/kommuner/<slug:slug>/bjud-in/", views.invite, name="invite"),
    path("inbjudan/<str:token>/", views.accept, name="accept"),
]
