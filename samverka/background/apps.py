from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    """Background work on a task queue: the Django Tasks API with its database backend, and what
    samverka adds to it — retries, recovery of tasks whose worker died, a schedule, and the state
    a page or an IT department can see (docs/operations.md, "Bakgrundsarbete")."""

    name = "samverka.background"
    label = "background"
    verbose_name = "Bakgrundsarbete"
