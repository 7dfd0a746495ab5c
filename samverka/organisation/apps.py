from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "samverka.organisation"
    label = "organisation"
