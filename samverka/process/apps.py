from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "samverka.process"
    label = "process"
    verbose_name = "Kunskapsbaserat arbete"

    def ready(self) -> None:
        from samverka.core.extensions import register_api_urls, register_page_urls

        register_page_urls("process", "samverka.process.urls", prefix="arbete/", order=70)
        register_api_urls("process", "samverka.process.api_urls", order=70)
