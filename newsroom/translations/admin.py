from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from newsroom.edit_conflicts import EditConflictAdminMixin

from .models import LANGUAGE_CODES, complete_in_q


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
        return (*super().get_list_display(request), "languages")

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), "original_language", MissingTranslationFilter)

    def get_queryset(self, request):
        return super().get_queryset(request).with_completeness()

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
