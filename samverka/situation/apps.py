from django.apps import AppConfig


class SituationConfig(AppConfig):
    name = "samverka.situation"
    label = "situation"
    verbose_name = "Lägesbild"

    def ready(self) -> None:
        from samverka.core.examples import register_example_loader
        from samverka.situation.examples import load_example

        # After the incidents loader (order 20) has made Angered's synthetic reports.
        register_example_loader("situation", load_example, order=30)
