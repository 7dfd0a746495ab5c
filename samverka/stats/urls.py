from django.urls import URLPattern, URLResolver, path

from samverka.stats.views import imports, links, pages

app_name = "stats"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", pages.index, name="index"),
    path("export.<str:fmt>", pages.value_export, name="value_export"),
    path("jamfor/", pages.compare, name="compare"),
    path("jamfor/export.<str:fmt>", pages.compare_export, name="compare_export"),
    path("serier/<int:pk>/", pages.series_detail, name="series_detail"),
    path("serier/<int:pk>/export.<str:fmt>", pages.series_export, name="series_export"),
    path("statistikomraden/", pages.geography_list, name="geography_list"),
    path("omraden/<int:pk>/koppling/", links.area_link, name="area_link"),
    path("importera/", imports.import_file, name="import"),
    path("importer/<int:pk>/", imports.import_detail, name="import_detail"),
]
