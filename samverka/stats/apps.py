from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "samverka.stats"
    label = "stats"
    verbose_name = "Statistik"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from samverka.core.extensions import (
            NavEntry,
            register_api_urls,
            register_example_loader,
            register_nav,
            register_page_urls,
        )
        from samverka.stats.examples import load_example_statistics

        register_page_urls("stats", "samverka.stats.urls", prefix="statistik/", order=40)
        register_api_urls("stats", "samverka.stats.api_urls", order=40)
        register_nav(
            NavEntry(
                name="stats",
                label=gettext_lazy("Statistik"),
                url_name="stats:index",
                nav="stats",
                order=40,
                section="statistics",
            )
        )
        # After the organisation file: the example statistics describe its areas.
        register_example_loader("statistik", load_example_statistics, order=50)
