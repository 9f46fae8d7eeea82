from django.contrib import admin

from newsroom.publishing.admin import PublishableAdmin
from newsroom.translations.models import localized_names

from .models import Place


@admin.register(Place)
class PlaceAdmin(PublishableAdmin):
    list_display = ("name", "kind", "parent", "wikidata", "geonames", "is_published")
    list_filter = ("kind", "is_published")
    # Identifiers are looked up whole: an editor pastes one to find which place has it.
    search_fields = (*localized_names("name"), "=wikidata", "=geonames")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
