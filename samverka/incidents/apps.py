from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "samverka.incidents"
    label = "incidents"
    verbose_name = "Händelser"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from samverka.core.extensions import (
            NavEntry,
            register_api_urls,
            register_example_loader,
            register_nav,
            register_page_urls,
        )
        from samverka.incidents.example import load_example

        register_page_urls("incidents", "samverka.incidents.urls", prefix="handelser/", order=20)
        register_api_urls("incidents", "samverka.incidents.api_urls", order=20)
        register_nav(
            NavEntry(
                name="incidents",
                label=gettext_lazy("Händelser"),
                url_name="incidents:index",
                nav="incidents",
                order=20,
                section="situation",
            )
        )
        register_example_loader("incidents", load_example, order=20)

        from samverka.background.signals import task_lost
        from samverka.incidents.tasks import import_task_lost

        task_lost.connect(import_task_lost, dispatch_uid="samverka-import-task-lost")
