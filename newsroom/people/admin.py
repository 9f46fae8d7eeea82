from django.contrib import admin

from newsroom.identifiers import IdentifierSearch
from newsroom.images.admin import ImagePickerAdminMixin
from newsroom.publishing.admin import PublishableAdmin
from newsroom.translations.models import localized_names

from .models import Person


@admin.register(Person)
class PersonAdmin(IdentifierSearch, ImagePickerAdminMixin, PublishableAdmin):
    list_display = ("name", "position", "organization", "wikidata", "is_published")
    list_filter = ("is_published", "organization__kind")
    search_fields = (
        "name",
        *localized_names("position"),
        *(f"organization__{n}" for n in localized_names("name")),
    )
    # Looked up whole, as the form reads it: `q42` or the item's address.
    identifier_search_fields = ("wikidata",)
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)
