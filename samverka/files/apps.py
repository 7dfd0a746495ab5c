from django.apps import AppConfig


class FilesConfig(AppConfig):
    """Uploaded files kept in the database (``SAMVERKA_FILE_STORAGE=database``), so that no app
    server holds files of its own and several can stand behind a load balancer
    (docs/deployment.md, "Files: on disk or in the database")."""

    name = "samverka.files"
    label = "files"
    verbose_name = "Filer"
