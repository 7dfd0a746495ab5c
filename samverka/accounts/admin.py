from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from samverka.accounts.models import AuditEvent, Municipality, MunicipalityRole, User


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


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "municipality", "user", "action", "object_type", "summary")
    list_filter = ("municipality", "action", "object_type")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
