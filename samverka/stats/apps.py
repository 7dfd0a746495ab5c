from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "samverka.stats"
    label = "stats"
