"""Pages of the process app: the overview, the law & method view and the dialogues (see urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process.views import annual_report as views_annual
from samverka.process.views import dialogues as views_dialogues
from samverka.process.views import law as views_law
from samverka.process.views import overview as views_overview

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_overview.index, name="index"),
    path("lag-och-metod/", views_law.law, name="law"),
    path("lag-och-metod/<slug:criterion>/bekrafta/", views_law.law_confirm, name="law_confirm"),
    path("dialoger/", views_dialogues.dialogue_list, name="dialogue_list"),
    path("dialoger/ny/", views_dialogues.dialogue_create, name="dialogue_create"),
    path("dialoger/<int:pk>/", views_dialogues.dialogue_detail, name="dialogue_detail"),
    path("dialoger/<int:pk>/andra/", views_dialogues.dialogue_edit, name="dialogue_edit"),
    path("arsrapport/", views_annual.annual_report_current, name="annual_report_current"),
    path("arsrapport/<int:year>/", views_annual.annual_report, name="annual_report"),
    path(
        "arsrapport/<int:year>/pdf/", views_annual.annual_report_pdf_view, name="annual_report_pdf"
    ),
    path(
        "arsrapport/<int:year>/xlsx/",
        views_annual.annual_report_xlsx_view,
        name="annual_report_xlsx",
    ),
    path("arsrapport/<int:year>/json/", views_annual.annual_report_json, name="annual_report_json"),
]
