from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "samverka.organisation"
    label = "organisation"

    def ready(self) -> None:
        # Registers how accounts' Access finds a user's groups and person.
        from samverka.organisation import access  # noqa: F401
