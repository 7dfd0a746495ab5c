from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "samverka.reports"
    label = "reports"
