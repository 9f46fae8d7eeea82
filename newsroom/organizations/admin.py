from django.contrib import admin

from newsroom.publishing.admin import PublishableAdmin
from newsroom.translations.models import localized_names

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(PublishableAdmin):
    list_display = ("name", "short_name", "kind", "parent", "is_published")
    list_filter = ("kind", "is_published")
    search_fields = localized_names("name", "short_name")
    autocomplete_fields = ("parent", "member_of", "places", "logo_image")
    list_select_related = ("parent",)
