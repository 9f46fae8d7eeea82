"""The glossary and the translation memory in the admin: editors manage terms and remove wrong
memory entries; translators look both up."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from newsroom.edit_conflicts import EditConflictAdminMixin, EditConflictForm

from ..glossary import entity_models
from ..memory import hidden_entries
from ..models import LANGUAGE_CODES, GlossaryTerm, localized_names
from ..workflow import TRANSLATE_PERMISSION, can_manage_translations, languages_translated_by
from .base import refuse_unoffered_actions


class MayTranslateOrManage:
    """Translators and editors see the glossary and the memory; only editors change them."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(TRANSLATE_PERMISSION) or can_manage_translations(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return can_manage_translations(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_translations(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_manage_translations(request.user)

    def changelist_view(self, request, extra_context=None):
        refuse_unoffered_actions(self, request)
        return super().changelist_view(request, extra_context)


class MissingInLanguageFilter(admin.SimpleListFilter):
    title = _("text missing in")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(code, get_language_info(code)["name_translated"]) for code in LANGUAGE_CODES]

    def queryset(self, request, queryset):
        if self.value() not in LANGUAGE_CODES:
            return queryset
        column = build_localized_fieldname("text", self.value())
        return queryset.filter(Q(**{f"{column}__isnull": True}) | Q(**{column: ""}), do_not_translate=False)


class MadeFromFilter(admin.SimpleListFilter):
    title = _("made from")
    parameter_name = "made_from"

    def lookups(self, request, model_admin):
        return [
            ("hand", _("Written by hand")),
            *((model._meta.model_name, model._meta.verbose_name_plural.capitalize()) for model in entity_models()),
        ]

    def queryset(self, request, queryset):
        if self.value() == "hand":
            return queryset.filter(content_type__isnull=True)
        model = next((m for m in entity_models() if m._meta.model_name == self.value()), None)
        if model is None:
            return queryset
        return queryset.filter(content_type=ContentType.objects.get_for_model(model))


def admin_link(obj, label) -> str:
    if obj is None:
        return label
    try:
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return label
    return format_html('<a href="{}">{}</a>', url, label)


def in_language(code: str, text: str):
    """A text of the glossary or memory in its own language, whatever language the admin is in."""
    return format_html('<span lang="{}">{}</span>', code, text) if text else "-"


def text_column(code: str):
    """The list's column of the term in `code`, marked with its language."""
    column = build_localized_fieldname("text", code)

    def show(term):
        return in_language(code, getattr(term, column))

    show.__name__ = column
    return admin.display(description=GlossaryTerm._meta.get_field(column).verbose_name, ordering=column)(show)


class GlossaryTermForm(EditConflictForm):
    def clean(self):
        cleaned = super().clean()
        columns = localized_names("text")
        if not any(column in self.fields for column in columns):
            return cleaned  # an automatic term: only its note is edited here
        given = [cleaned.get(column) for column in columns if cleaned.get(column)]
        if not given:
            raise ValidationError(_("Write the term in at least one language."), code="no_text")
        if cleaned.get("do_not_translate"):
            # A different text typed in another language is an error, not overwritten: either the
            # tick or the text is a slip, and only the editor knows which.
            for column in columns:
                if cleaned.get(column) and cleaned[column].casefold() != given[0].casefold():
                    self.add_error(
                        column,
                        ValidationError(
                            _("A term not to be translated is “%(text)s” in every language; clear this or untick."),
                            params={"text": given[0]},
                            code="not_the_same",
                        ),
                    )
            # The same in every language, as the page will require it.
            for column in columns:
                if not cleaned.get(column):
                    cleaned[column] = given[0]
        self._check_unique(cleaned, columns)
        return cleaned

    def _check_unique(self, cleaned, columns):
        """One term per text and language: matching ignores case, so "Training centre" and
        "training centre" would give the translator two contradictory answers."""
        for column in columns:
            text = (cleaned.get(column) or "").strip()
            if not text or column in self.errors:
                continue
            existing = GlossaryTerm.objects.filter(**{f"{column}__iexact": text}).exclude(pk=self.instance.pk).first()
            if existing is not None:
                self.add_error(
                    column,
                    ValidationError(
                        _("The glossary already has “%(text)s”: the term “%(term)s”. Change that term instead."),
                        params={"text": getattr(existing, column), "term": existing},
                        code="duplicate",
                    ),
                )


