from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "samverka.meetings"
    label = "meetings"
