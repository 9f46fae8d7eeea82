import datetime

from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.urls import NoReverseMatch, path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsroom.translations.admin.base import TranslatableAdmin
from newsroom.translations.models import localized_names
from newsroom.uploads.renditions import SPECS, crop_box

from . import renditions
from .forms import ImageForm
from .models import LICENCE_ENDING_WARNING, Image, ImageQuerySet, users_of_images
from .templatetags.pictures import rendition_url
from .widgets import ImagePicker, licence_state, uses_counted

# The crops the focal point editor previews, as readers' pages cut them.
CROPS_PREVIEWED = (("card", _("Card")), ("social", _("Social networks")), ("square", _("Square")))
# "Where used" names this many objects of a kind, then counts the rest.
WHERE_USED_SHOWN = 20


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
        (_("Crops"), {"fields": ["focal_point", "focal_x", "focal_y"]}),
        (_("For the library's search"), {"fields": ["title", "keywords"], "classes": ["collapse"]}),
    ]
    readonly_fields = ("focal_point",)
    # "Where used", under the fields, lists what the user's admin shows them (it needs the request);
    # the add form offers "Read the file's details".
    change_form_template = "admin/images/image/change_form.html"

    class Media:
        css = {"all": ["images/admin.css"]}
        js = ["images/focal_point.js"]

    def get_urls(self):
        # Before the admin's own: "<path:object_id>/" would take "autocomplete/" for an image's id.
        autocomplete = ImageAutocompleteView.as_view(admin_site=self.admin_site)
        return [
            path("autocomplete/", self.admin_site.admin_view(autocomplete), name="images_image_autocomplete"),
            *super().get_urls(),
        ]

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

    @admin.display(description=_("focal point"))
    def focal_point(self, image):
        """The picture to click on (focal_point.js moves the point and the previews), and the crops
        the pages cut around the point, each a box showing the image by CSS `object-position`."""
        shown = rendition_url(image, "lead") if image.pk else ""
        if not shown:
            return gettext("The crops are previewed here once the image is saved and may be shown.")
        crops = format_html_join(
            "",
            '<figure class="focal-crop focal-crop--{}" data-ratio="{}">'
            '<img src="{}" alt="" style="object-position: {}% {}%"><figcaption>{}</figcaption></figure>',
            (
                (name, float(SPECS[name].ratio), shown, *crop_position(image, name), label)
                for name, label in CROPS_PREVIEWED
            ),
        )
        return format_html(
            '<div class="focal-point" data-width="{}" data-height="{}">'
            '<div class="focal-point__picture"><img src="{}" alt="">'
            '<span class="focal-point__marker" style="left: {}%; top: {}%"></span></div>'
            '<p class="focal-point__help">{}</p><div class="focal-point__crops">{}</div></div>',
            image.width or "",
            image.height or "",
            shown,
            image.focal_x,
            image.focal_y,
            _("Click on what the crops must keep: the point moves there, and the fields below with it."),
            crops,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        image = self.get_object(request, unquote(object_id))
        if image is not None and self.has_view_or_change_permission(request, image):
            extra_context = {**(extra_context or {}), "where_used": where_used(self.admin_site, request, image)}
        return super().change_view(request, object_id, form_url, extra_context)

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
        self.say_what_the_file_filled_in(request, form, saved=True)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        # "Read the file's details": the form comes back unsaved (ImageForm.is_valid); the response
        # is rendered after this, so the message shows on it.
        adminform = (getattr(response, "context_data", None) or {}).get("adminform")
        if adminform is not None and request.method == "POST" and adminform.form.reads_file_only():
            self.say_what_the_file_filled_in(request, adminform.form, saved=False)
        return response

    def say_what_the_file_filled_in(self, request, form, *, saved: bool):
        if form.filled_from_file:
            fields = ", ".join(form.names_of(form.filled_from_file))
            self.message_user(
                request,
                _("Filled in from the image file: %(fields)s. Check them.") % {"fields": fields}
                if saved
                else _("Filled in from the image file: %(fields)s. Nothing is saved yet: check them, then save.")
                % {"fields": fields},
            )
        elif not saved and not form.errors:
            self.message_user(
                request,
                _("This file’s details were read when you chose it. Check the fields, then save.")
                if form.reads_a_kept_file()
                else _("The file says nothing this form could use: fill in the fields yourself."),
            )
        for note in form.notes_from_file:
            self.message_user(request, note, messages.WARNING)


class ImageAutocompleteView(AutocompleteJsonView):
    """The picker's search: the admin's (every language's caption and alt text, the credit, creator,
    source, title, keywords, original name), images whose licence ended last, each result with what
    an editor picks by: a thumbnail, the credit, the licence's end and the uses."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if model_admin.model is not Image:
            raise PermissionDenied  # a field pointing elsewhere: its model's own view answers for it
        return term, model_admin, source_field, to_field_name

    def get_queryset(self):
        ended_last = Case(When(ImageQuerySet.shown_q(), then=Value(0)), default=Value(1), output_field=IntegerField())
        return super().get_queryset().order_by(ended_last, "-created_at", "-id")

    def serialize_result(self, image, to_field_name):
        return {
            **super().serialize_result(image, to_field_name),
            "thumbnail": rendition_url(image, "thumb"),
            "credit": image.text.credit,
            "licence": licence_state(image),
            "is_shown": image.is_shown_at(),
            "uses": image.uses,
            "uses_label": uses_counted(image.uses),
        }


class ImagePickerAdminMixin:
    """Every field of the form that points at an image of the library gets the picker."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Image and "widget" not in kwargs:
            kwargs["widget"] = ImagePicker(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def where_used(admin_site, request, image) -> list[tuple[str, list[str]]]:
    """(kind, links) for each kind of object that shows `image`: the articles, events, people,
    authors and organizations, as far as the user's admin of each lists them (a translator's leaves
    out drafts)."""
    return [kind for kind in (objects_using(admin_site, request, image, r) for r in users_of_images()) if kind]


def objects_using(admin_site, request, image, relation):
    """(kind, links) of the objects that show `image` through `relation`; None when there are none."""
    model = relation.related_model
    try:
        model_admin = admin_site.get_model_admin(model)
    except NotRegistered:
        return None
    if not model_admin.has_view_permission(request):
        return None
    objects = model_admin.get_queryset(request).filter(**{relation.field.name: image}).order_by("-pk")
    shown = list(objects[:WHERE_USED_SHOWN])
    if not shown:
        return None
    links = [admin_link(admin_site, obj) for obj in shown]
    more = objects.count() - len(shown) if len(shown) == WHERE_USED_SHOWN else 0
    if more:
        links.append(ngettext("and %(count)d more", "and %(count)d more", more) % {"count": more})
    return (model._meta.verbose_name_plural.capitalize(), links)


def admin_link(admin_site, obj) -> str:
    opts = obj._meta
    try:
        url = reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return str(obj)
    return format_html('<a href="{}">{}</a>', url, obj)


def crop_position(image, spec: str) -> tuple[str, str]:
    """The CSS `object-position` (percent across, down) that shows in a box of `spec`'s ratio what
    its renditions cut: the crop box's offset as a share of the room the picture has to move in."""
    if not image.width or not image.height:
        return (str(image.focal_x), str(image.focal_y))
    left, top, right, bottom = crop_box(image.width, image.height, SPECS[spec].ratio, image.focal_x, image.focal_y)
    room_x, room_y = image.width - (right - left), image.height - (bottom - top)
    return (share(left, room_x), share(top, room_y))


def share(offset: float, room: float) -> str:
    return f"{100 * offset / room:.4g}" if room > 0.5 else "50"


def date_shown(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")
