from django.apps import AppConfig


class SituationConfig(AppConfig):
    name = "samverka.situation"
    label = "situation"
    verbose_name = "Lägesbild"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from samverka.core.extensions import (
            NavEntry,
            register_api_urls,
            register_example_loader,
            register_nav,
            register_page_urls,
        )
        from samverka.situation.examples import load_example

        register_page_urls("situation", "samverka.situation.urls", prefix="lagesbild/", order=30)
        register_api_urls("situation", "samverka.situation.api_urls", order=30)
        register_nav(
            NavEntry(
                name="situation",
                label=gettext_lazy("Lägesbild"),
                url_name="situation:index",
                nav="situation",
                order=30,
                section="situation",
            )
        )
        from samverka.core.extensions import register_agenda_source, register_related_links
        from samverka.situation.agenda import lagesbild_entries
        from samverka.situation.links import findings_behind

        # Before the process app's overdue follow-ups (60): the lägesbild opens the follow-up.
        register_agenda_source("situation.reports", lagesbild_entries, order=30)
        register_related_links("situation.findings", findings_behind, order=30)
        # After the incidents loader (order 20) has made Angered's synthetic reports.
        register_example_loader("situation", load_example, order=30)
