from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samverka.accounts"
    label = "accounts"
