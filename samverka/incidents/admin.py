from django.contrib import admin

from samverka.incidents.models import (
    Category,
    ColumnMapping,
    ImportJob,
    Incident,
    NothingToReport,
    PoliceEventVersion,
    PoliceFeed,
    ReminderLog,
    RosterEntry,
)


class PoliceEventVersionInline(admin.TabularInline):  # type: ignore[type-arg]
    """The versions the police published of the event: a record, never edited."""

    model = PoliceEventVersion
    fields = ["published_at", "changed", "event", "import_job", "recorded_at"]
    readonly_fields = ["published_at", "changed", "event", "import_job", "recorded_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["occurred_at", "category", "subcategory", "area", "organisation", "status"]
    list_filter = ["municipality", "status", "source", "place_precision"]
    inlines = [PoliceEventVersionInline]
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


@admin.register(PoliceFeed)
class PoliceFeedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["municipality", "enabled", "last_fetched_at", "last_outcome"]
    list_filter = ["enabled"]
    readonly_fields = ["last_fetched_at", "last_outcome"]


admin.site.register([RosterEntry, NothingToReport, ColumnMapping, ReminderLog])
