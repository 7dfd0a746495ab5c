"""Pages of the process app: goals, sub-goals and indicators (see urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process.views import goals as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.goal_list, name="goal_list"),
    path("nytt/", views.goal_create, name="goal_create"),
    path("<int:pk>/", views.goal_detail, name="goal_detail"),
    path("<int:pk>/andra/", views.goal_edit, name="goal_edit"),
    path("<int:pk>/ta-bort/", views.goal_delete, name="goal_delete"),
    path("dokument/<int:pk>/lyft-mal/", views.goals_promote, name="goals_promote"),
    path("<int:pk>/indikatorer/ny/", views.indicator_create, name="indicator_create"),
    path("indikatorer/export.<str:fmt>", views.indicator_export, name="indicator_export"),
    path("indikatorer/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indikatorer/<int:pk>/andra/", views.indicator_edit, name="indicator_edit"),
    path(
        "indikatorer/<int:pk>/varden/nytt/", views.indicator_value_add, name="indicator_value_add"
    ),
    path(
        "indikatorer/<int:pk>/varden/<int:value_pk>/godkann/",
        views.indicator_value_approve,
        name="indicator_value_approve",
    ),
    path("indikatorer/<int:pk>/diagram.svg", views.indicator_chart_svg, name="indicator_chart_svg"),
]
