from django.apps import AppConfig


class SSPFConfig(AppConfig):
    name = "samverka.sspf"
    label = "sspf"
    verbose_name = "SSPF"

    def ready(self) -> None:
        from samverka.core.examples import register_example_loader
        from samverka.sspf.example import load_example

        # After the organisation file (it has the SSPF groups) and the other apps' examples.
        register_example_loader("sspf", load_example, order=60)
