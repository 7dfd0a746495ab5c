"""``check --deploy``: secrets that should not be in the database."""

from __future__ import annotations

from typing import Any

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def oidc_secrets_in_database(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """An identity provider whose client secret is still in the database (from before
    ``secret_env``): it works, but a copy of the database carries it."""
    from samverka.accounts.lockout import platform_scope
    from samverka.accounts.models import OidcProvider

    try:
        with platform_scope():
            providers = list(OidcProvider.objects.exclude(client_secret="").order_by("slug"))
    except DatabaseError:  # no database yet, or not migrated: nothing to say
        return []
    return [
        Warning(
            f"The client secret of identity provider {p.slug!r} is stored in the database.",
            hint=(
                f"Set the environment variable {p.secret_env_name}, then clear the stored "
                "secret (admin action 'Glöm klienthemligheten i databasen'); see "
                "docs/deployment-security.md."
            ),
            obj=p,
            id="samverka.W101",
        )
        for p in providers
    ]
