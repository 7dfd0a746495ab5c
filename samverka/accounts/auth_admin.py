"""Admin of login: the identity providers (platform admins edit them) and API keys (to see and
revoke, never to make: a key is made by its user and shown only to them)."""

from __future__ import annotations

import os
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import ApiToken, OidcIdentity, OidcProvider
from samverka.accounts.tokens import api_token_revoke


class OidcIdentityInline(admin.TabularInline):
    """Linking an existing account to a provider's subject is done here, by a platform admin."""

    model = OidcIdentity
    extra = 0
    raw_id_fields = ("user",)
    readonly_fields = ("created_at", "last_login_at")


@admin.register(OidcProvider)
class OidcProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "slug", "enabled", "trusted_for_mfa")
    list_filter = ("enabled", "municipality")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OidcIdentityInline]
    # The secret is never typed into the database (nor shown): it is in the environment, named
    # by ``secret_env``. An old secret in the database can only be forgotten (the action).
    readonly_fields = ("secret_source",)
    actions = ["forget_database_secret"]
    fieldsets = (
        (None, {"fields": ("municipality", "name", "slug", "enabled")}),
        (
            _("Anslutning"),
            {
                "fields": (
                    "discovery_url",
                    "client_id",
                    "secret_env",
                    "secret_source",
                    "scopes",
                )
            },
        ),
        (
            _("Roller"),
            {
                "fields": (
                    "groups_claim",
                    "coordinator_groups",
                    "member_groups",
                    "reader_groups",
                    "default_role",
                )
            },
        ),
        (
            _("Tvåstegsverifiering"),
            {"fields": ("trusted_for_mfa", "mfa_amr_values", "mfa_acr_values")},
        ),
    )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_platform_admin", False) or request.user.is_superuser)

    @admin.display(description=_("klienthemlighet"))
    def secret_source(self, obj: OidcProvider) -> str:
        if os.environ.get(obj.secret_env_name):
            return str(_("i miljövariabeln %(name)s") % {"name": obj.secret_env_name})
        if obj.client_secret:
            return str(
                _("i databasen (gammal): sätt %(name)s och glöm den sedan i databasen")
                % {"name": obj.secret_env_name}
            )
        return str(
            _("ingen (%(name)s är inte satt): publik klient") % {"name": obj.secret_env_name}
        )

    @admin.action(description=_("Glöm klienthemligheten i databasen"))
    def forget_database_secret(self, request: HttpRequest, queryset: Any) -> None:
        queryset.update(client_secret="")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    has_add_permission = has_view_permission  # type: ignore[assignment]
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission


@admin.action(description=_("Återkalla valda nycklar"))
def revoke(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: Any) -> None:
    for token in queryset.select_related("user"):
        api_token_revoke(token=token, revoked_by=request.user, reason="admin")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "scope", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("scope",)
    search_fields = ("name", "user__username", "prefix")
    actions = [revoke]
    exclude = ("secret_hash", "credential_stamp")
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the row stays for the audit trail
