from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samverka.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Login, logout, failure and lockout receivers: the audit of every login; and the
        # session clock's login receiver, which must be connected before the first login even
        # when no request has loaded the middleware yet (a test's force_login, a shell).
        from samverka.accounts import auth_admin, checks, lockout, sessions  # noqa: F401
