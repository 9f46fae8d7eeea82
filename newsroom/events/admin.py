from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsroom.images.admin import ImagePickerAdminMixin
from newsroom.publishing.admin import PublishableAdmin
from newsroom.translations.models import localized_names

from .models import Event


@admin.register(Event)
class EventAdmin(ImagePickerAdminMixin, PublishableAdmin):
    list_display = ("title", "start_date", "end_date", "status", "is_published")
    list_filter = ("status", "is_published", "start_date")
    search_fields = localized_names("title")
    autocomplete_fields = ("places", "organizers", "participants", "people")
    date_hierarchy = "start_date"
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "image", "status", "original_language", "is_published"]}),
        (_("When"), {"fields": ["start_date", "end_date", "start_time", "end_time", "time_zone"]}),
        (_("Who and where"), {"fields": ["places", "organizers", "participants", "people", "website"]}),
    ]
