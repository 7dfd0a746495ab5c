from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "samverka.meetings"
    label = "meetings"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from samverka.core.extensions import (
            NavEntry,
            register_api_urls,
            register_example_loader,
            register_nav,
            register_page_urls,
        )
        from samverka.meetings.example import load_example

        register_page_urls("meetings", "samverka.meetings.urls", prefix="moten/", order=10)
        register_api_urls("meetings", "samverka.meetings.api_urls", order=10)
        register_nav(
            NavEntry(
                name="meetings",
                label=gettext_lazy("Möten"),
                url_name="meetings:index",
                nav="meetings",
                order=10,
                section="meetings",
            )
        )
        # The Angered example's year of meetings, right after the organisation file.
        register_example_loader("meetings", load_example, order=10)
