from django.contrib import admin

from newsroom.translations.admin import PublishableAdmin

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(PublishableAdmin):
    list_display = ("name", "short_name", "kind", "parent", "is_published")
    list_filter = ("kind", "is_published")
    search_fields = ("name_en", "name_de", "short_name_en", "short_name_de")
    autocomplete_fields = ("parent", "member_of", "places")
    list_select_related = ("parent",)
