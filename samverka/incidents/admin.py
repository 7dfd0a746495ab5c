from django.contrib import admin

from samverka.incidents.models import (
    Category,
    ColumnMapping,
    ImportJob,
    Incident,
    NothingToReport,
    ReminderLog,
    RosterEntry,
)


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["occurred_at", "category", "subcategory", "area", "organisation", "status"]
    list_filter = ["municipality", "status", "source"]
    raw_id_fields = ["category", "subcategory", "area", "organisation", "reporter", "import_job"]
    date_hierarchy = "occurred_at"


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "code", "parent", "order", "is_active", "municipality"]
    list_filter = ["municipality", "is_active"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["filename", "municipality", "format", "status", "created_count", "created_at"]
    list_filter = ["status", "format"]


admin.site.register([RosterEntry, NothingToReport, ColumnMapping, ReminderLog])
