from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from samverka.accounts.models import (
    AuditEvent,
    Municipality,
    MunicipalityRole,
    PersonalDataAccess,
    User,
)


class MunicipalityRoleInline(admin.TabularInline):
    model = MunicipalityRole
    extra = 0


@admin.register(User)
class SamverkaUserAdmin(UserAdmin):
    inlines = [MunicipalityRoleInline]
    list_display = ("username", "first_name", "last_name", "email", "is_platform_admin")
    fieldsets = (*UserAdmin.fieldsets, ("samverka", {"fields": ("is_platform_admin",)}))  # type: ignore[misc]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "scb_code", "county", "is_example")
    prepopulated_fields = {"slug": ("name",)}


class _AppendOnlyAdmin(admin.ModelAdmin):
    """The audit trail and the access log: read-only for everyone, superusers included.

    The database refuses changes anyway (triggers, accounts migration 0004); the admin does not
    offer them, and has no bulk "delete selected" action either."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def get_actions(self, request):  # type: ignore[no-untyped-def]
        return {}


@admin.register(AuditEvent)
class AuditEventAdmin(_AppendOnlyAdmin):
    list_display = ("at", "municipality_id", "username", "action", "object_type", "summary")
    list_filter = ("action", "object_type", "source")
    search_fields = ("username", "object_type", "object_id", "summary")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(_AppendOnlyAdmin):
    list_display = ("at", "municipality", "username", "kind", "object_id", "granted", "channel")
    list_filter = ("municipality", "kind", "granted", "channel")
    search_fields = ("username", "object_id", "description")
    readonly_fields = [f.name for f in PersonalDataAccess._meta.fields]
