from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "samverka.meetings"
    label = "meetings"

    def ready(self) -> None:
        from samverka.core.examples import register_example_loader
        from samverka.meetings.example import load_example

        # The Angered example's year of meetings, right after the organisation file.
        register_example_loader("meetings", load_example, order=10)
