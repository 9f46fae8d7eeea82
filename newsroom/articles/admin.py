from django.contrib import admin

from newsroom.images.admin import ImagePickerAdminMixin
from newsroom.translations.admin.base import TranslatableAdmin
from newsroom.translations.models import localized_names

from .models import Author, Section, Series

# The article's admin and the tag's (whose rules are the editorial desk's) are in newsroom/editorial/.


@admin.register(Section)
class SectionAdmin(TranslatableAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
    search_fields = localized_names("name")


@admin.register(Series)
class SeriesAdmin(TranslatableAdmin):
    list_display = ("name", "section", "order")
    list_filter = ("section",)
    search_fields = localized_names("name")
    autocomplete_fields = ("section",)


@admin.register(Author)
class AuthorAdmin(ImagePickerAdminMixin, TranslatableAdmin):
    list_display = ("display_name", "job_title", "user")
    search_fields = ("display_name", *localized_names("job_title"), "user__username")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
