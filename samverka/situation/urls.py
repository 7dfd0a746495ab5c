"""Pages of the lägesbild, under /k/<municipality>/lagesbild/."""

from django.urls import URLPattern, URLResolver, path

from samverka.situation.views import compiling, files, findings, pages, public

app_name = "situation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", pages.index, name="index"),
    path("lista.<str:fmt>", pages.export, name="export"),
    path("utkast/", pages.live, name="live"),
    path("ny/", pages.create, name="create"),
    path("<int:pk>/", pages.detail, name="detail"),
    path("<int:pk>/bedomning/", compiling.assess, name="assess"),
    path("<int:pk>/faststall/", compiling.adopt, name="adopt"),
    path("<int:pk>/ny-version/", compiling.new_version, name="new_version"),
    path("<int:pk>/publicering/", compiling.publish, name="publish"),
    path("<int:pk>/ta-bort/", compiling.delete, name="delete"),
    path("<int:pk>/atgard/", findings.act, name="act"),
    path("<int:pk>/jamfor/<int:other>/", compiling.compare, name="compare"),
    path("<int:pk>/lagesbild.pdf", files.pdf, name="pdf"),
    path("<int:pk>/lagesbild.xlsx", files.xlsx, name="xlsx"),
    path("<int:pk>/lagesbild.geojson", files.geojson, name="geojson"),
    path("offentlig/", public.public_list, name="public_list"),
    path("offentlig/<int:pk>/", public.public_detail, name="public_detail"),
]
