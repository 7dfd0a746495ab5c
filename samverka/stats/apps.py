from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "samverka.stats"
    label = "stats"
    verbose_name = "Statistik"

    def ready(self) -> None:
        from samverka.core.examples import register_example_loader
        from samverka.stats.examples import load_example_statistics

        # After the organisation file: the example statistics describe its areas.
        register_example_loader("statistik", load_example_statistics, order=50)
