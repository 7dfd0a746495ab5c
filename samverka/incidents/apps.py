from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "samverka.incidents"
    label = "incidents"
    verbose_name = "Händelser"

    def ready(self) -> None:
        from samverka.core.examples import register_example_loader
        from samverka.incidents.example import load_example

        register_example_loader("incidents", load_example, order=20)
