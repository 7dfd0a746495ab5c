from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "samverka.incidents"
    label = "incidents"
