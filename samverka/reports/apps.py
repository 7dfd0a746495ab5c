from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "samverka.reports"
    label = "reports"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from samverka.core.extensions import (
            NavEntry,
            register_api_urls,
            register_nav,
            register_page_urls,
        )
        from samverka.reports import checks  # noqa: F401  (registers the system check)

        register_page_urls("reports", "samverka.reports.urls", prefix="rapporter/", order=50)
        register_api_urls("reports", "samverka.reports.api_urls", order=50)
        register_nav(
            NavEntry(
                name="reports",
                label=gettext_lazy("Rapporter"),
                url_name="reports:index",
                nav="reports",
                order=50,
                section="situation",
            )
        )
