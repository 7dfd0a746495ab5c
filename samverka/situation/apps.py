from django.apps import AppConfig


class SituationConfig(AppConfig):
    name = "samverka.situation"
    label = "situation"
