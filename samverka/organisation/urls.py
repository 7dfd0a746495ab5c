from django.urls import path

from samverka.organisation.views import (
    actors,
    checklist,
    documents,
    groups,
    health,
    memberships,
    municipality,
    orgfile,
    people,
    specialists,
)

app_name = "organisation"
urlpatterns = [
    # The municipality's start page, its settings and the organisation as a file.
    path("", municipality.detail, name="municipality"),
    path("andra/", municipality.edit, name="municipality_edit"),
    path("organisationsfil.<str:fmt>", municipality.orgfile_download, name="orgfile_download"),
    path("organisationsfil/importera/", orgfile.orgfile_import, name="orgfile_import"),
    # The organisation chart.
    path("schema/", groups.chart, name="chart"),
    path("schema.svg", groups.chart_svg, name="chart_svg"),
    path("schema.png", groups.chart_png, name="chart_png"),
    # Groups, their members and the coordination unit's specialist functions.
    path("grupper/", groups.group_list, name="group_list"),
    path("grupper/export.<str:fmt>", groups.group_export, name="group_export"),
    path("grupper/ny/", groups.group_create, name="group_create"),
    path("grupper/<int:pk>/", groups.group_detail, name="group_detail"),
    path("grupper/<int:pk>/andra/", groups.group_edit, name="group_edit"),
    path("grupper/<int:pk>/ta-bort/", groups.group_delete, name="group_delete"),
    path("grupper/<int:pk>/medlemmar/ny/", memberships.membership_create, name="membership_create"),
    path(
        "grupper/<int:pk>/medlemmar/export.<str:fmt>",
        memberships.membership_export,
        name="membership_export",
    ),
    path(
        "grupper/<int:pk>/medlemmar/<int:membership_pk>/andra/",
        memberships.membership_edit,
        name="membership_edit",
    ),
    path(
        "grupper/<int:pk>/medlemmar/<int:membership_pk>/ta-bort/",
        memberships.membership_delete,
        name="membership_delete",
    ),
    path(
        "grupper/<int:pk>/specialistfunktioner/ny/",
        specialists.specialist_create,
        name="specialist_create",
    ),
    path(
        "grupper/<int:pk>/specialistfunktioner/<int:function_pk>/andra/",
        specialists.specialist_edit,
        name="specialist_edit",
    ),
    path(
        "grupper/<int:pk>/specialistfunktioner/<int:function_pk>/ta-bort/",
        specialists.specialist_delete,
        name="specialist_delete",
    ),
    # Actors (organisations).
    path("aktorer/", actors.organisation_list, name="organisation_list"),
    path("aktorer/export.<str:fmt>", actors.organisation_export, name="organisation_export"),
    path("aktorer/ny/", actors.organisation_create, name="organisation_create"),
    path("aktorer/<int:pk>/", actors.organisation_detail, name="organisation_detail"),
    path("aktorer/<int:pk>/andra/", actors.organisation_edit, name="organisation_edit"),
    path("aktorer/<int:pk>/ta-bort/", actors.organisation_delete, name="organisation_delete"),
    # People.
    path("personer/", people.person_list, name="person_list"),
    path("personer/export.<str:fmt>", people.person_export, name="person_export"),
    path("personer/ny/", people.person_create, name="person_create"),
    path("personer/<int:pk>/", people.person_detail, name="person_detail"),
    path("personer/<int:pk>/andra/", people.person_edit, name="person_edit"),
    path("personer/<int:pk>/ta-bort/", people.person_delete, name="person_delete"),
    # Governing documents.
    path("dokument/", documents.document_list, name="document_list"),
    path("dokument/export.<str:fmt>", documents.document_export, name="document_export"),
    path("dokument/ny/", documents.document_create, name="document_create"),
    path("dokument/<int:pk>/", documents.document_detail, name="document_detail"),
    path("dokument/<int:pk>/andra/", documents.document_edit, name="document_edit"),
    path("dokument/<int:pk>/ta-bort/", documents.document_delete, name="document_delete"),
    path("dokument/<int:pk>/fil/", documents.document_file, name="document_file"),
    # Brå's set-up questions and the health check.
    path("kom-igang/", checklist.checklist, name="checklist"),
    path("kom-igang/export.<str:fmt>", checklist.checklist_export, name="checklist_export"),
    path("kom-igang/<slug:key>/", checklist.answer, name="checklist_answer"),
    path("halsokontroll/", health.health, name="health"),
    path("halsokontroll/export.<str:fmt>", health.health_export, name="health_export"),
]
