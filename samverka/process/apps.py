from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "samverka.process"
    label = "process"
    verbose_name = "Kunskapsbaserat arbete"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from samverka.core.extensions import (
            NavEntry,
            register_api_urls,
            register_nav,
            register_page_urls,
        )

        register_page_urls("process", "samverka.process.urls", prefix="arbete/", order=70)
        register_api_urls("process", "samverka.process.api_urls", order=70)
        register_nav(
            NavEntry(
                name="process",
                label=gettext_lazy("Åtgärdsarbete"),
                url_name="process:index",
                nav="process",
                order=55,
                section="followup",
            )
        )
        from samverka.core.extensions import register_agenda_source
        from samverka.process.agenda import overdue_followup_entries

        register_agenda_source("process.followups", overdue_followup_entries, order=60)
        from samverka.core.extensions import register_related_links
        from samverka.process.links_problems import problems_citing_report

        register_related_links("process.problems", problems_citing_report, order=70)
        from samverka.core.extensions import register_health_rule
        from samverka.process.law import HEALTH_RULE_DESCRIPTIONS, HEALTH_RULES

        for rule_name, rule in HEALTH_RULES:
            register_health_rule(
                rule_name, rule, order=70, rules=HEALTH_RULE_DESCRIPTIONS[rule_name]
            )
        from samverka.core.extensions import register_example_loader
        from samverka.process.example import load_example

        # The Angered example's process: after meetings, incidents, lägesbilder and statistics.
        register_example_loader("process", load_example, order=55)
