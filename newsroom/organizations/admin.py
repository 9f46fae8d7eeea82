from django.contrib import admin

from newsroom.images.admin import ImagePickerAdminMixin
from newsroom.publishing.admin import PublishableAdmin
from newsroom.translations.models import localized_names

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(ImagePickerAdminMixin, PublishableAdmin):
    list_display = ("name", "short_name", "kind", "parent", "is_published")
    list_filter = ("kind", "is_published")
    search_fields = localized_names("name", "short_name")
    autocomplete_fields = ("parent", "member_of", "places")
    list_select_related = ("parent",)
