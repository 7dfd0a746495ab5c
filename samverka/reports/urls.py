from django.urls import URLPattern, URLResolver, path

from samverka.reports import views

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("faktablad/<int:pk>/", views.factsheet, name="factsheet"),
    path("faktablad/<int:pk>.pdf", views.factsheet_pdf, name="factsheet_pdf"),
    path("faktablad/<int:pk>/pdf/", views.factsheet_pdf_job, name="factsheet_pdf_job"),
    path("texter/", views.text_list, name="text_list"),
    path("texter/<slug:key>/", views.text_edit, name="text_edit"),
    path("texter/<slug:key>/aterstall/", views.text_reset, name="text_reset"),
]
