"""Pages of the process app: problems, their evidence and priorities, and the cause analysis
(see urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process.views import problems as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.problem_list, name="problem_list"),
    path("nytt/", views.problem_create, name="problem_create"),
    path("prioritera/", views.problem_prioritise, name="problem_prioritise"),
    path("<int:pk>/", views.problem_detail, name="problem_detail"),
    path("<int:pk>/andra/", views.problem_edit, name="problem_edit"),
    path("<int:pk>/underlag/nytt/", views.problem_evidence_add, name="problem_evidence_add"),
    path(
        "<int:pk>/underlag/<int:evidence_pk>/ta-bort/",
        views.problem_evidence_delete,
        name="problem_evidence_delete",
    ),
    path("<int:pk>/bekrafta/", views.problem_confirm, name="problem_confirm"),
    path("<int:pk>/orsaksanalys/", views.cause_analysis, name="cause_analysis"),
    path("<int:pk>/orsaksanalys.svg", views.cause_analysis_svg_view, name="cause_analysis_svg"),
    path("<int:pk>/orsaker/ny/", views.cause_add, name="cause_add"),
    path("<int:pk>/orsaker/<int:cause_pk>/", views.cause_edit, name="cause_edit"),
    path("<int:pk>/orsaker/<int:cause_pk>/ta-bort/", views.cause_delete, name="cause_delete"),
]
