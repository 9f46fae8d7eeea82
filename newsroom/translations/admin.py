from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from newsroom.edit_conflicts import EditConflictAdminMixin

from .models import LANGUAGE_CODES, complete_in_q, is_blank, translated_field_names, untranslated_fields


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "missing_in"

    def lookups(self, request, model_admin):
        return [(code, _("Missing or incomplete in %(code)s") % {"code": code.upper()}) for code in LANGUAGE_CODES]

    def queryset(self, request, queryset):
        if self.value() in LANGUAGE_CODES:
            return queryset.exclude(complete_in_q(queryset.model, self.value()))
        return queryset


class TranslatableAdmin(EditConflictAdminMixin, TabbedTranslationAdmin):
    """Admin for translatable models: language tabs, a column of complete languages, no lost edits."""

    def get_list_display(self, request):
        # Right after the name, where a narrow screen still shows it.
        first, *rest = super().get_list_display(request)
        return (first, "languages", *rest)

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), "original_language", MissingTranslationFilter)

    def get_queryset(self, request):
        return super().get_queryset(request).with_completeness()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.warn_about_unfinished_translations(request, obj)

    def warn_about_unfinished_translations(self, request, obj):
        """A translation begun but not finished is not shown to readers: say what it still lacks."""
        translated = translated_field_names(type(obj))
        for code in LANGUAGE_CODES:
            if code == obj.original_language:
                continue
            filled = [
                n for n in translated if not is_blank(getattr(obj, build_localized_fieldname(n, obj.original_language)))
            ]
            missing = untranslated_fields(obj, filled, obj.original_language, code)
            if missing and len(missing) < len(filled):
                fields = ", ".join(str(obj._meta.get_field(name).verbose_name) for name in missing)
                self.message_user(
                    request,
                    _(
                        "The %(language)s version is not complete, so readers still get the original. "
                        "Missing: %(fields)s."
                    )
                    % {"language": code.upper(), "fields": fields},
                    messages.WARNING,
                )

    @admin.display(description=_("languages"))
    def languages(self, obj):
        return format_html_join(
            " ",
            '<span class="language-state language-state--{}" title="{}">{}{}</span>',
            (
                (
                    "complete" if obj.is_complete_in(code) else "missing",
                    _("complete") if obj.is_complete_in(code) else _("missing or incomplete"),
                    code.upper(),
                    " ✓" if obj.is_complete_in(code) else " –",
                )
                for code in LANGUAGE_CODES
            ),
        ) or format_html("")


class PublishableAdmin(TranslatableAdmin):
    """Entities readers can see unless an editor takes them down."""

    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish selected"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.publish()
        self.message_user(
            request, ngettext("%d item published.", "%d items published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Unpublish selected"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.unpublish()
        self.message_user(
            request, ngettext("%d item unpublished.", "%d items unpublished.", count) % count, messages.SUCCESS
        )
