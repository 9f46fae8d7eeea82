from django.contrib import admin

from newsroom.identifiers import IdentifierSearch
from newsroom.publishing.admin import PublishableAdmin
from newsroom.translations.models import localized_names

from .models import Place


@admin.register(Place)
class PlaceAdmin(IdentifierSearch, PublishableAdmin):
    list_display = ("name", "kind", "parent", "wikidata", "geonames", "is_published")
    list_filter = ("kind", "is_published")
    search_fields = localized_names("name")
    # Identifiers are looked up whole, as the form reads them: an editor pastes one to find which place has it.
    identifier_search_fields = ("wikidata", "geonames")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
