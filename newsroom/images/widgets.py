"""The image picker: Django's autocomplete field, searching the library through `ImageAdmin`'s own
view (`ImageAutocompleteView`), whose results carry a thumbnail, the credit, the licence and the
uses; under the field, the chosen image as the server knows it. `picker.js` draws the results."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from .models import Image, users_of_images
from .templatetags.pictures import rendition_url


class ImagePicker(AutocompleteSelect):
    template_name = "images/image_picker.html"

    def get_url(self):
        return reverse(f"{self.admin_site.name}:images_image_autocomplete")

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["class"] += " image-picker"
        return attrs

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = Image.objects.filter(pk=value).first() if str(value or "").isdigit() else None
        context["chosen"] = chosen
        if chosen is not None:
            context["thumbnail"] = rendition_url(chosen, "thumb")
            # For the field's own line, as picker.js draws a choice made in the page.
            for _group, options, _index in context["widget"]["optgroups"]:
                for option in options:
                    if str(option["value"]) == str(chosen.pk):
                        option["attrs"]["data-thumbnail"] = context["thumbnail"]
            context["credit"] = chosen.text.credit
            context["licence"] = licence_described(chosen)
            context["uses"] = uses_described(chosen)
            context["change_url"] = reverse(f"{self.admin_site.name}:images_image_change", args=[chosen.pk])
        # The panel's link, for an image chosen in the page (picker.js puts its id in place of __fk__).
        context["change_url_template"] = reverse(f"{self.admin_site.name}:images_image_change", args=["__fk__"])
        return context

    @property
    def media(self):
        # One list with Django's scripts, so that every merge of the form's media keeps picker.js after
        # autocomplete.js (two lists added together may come out in either order).
        django = super().media
        return forms.Media(
            js=[*django._js, "images/picker.js"], css={"screen": [*django._css["screen"], "images/picker.css"]}
        )


def licence_state(image: Image) -> str:
    """What the picker's list says of the licence: "ends 10 Dec", "ended", or nothing (no end)."""
    if image.licence_last_day is None:
        return ""
    if not image.is_shown_at():
        return gettext("ended")
    return gettext("ends %(day)s") % {"day": short_day(image.licence_last_day)}


def licence_described(image: Image) -> str:
    """The chosen image's licence under the field: its kind, and when it ends."""
    kind = image.get_licence_display()
    if image.licence_last_day is None:
        return kind or gettext("Licence not given")
    if not image.is_shown_at():
        return gettext("Licence ended: the image is shown nowhere")
    day = formats.date_format(image.licence_last_day, "DATE_FORMAT")
    ends = gettext("readers see it until %(day)s") % {"day": day}
    return f"{kind}, {ends}" if kind else ends[:1].upper() + ends[1:]


def short_day(day) -> str:
    # The year only when it is not this one: "10 Dec", "3 Jan 2028".
    return formats.date_format(day, "j M" if day.year == timezone.localdate().year else "j M Y")


def uses_described(image: Image) -> str:
    """ "Used in 2 articles, 1 event": the most used kind first; "Not used yet"."""
    counts = [
        (relation.related_model._base_manager.filter(**{relation.field.name: image}).count(), relation.related_model)
        for relation in users_of_images()
    ]
    parts = [
        f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
        for count, model in sorted(counts, key=lambda pair: -pair[0])
        if count
    ]
    if not parts:
        return gettext("Not used yet")
    return gettext("Used in %(uses)s") % {"uses": ", ".join(parts)}


def uses_counted(count: int) -> str:
    if not count:
        return gettext("not used yet")
    return ngettext("used once", "used %(count)s times", count) % {"count": count}
