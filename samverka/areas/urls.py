from django.urls import path

from samverka.areas import views, views_places

app_name = "areas"
urlpatterns = [
    path("omraden/", views.area_list, name="list"),
    path("omraden/export.<str:fmt>", views.area_export, name="export"),
    path("omraden.geojson", views.area_geojson, name="geojson"),
    path("omraden/ny/", views.area_create, name="create"),
    path("omraden/<int:pk>/", views.area_detail, name="detail"),
    path("omraden/<int:pk>/andra/", views.area_edit, name="edit"),
    path("omraden/<int:pk>/ta-bort/", views.area_delete, name="delete"),
    path("omraden/<int:pk>/folkmangd/", views.population_set, name="population_set"),
    path(
        "omraden/<int:pk>/folkmangd/<int:year>/ta-bort/",
        views.population_delete,
        name="population_delete",
    ),
    path("platser/", views_places.place_list, name="place_list"),
    path("platser/export.<str:fmt>", views_places.place_export, name="place_export"),
    path("platser.geojson", views_places.place_geojson, name="place_geojson"),
    path("platser/ny/", views_places.place_create, name="place_create"),
    path("platser/<int:pk>/", views_places.place_detail, name="place_detail"),
    path("platser/<int:pk>/andra/", views_places.place_edit, name="place_edit"),
    path("platser/<int:pk>/ta-bort/", views_places.place_delete, name="place_delete"),
]
