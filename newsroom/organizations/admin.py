from django.contrib import admin

from newsroom.identifiers import IdentifierSearch
from newsroom.images.admin import ImagePickerAdminMixin
from newsroom.publishing.admin import PublishableAdmin
from newsroom.translations.models import localized_names

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(IdentifierSearch, ImagePickerAdminMixin, PublishableAdmin):
    # The LEI and the ticker are on the form and found by the search: beside the Wikidata item they
    # made the German list scroll sideways at 1280 pixels.
    list_display = ("name", "short_name", "kind", "parent", "wikidata", "is_published")
    list_filter = ("kind", "is_published", "exchange")
    search_fields = localized_names("name", "short_name")
    # Identifiers are looked up whole, as the form reads them: an editor pastes one to find who has it.
    identifier_search_fields = ("wikidata", "lei", "ticker")
    autocomplete_fields = ("parent", "member_of", "places")
    list_select_related = ("parent",)
