from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samverka.core"
    label = "core"
