"""The coordinator's guided start, under /k/<municipality>/startguide/."""

from django.urls import path

from samverka.onboarding import views

app_name = "onboarding_start"
urlpatterns = [
    path("", views.index, name="index"),
    path("omraden/kommunomrade/", views.root_area_create, name="root_area_create"),
    path("aktorer/forslag/", views.actors_create, name="actors_create"),
    path("grupper/mall/", views.structure_apply, name="structure_apply"),
    path("<slug:step>/", views.step, name="step"),
]
