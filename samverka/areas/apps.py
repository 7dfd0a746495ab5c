from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "samverka.areas"
    label = "areas"
