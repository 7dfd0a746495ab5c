"""Django admin for platform staff only (coordinators edit the texts on the reports pages)."""

from django.contrib import admin

from samverka.reports.models import FactSheetText


@admin.register(FactSheetText)
class FactSheetTextAdmin(admin.ModelAdmin):
    list_display = ["municipality", "key", "title", "updated_at"]
