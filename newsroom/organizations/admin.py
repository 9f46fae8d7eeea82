from django.contrib import admin

from newsroom.images.admin import ImagePickerAdminMixin
from newsroom.publishing.admin import PublishableAdmin
from newsroom.translations.models import localized_names

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(ImagePickerAdminMixin, PublishableAdmin):
    list_display = ("name", "short_name", "kind", "parent", "wikidata", "lei", "ticker", "is_published")
    list_filter = ("kind", "is_published", "exchange")
    # Identifiers are looked up whole: an editor pastes one to find who has it.
    search_fields = (*localized_names("name", "short_name"), "=wikidata", "=lei", "=ticker")
    autocomplete_fields = ("parent", "member_of", "places")
    list_select_related = ("parent",)
