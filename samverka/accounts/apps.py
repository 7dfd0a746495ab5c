from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samverka.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Login, logout, failure and lockout receivers: the audit of every login.
        from samverka.accounts import auth_admin, lockout  # noqa: F401
