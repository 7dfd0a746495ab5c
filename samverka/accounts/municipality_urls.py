from django.urls import path

from samverka.accounts import user_views

app_name = "users"
urlpatterns = [
    path("anvandare/", user_views.user_list, name="list"),
    path("anvandare/export.<str:fmt>", user_views.user_export, name="export"),
    path("anvandare/ny/", user_views.user_create, name="create"),
    path("anvandare/<int:pk>/andra/", user_views.user_edit, name="edit"),
    path("anvandare/<int:pk>/ta-bort/", user_views.user_remove, name="remove"),
]
