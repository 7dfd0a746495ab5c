from django.contrib import admin

from samverka.organisation.models import (
    GoverningDocument,
    Group,
    Membership,
    Organisation,
    Person,
    SetupAnswer,
    SpecialistFunction,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("person", "organisation")


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "mandate", "municipality", "area", "reports_to")
    list_filter = ("municipality", "kind", "mandate")
    search_fields = ("name",)
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "parent")
    list_filter = ("municipality", "kind")
    search_fields = ("name", "short_name")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "organisation", "kind", "municipality", "user")
    list_filter = ("municipality", "kind")
    search_fields = ("name", "email")


@admin.register(GoverningDocument)
class GoverningDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "municipality", "valid_from", "next_review")
    list_filter = ("municipality", "kind")


admin.site.register(SpecialistFunction)
admin.site.register(SetupAnswer)
