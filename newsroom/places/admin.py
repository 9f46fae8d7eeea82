from django.contrib import admin

from newsroom.translations.admin import PublishableAdmin

from .models import Place


@admin.register(Place)
class PlaceAdmin(PublishableAdmin):
    list_display = ("name", "kind", "parent", "is_published")
    list_filter = ("kind", "is_published")
    search_fields = ("name_en", "name_de")
    autocomplete_fields = ("parent",)
