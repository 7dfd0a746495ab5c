from django.urls import URLPattern, URLResolver, path

from samverka.incidents.views import imports, incidents, rounds, taxonomy

app_name = "incidents"

urlpatterns: list[URLPattern | URLResolver] = [
    # Reports
    path("", incidents.index, name="index"),
    path("export.<str:fmt>", incidents.export, name="export"),
    path("ny/", incidents.create, name="create"),
    path("ny/punkt/", incidents.point_area, name="point_area"),
    path("<int:pk>/", incidents.detail, name="detail"),
    path("<int:pk>/andra/", incidents.edit, name="edit"),
    path("<int:pk>/granskning/", incidents.set_status, name="status"),
    path("<int:pk>/ta-bort/", incidents.delete, name="delete"),
    # The taxonomy
    path("kategorier/", taxonomy.category_list, name="categories"),
    path("kategorier/ny/", taxonomy.category_create, name="category_create"),
    path("kategorier/<int:pk>/andra/", taxonomy.category_edit, name="category_edit"),
    path("kategorier/standard/", taxonomy.categories_install, name="categories_install"),
    # Reporting rounds and the roster
    path("rapportering/", rounds.round_page, name="round"),
    path("rapportering/export.<str:fmt>", rounds.round_export, name="round_export"),
    path(
        "rapportering/inget-att-rapportera/",
        rounds.nothing_to_report,
        name="nothing_to_report",
    ),
    path("rapportering/paminn/", rounds.remind, name="remind"),
    path("rapportering/lista/", rounds.roster, name="roster"),
    path("rapportering/lista/<int:pk>/", rounds.roster_entry, name="roster_entry"),
    # Imports
    path("import/", imports.upload, name="import"),
    path("import/<int:pk>/", imports.job_page, name="import_job"),
    path("import/<int:pk>/bekrafta/", imports.job_confirm_view, name="import_confirm"),
    path("import/kolumner/", imports.column_mapping, name="column_mapping"),
    path("import/mall.<str:fmt>", imports.import_template, name="import_template"),
]
