"""Pages of the process app: the medborgarlöfte life cycle and its public page (see urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process.views import promises as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.promise_list, name="promise_list"),
    path("nytt/", views.promise_create, name="promise_create"),
    path("<int:pk>/", views.promise_detail, name="promise_detail"),
    path("<int:pk>/andra/", views.promise_edit, name="promise_edit"),
    path("<int:pk>/aktiviteter/ny/", views.promise_activity_add, name="promise_activity_add"),
    path(
        "<int:pk>/aktiviteter/<int:activity>/andra/",
        views.promise_activity_edit,
        name="promise_activity_edit",
    ),
    path("<int:pk>/underskrift/", views.promise_sign, name="promise_sign"),
    path("<int:pk>/fornya/", views.promise_renew, name="promise_renew"),
    path("offentlig/<slug:public_slug>/", views.promise_public, name="promise_public"),
]