class GlossaryTermAdmin(MayTranslateOrManage, EditConflictAdminMixin, admin.ModelAdmin):
    form = GlossaryTermForm
    list_display = (*(text_column(code) for code in LANGUAGE_CODES), "do_not_translate", "kind_of_source", "updated_at")
    list_filter = ("do_not_translate", MadeFromFilter, MissingInLanguageFilter)
    search_fields = (*localized_names("text"), "note")
    fields = (*localized_names("text"), "do_not_translate", "note", "made_from", "created_by")
    readonly_fields = ("made_from", "created_by")

    @admin.display(description=_("made from"), ordering="content_type")
    def kind_of_source(self, term):
        # The kind only: naming each entity would load it, a query per row of the list.
        if term.content_type_id is None:
            return _("Written by hand")
        return term.content_type.model_class()._meta.verbose_name.capitalize()

    @admin.display(description=_("made from"))
    def made_from(self, term):
        if term.content_type_id is None:
            return _("Written by hand")
        entity = term.entity
        kind = term.content_type.model_class()._meta.verbose_name.capitalize()
        return format_html(
            '{}<p class="help">{}</p>',
            format_html("{}: {}", kind, admin_link(entity, str(entity))) if entity else kind,
            _(
                "Made from this name: the next release or rename rewrites its texts, and a deleted term "
                "comes back. Change the name itself to change the term; the note here is kept."
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        # An automatic term's texts follow its entity's name: a hand edit here would be lost silently.
        if obj is not None and obj.content_type_id is not None:
            return (*localized_names("text"), "do_not_translate", *self.readonly_fields)
        return self.readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("content_type")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class MemoryEntryAdmin(MayTranslateOrManage, admin.ModelAdmin):
    list_display = (
        "original",
        "translation",
        "source_language",
        "target_language",
        "origin",
        "translated_by",
        "confirmed_at",
    )
    list_filter = ("source_language", "target_language")
    search_fields = ("source_plain", "target_text", "origin_label")
    list_select_related = ("translated_by", "content_type")
    # A newsroom's memory holds hundreds of thousands of pairs: no second, full count and no
    # date drill-down, which would read every row on each page (as the article list does without).
    show_full_result_count = False
    fields = ("source_language", "target_language", "source_text", "target_text", "origin", "field_key")
    fields += ("translated_by", "confirmed_at")
    readonly_fields = fields

    def get_queryset(self, request):
        # Into the user's languages, from texts they may see: a draft's sentences are read by who
        # may read the draft (`memory.hidden_entries`), in the list, its search and each entry's page.
        queryset = super().get_queryset(request).filter(target_language__in=languages_translated_by(request.user))
        hidden = hidden_entries(request.user)
        return queryset if hidden is None else queryset.exclude(hidden)

    @admin.display(description=_("original"))
    def original(self, entry):
        return in_language(entry.source_language, Truncator(entry.source_plain).chars(120))

    @admin.display(description=_("translation"))
    def translation(self, entry):
        return in_language(entry.target_language, Truncator(entry.target_text).chars(120))

    @admin.display(description=_("from the text"))
    def origin(self, entry):
        if entry.content_type is None:
            return entry.origin_label
        model = entry.content_type.model_class()
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[entry.object_id])
        except (NoReverseMatch, AttributeError):
            return entry.origin_label
        return format_html('<a href="{}">{}</a>', url, entry.origin_label)

    # Remembered pairs come from confirmed translations only; a wrong one is deleted, not edited.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
