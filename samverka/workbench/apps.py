from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    """The start page: each person's own work across the apps ("Mitt arbete")."""

    name = "samverka.workbench"
    label = "workbench"
    verbose_name = "Mitt arbete"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from samverka.core.extensions import NavEntry, register_nav, register_page_urls

        register_page_urls("workbench", "samverka.workbench.urls", prefix="start/", order=1)
        register_nav(
            NavEntry(
                name="workbench",
                label=gettext_lazy("Mitt arbete"),
                url_name="workbench:start",
                nav="workbench",
                order=1,
            )
        )
