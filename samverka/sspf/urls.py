from django.urls import URLPattern, path

from samverka.sspf import views

app_name = "sspf"

urlpatterns: list[URLPattern] = [
    path("", views.case_list, name="case_list"),
    path("arenden/nytt/", views.case_create, name="case_create"),
    path("arenden/<int:pk>/", views.case_detail, name="case_detail"),
    path("arenden/<int:pk>/andra/", views.case_edit, name="case_edit"),
    path("arenden/<int:pk>/personer/ny/", views.person_add, name="person_add"),
    path(
        "arenden/<int:pk>/personer/<int:person>/samtycke/",
        views.consent_add,
        name="consent_add",
    ),
    path(
        "arenden/<int:pk>/personer/<int:person>/visa-namn/",
        views.person_reveal,
        name="person_reveal",
    ),
    path("arenden/<int:pk>/atgarder/ny/", views.action_add, name="action_add"),
    path("arenden/<int:pk>/atgarder/<int:action>/klar/", views.action_done, name="action_done"),
    path("arenden/<int:pk>/uppfoljning/ny/", views.follow_up_add, name="follow_up_add"),
    path("antal/", views.counts, name="counts"),
    path("installningar/", views.settings_edit, name="settings"),
]
