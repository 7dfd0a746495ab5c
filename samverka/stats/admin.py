"""Django admin for platform staff only (coordinators use the statistics pages)."""

from django.contrib import admin

from samverka.stats.models import (
    AreaGeography,
    Geography,
    Provenance,
    Series,
    StatisticsImport,
    StatValue,
)


@admin.register(Geography)
class GeographyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "skr_group"]
    list_filter = ["kind", "skr_group"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    autocomplete_fields = ["municipalities"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "category", "unit", "municipality"]
    list_filter = ["source", "unit"]


@admin.register(StatValue)
class StatValueAdmin(admin.ModelAdmin):
    list_display = ["series", "geography", "area", "year", "value", "preliminary", "municipality"]
    list_filter = ["series__source", "year", "preliminary"]
    raw_id_fields = ["series", "geography", "area", "provenance"]


admin.site.register(Provenance)
admin.site.register(AreaGeography)
admin.site.register(StatisticsImport)
