import datetime

from django.contrib import admin
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.translations.admin.base import TranslatableAdmin
from newsroom.translations.models import localized_names

from . import renditions
from .forms import ImageForm
from .models import LICENCE_ENDING_WARNING, Image


class LicenceStateFilter(admin.SimpleListFilter):
    """Where an image's licence stands today, as the QuerySet names each state."""

    title = _("licence")
    parameter_name = "licence_state"

    def lookups(self, request, model_admin):
        return [
            ("ended", _("Ended: shown nowhere")),
            ("ending", _("Ends within a week")),
            ("no_end", _("No end")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "ended":
            return queryset.licence_ended()
        if self.value() == "ending":
            return queryset.licence_ending()
        if self.value() == "no_end":
            return queryset.filter(licence_last_day__isnull=True)
        return queryset


class UseFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [("used", _("In use")), ("unused", _("Not used"))]

    def queryset(self, request, queryset):
        if self.value() == "used":
            return queryset.in_use()
        if self.value() == "unused":
            return queryset.unused()
        return queryset


@admin.register(Image)
class ImageAdmin(TranslatableAdmin):
    form = ImageForm
    list_display = ("thumbnail", "__str__", "credit", "licence_state", "uses", "created_at")
    list_display_links = ("thumbnail", "__str__")
    list_filter = (LicenceStateFilter, "digital_source_type", UseFilter, "licence")
    search_fields = (
        *localized_names("caption", "alt", "credit"),
        *("creator", "copyright_holder", "source", "title", "keywords", "original_name"),
    )
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["file", "caption", "alt", "credit", "original_language", "digital_source_type"]}),
        (
            _("Rights"),
            {
                "fields": [
                    "creator",
                    "copyright_holder",
                    "copyright_notice",
                    "source",
                    "licence",
                    "licence_url",
                    "acquire_licence_url",
                    "usage_terms",
                    "licence_last_day",
                ]
            },
        ),
        (_("Crops"), {"fields": ["focal_x", "focal_y"]}),
        (_("For the library's search"), {"fields": ["title", "keywords"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["images/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_use_counts()

    @admin.display(description=_("image"))
    def thumbnail(self, image):
        # Its `thumb` rendition (240 pixels wide, WebP): made by the worker, or on the first look.
        thumb = next(iter(renditions.of_spec(image, "thumb")), None)
        if not image.file or thumb is None:
            return "–"
        return format_html(
            '<img class="image-thumbnail" src="{}" width="{}" height="{}" alt="" loading="lazy">',
            renditions.url_of(image, thumb.name),
            thumb.width,
            thumb.height,
        )

    @admin.display(description=_("licence"), ordering="licence_last_day")
    def licence_state(self, image):
        if image.licence_last_day is None:
            return image.get_licence_display() or "–"
        ends = image.licence_last_day
        if not image.is_shown_at():
            return format_html('<strong class="licence-ended">{}</strong>', _("Ended: shown nowhere"))
        if ends - timezone.localdate() <= LICENCE_ENDING_WARNING:
            return format_html(
                '<strong class="licence-ending">{}</strong>', _("Last day %(day)s") % {"day": date_shown(ends)}
            )
        return _("Until %(day)s") % {"day": date_shown(ends)}

    @admin.display(description=_("uses"), ordering="uses")
    def uses(self, image):
        return getattr(image, "uses", "–")

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or obj.pk is None or request.user.has_perm("images.delete_image"):
            return True
        # A reporter fixes an image they added while nothing shows it; then it is the editors'.
        return obj.uploaded_by_id == request.user.pk and not Image.objects.filter(pk=obj.pk).in_use().exists()

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by_id is None and not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


def date_shown(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")
