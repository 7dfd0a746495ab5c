from django.contrib import admin

from samverka.areas.models import Area, AreaPopulation


class PopulationInline(admin.TabularInline):
    model = AreaPopulation
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "parent", "local_code", "deso_code")
    list_filter = ("municipality", "kind")
    search_fields = ("name", "local_code", "deso_code", "regso_code")
    inlines = [PopulationInline]
