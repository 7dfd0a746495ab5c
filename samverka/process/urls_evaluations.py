"""Pages of the process app: evaluations of measures and the lessons-learned library (see
urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process.views import evaluations as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.evaluation_list, name="evaluation_list"),
    path("atgard/<int:pk>/ny/", views.evaluation_create, name="evaluation_create"),
    path("<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("lardomar/", views.lesson_list, name="lesson_list"),
    path("lardomar/ny/", views.lesson_create, name="lesson_create"),
    path("lardomar/<int:pk>/", views.lesson_detail, name="lesson_detail"),
    path("lardomar/<int:pk>/andra/", views.lesson_edit, name="lesson_edit"),
]
