from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samverka.core"
    label = "core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from samverka.core import rls

        # Row-level security (core/rls.py): the scope on every new connection, the policies
        # after every migrate, the user's scope after login and after DRF's token check.
        connection_created.connect(rls.on_connection_created, dispatch_uid="samverka_rls_conn")
        post_migrate.connect(rls.on_post_migrate, sender=self, dispatch_uid="samverka_rls_migrate")
        user_logged_in.connect(rls.on_user_logged_in, dispatch_uid="samverka_rls_login")
        rls.install_drf_hook()
