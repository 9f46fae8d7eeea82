from django.contrib import admin

from newsroom.translations.admin import PublishableAdmin

from .models import Person


@admin.register(Person)
class PersonAdmin(PublishableAdmin):
    list_display = ("name", "position", "organization", "is_published")
    list_filter = ("is_published", "organization__kind")
    search_fields = ("name", "position_en", "position_de", "organization__name_en")
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)
