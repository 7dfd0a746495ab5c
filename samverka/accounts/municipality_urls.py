from django.urls import path

from samverka.accounts import access_log_views, user_views

app_name = "users"
urlpatterns = [
    path("anvandare/", user_views.user_list, name="list"),
    path("anvandare/export.<str:fmt>", user_views.user_export, name="export"),
    path("anvandare/ny/", user_views.user_create, name="create"),
    path("anvandare/<int:pk>/andra/", user_views.user_edit, name="edit"),
    path("anvandare/<int:pk>/ta-bort/", user_views.user_remove, name="remove"),
    # The access log of personal data: coordinators and the data protection officer.
    path("atkomstlogg/", access_log_views.access_log, name="access_log"),
    path(
        "atkomstlogg/export.<str:fmt>", access_log_views.access_log_export, name="access_log_export"
    ),
    path(
        "atkomstlogg/lagringstid/",
        access_log_views.access_log_retention,
        name="access_log_retention",
    ),
]
