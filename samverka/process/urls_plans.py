"""Pages of the process app: plans (see urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process.views import plans as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.plan_list, name="plan_list"),
    path("ny/", views.plan_create, name="plan_create"),
    path("forsenade-uppfoljningar/", views.followups_overdue, name="followups_overdue"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/andra/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/anta/", views.plan_adopt, name="plan_adopt"),
    path("<int:pk>/versioner/", views.plan_versions, name="plan_versions"),
    path(
        "<int:pk>/versioner/<int:number>/",
        views.plan_version_detail,
        name="plan_version_detail",
    ),
    path("<int:pk>/jamfor/", views.plan_compare, name="plan_compare"),
    path("<int:pk>/atgardsplan.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/atgardsplan.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path("<int:pk>/atgarder.<str:fmt>", views.plan_export, name="plan_export"),
    path("<int:pk>/atgard/ny/", views.measure_create, name="measure_create"),
    path("atgard/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("atgard/<int:pk>/andra/", views.measure_edit, name="measure_edit"),
    path("atgard/<int:pk>/anta/", views.measure_adopt, name="measure_adopt"),
    path("atgard/<int:pk>/aktivitet/ny/", views.activity_create, name="activity_create"),
    path(
        "atgard/<int:pk>/aktivitet/<int:activity_pk>/",
        views.activity_edit,
        name="activity_edit",
    ),
    path("atgard/<int:pk>/uppfoljning/ny/", views.followup_create, name="followup_create"),
    path(
        "atgard/<int:pk>/uppfoljning/<int:followup_pk>/",
        views.followup_detail,
        name="followup_detail",
    ),
]
