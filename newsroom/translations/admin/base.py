"""The admin base of every translatable content model: language tabs, translation states, revisions
and no lost edits; the side-by-side translation page comes from `side_by_side`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from newsroom.edit_conflicts import EditConflictAdminMixin, EditConflictForm
from newsroom.revisions import RevisionAdminMixin
from newsroom.uploads.admin import ImageUploadAdminMixin

from ..models import (
    LANGUAGE_CODES,
    Translation,
    field_in,
    is_blank,
    localized_names,
    translated_field_names,
    untranslated_fields,
)
from ..workflow import (
    can_manage_translations,
    field_label,
    record_edit,
    release_typed_translations,
    texts_changed_since,
)
from .side_by_side import SideBySideAdminMixin, state_label

MINOR_CHANGE_FIELD = "_does_not_affect_translations"
SAME_FIELD = "same_in_every_language"


def person_name(user) -> str:
    """A colleague as the newsroom knows them: their name, their login only when they gave none."""
    return user.get_full_name() or user.get_username()


def refuse_unoffered_actions(model_admin, request):
    """A POSTed bulk action this user is not offered (e.g. "publish") is a forged request."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action and action not in model_admin.get_actions(request):
        raise PermissionDenied


class TranslationStateFilter(admin.SimpleListFilter):
    """Objects by the state of their translation into one language, for editors' lists."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        choices = []
        for code in LANGUAGE_CODES:
            for state, label in Translation.State.choices:
                choices.append((f"{code}:{state}", f"{code.upper()}: {label}"))
            choices.append((f"{code}:unreleased", _("%(code)s: complete, not released") % {"code": code.upper()}))
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        code, _sep, state = self.value().partition(":")
        if code not in LANGUAGE_CODES or state not in {*Translation.State.values, "unreleased"}:
            return queryset.none()
        rows = Translation.objects.for_model(queryset.model).filter(object_id=OuterRef("pk"), language=code)
        if state == "unreleased":
            rows = rows.awaiting_release()
        else:
            rows = rows.filter(state=state)
        return queryset.filter(Exists(rows))


def languages_typed(form, formsets) -> dict[str, set[str]]:
    """The languages other than the original whose texts the user changed in this save, in the
    object or its parts (an interview's questions), each with the texts changed (keys of
    `original_texts`); not slugs, nor copies of marked names."""
    obj = form.instance
    marked = set(obj.marked_same())
    changed = set(form.typed_fields())
    parts = []  # (key prefix, changed columns) of each changed row of a part
    for formset in formsets:
        if not translated_field_names(formset.model):
            continue
        related_name = formset.fk.remote_field.get_accessor_name()
        if related_name not in obj.translated_parts:
            continue
        for inline in formset.forms:
            if inline.has_changed() and inline.instance.pk is not None:
                parts.append((f"{related_name}.{inline.instance.pk}.", type(inline.instance), set(inline.changed_data)))
    typed = {}
    for code in LANGUAGE_CODES:
        if code == obj.original_language:
            continue
        keys = {
            name
            for name in translated_field_names(type(obj))
            if name != "slug" and name not in marked and build_localized_fieldname(name, code) in changed
        }
        keys |= {
            prefix + name
            for prefix, model, columns in parts
            for name in translated_field_names(model)
            if build_localized_fieldname(name, code) in columns
        }
        if keys:
            typed[code] = keys
    return typed


def missing_texts(obj, language: str) -> list[str]:
    """The object's own texts the original fills and `language` leaves empty, as the form names
    them: not its slug (made from the name) nor the names copied to every language."""
    names = [name for name in translated_field_names(type(obj)) if name != "slug" and name not in obj.marked_same()]
    return [
        str(obj._meta.get_field(name).verbose_name)
        for name in untranslated_fields(obj, names, obj.original_language, language)
    ]


def has_begun(obj, language: str) -> bool:
    """Someone has typed a text of `language` that is not just a copied name."""
    same = set(obj.marked_same())
    return any(
        not is_blank(getattr(obj, build_localized_fieldname(name, language)))
        for name in translated_field_names(type(obj))
        if name != "slug" and name not in same
    )


def same_names_sentence(obj) -> str:
    """What the names marked the same in every language give readers, or "" if none is filled."""
    names = dict.fromkeys(
        text
        for name in obj.marked_same()
        if not is_blank(text := getattr(obj, build_localized_fieldname(name, obj.original_language)))
    )
    if not names:
        return ""
    return gettext("Readers of every language see %(names)s, the same in every language.") % {
        "names": ", ".join(gettext("“%(name)s”") % {"name": name} for name in names)
    }


def what_readers_get(obj, outcomes: dict[str, str], typed: dict[str, set[str]] | None = None) -> str:
    """One sentence on what the readers of each language get of `obj` after a save, one before it
    on the names that are the same in every language, and one on each language whose typed text
    was saved without marking its translation complete."""
    original = get_language_info(obj.original_language)["name_translated"]
    parts, notes = [], []
    # A language readable only because its names are copied from the original is not a version of
    # its own: the sentence on the names says what its readers see.
    copied_only = {
        code
        for code in LANGUAGE_CODES
        if code != obj.original_language
        and obj.marked_same()
        and code not in outcomes
        and obj.is_readable_in(code)
        and not has_begun(obj, code)
    }
    for code in LANGUAGE_CODES:
        language = get_language_info(code)["name_translated"]
        if code in copied_only:
            pass
        elif code == obj.original_language:
            parts.append(gettext("readers of %(language)s see the original") % {"language": language})
        elif outcomes.get(code) == "released":
            parts.append(gettext("readers of %(language)s see your %(language)s version") % {"language": language})
        elif outcomes.get(code) == "waiting" and obj.is_readable_in(code):
            # The form wrote the typed text where readers read it; changes waiting on the
            # translation page are of other texts (the form refuses the same ones).
            parts.append(
                gettext(
                    "readers of %(language)s get the %(language)s you typed, and a translator's changes wait "
                    "until you release them on the translation page"
                )
                % {"language": language}
            )
        elif obj.is_readable_in(code):
            parts.append(gettext("readers of %(language)s see the %(language)s version") % {"language": language})
        else:
            parts.append(not_readable_yet(obj, code, language, original))
        if outcomes.get(code) == "outdated":
            unchecked = texts_changed_since(obj, obj.translation_in(code), (typed or {}).get(code, set()))
            notes.append(
                gettext(
                    "Your %(language)s text is saved, but the %(language)s translation is not marked complete: "
                    "%(fields)s may not match the %(original)s as it is now. Check them on the translation page "
                    "and mark it complete there."
                )
                % {
                    "language": language,
                    "original": original,
                    "fields": ", ".join(field_label(obj, key) for key in unchecked),
                }
            )
    if len(parts) == 1 and not notes and copied_only:
        # Only the original's readers would be left: the names say it all.
        parts = []
    sentences = [same_names_sentence(obj), capfirst("; ".join(parts)) + "." if parts else "", *notes]
    return " ".join(sentence for sentence in sentences if sentence)


def not_readable_yet(obj, code: str, language: str, original: str) -> str:
    """What readers of `language` get while its translation is not readable, naming what it lacks."""
    missing = ", ".join(missing_texts(obj, code))
    if not missing:
        return gettext(
            "readers of %(language)s still get the %(original)s original until the %(language)s is complete"
        ) % {"language": language, "original": original}
    if has_begun(obj, code):
        return gettext(
            "readers of %(language)s still get the %(original)s original until the %(language)s is complete; "
            "it still lacks the %(fields)s"
        ) % {"language": language, "original": original, "fields": missing}
    return gettext(
        "readers of %(language)s get the %(fields)s in %(original)s until it is translated; it is in the "
        "translation queue"
    ) % {"language": language, "original": original, "fields": missing}


def rich_text_display(field):
    @admin.display(description=field.verbose_name)
    def display(obj):
        # Sanitized again on the way out, as on the public pages.
        return mark_safe(field.sanitize(getattr(obj, field.attname) or ""))  # noqa: S308 - nh3 has just cleaned it

    return display


class TranslatableAdminForm(EditConflictForm):
    _does_not_affect_translations = forms.BooleanField(
        required=False,
        label=_("This change does not affect translations"),
        help_text=_("For a typo fix in the original: complete translations stay complete."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if SAME_FIELD in self.fields:
            model = self._meta.model
            self.fields[SAME_FIELD] = forms.MultipleChoiceField(
                choices=[
                    (name, capfirst(model._meta.get_field(name).verbose_name))
                    for name in model.fields_same_in_every_language_possible()
                ],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                label=_("Same in every language (a proper noun)"),
                help_text=_(
                    "Checked texts are names like Aguascalientes, JICA or Nissan: readers of every language get "
                    "them as the original writes them, and no translator is asked for them. Uncheck one to have "
                    "it translated."
                ),
            )
            self.initial[SAME_FIELD] = str(self.initial.get(SAME_FIELD) or "").split()
        # (field, language) of each text marked the same in every language that this save keeps
        # as that language's own version instead, because the editor typed a different one.
        self.typed_instead: list[tuple[str, str]] = []

    def clean_same_in_every_language(self):
        names = self.cleaned_data[SAME_FIELD]
        stored = self.instance.same_in_every_language or ""
        # In the stored shape (names separated by spaces, in their order), so that the edit-conflict
        # check counts untouched boxes as untouched and a colleague's new marks stay theirs.
        return stored if set(names) == set(stored.split()) else " ".join(names)

    def clean(self):
        cleaned = super().clean()
        if SAME_FIELD in cleaned:
            names = cleaned[SAME_FIELD].split()
            kept = self.marks_without_typed_translations(cleaned, names)
            if kept != names:
                cleaned[SAME_FIELD] = " ".join(kept)
        elif self.instance.pk:
            self.refuse_typing_over_marks(cleaned)
        if self.instance.pk:
            self.refuse_typing_over_waiting_changes(cleaned)
        return cleaned

    def refuse_typing_over_marks(self, cleaned):
        """Someone who may not mark (a reporter) typed another language's text of a field an editor
        marked the same in every language: the save would copy the original over it. Say so, and
        keep what they typed on the form."""
        original = cleaned.get("original_language") or self.instance.original_language
        for name in self.instance.marked_same():
            text = cleaned.get(build_localized_fieldname(name, original))
            for code in LANGUAGE_CODES:
                column = build_localized_fieldname(name, code)
                typed = cleaned.get(column)
                if code == original or column not in self.typed_fields() or is_blank(typed) or typed == text:
                    continue
                self.add_error(
                    column,
                    _(
                        "“%(field)s” is marked the same in every language by an editor, so its %(language)s "
                        "is the %(original)s text. Ask an editor to take the mark off to translate it."
                    )
                    % {
                        "field": capfirst(self.instance._meta.get_field(name).verbose_name),
                        "language": get_language_info(code)["name_translated"],
                        "original": get_language_info(original)["name_translated"],
                    },
                )

    def refuse_typing_over_waiting_changes(self, cleaned):
        """Changes saved on the translation page after a release wait there for an editor's release,
        which writes them over the text readers have: a text typed here over one of them would be
        lost then, or would lose theirs. Other texts typed here stay as typed."""
        waiting = Translation.objects.filter(
            content_type__app_label=self.instance._meta.app_label,
            content_type__model=self.instance._meta.model_name,
            object_id=self.instance.pk,
        ).exclude(pending={})
        for translation in waiting:
            for key in translation.pending:
                column = build_localized_fieldname(key, translation.language)
                if "." not in key and column in self.typed_fields() and column in self.fields:
                    self.add_error(
                        column,
                        _(
                            "A translator's change to this text waits for release on the translation page. "
                            "Release it there, or make your change there, so that neither text is lost."
                        ),
                    )

    def marks_without_typed_translations(self, cleaned, names: list[str]) -> list[str]:
        """The marks as posted, less each field whose text in another language the editor typed
        differently from the original: that text is a translation, and no save may copy over it.
        The copy a marked field already holds is not typed: it follows the original."""
        original = cleaned.get("original_language") or self.instance.original_language
        marked_before = set(self.instance.marked_same()) if self.instance.pk else set()
        kept = []
        for name in names:
            text = cleaned.get(build_localized_fieldname(name, original))
            typed = [
                code
                for code in LANGUAGE_CODES
                if code != original
                and not is_blank(cleaned.get(build_localized_fieldname(name, code)))
                and cleaned.get(build_localized_fieldname(name, code)) != text
                and (name not in marked_before or build_localized_fieldname(name, code) in self.typed_fields())
            ]
            if typed:
                self.typed_instead += [(name, code) for code in typed]
            else:
                kept.append(name)
        if self.typed_instead:
            self.user_changed.add(SAME_FIELD)  # saved, though the user did not touch the boxes
        return kept

    def typed_fields(self) -> set[str]:
        """The fields this user changed: on a change form, not those a colleague changed since it
        was opened (which `changed_data` counts too, being measured against the stored object)."""
        return self.user_changed if self.fresh is not None else set(self.changed_data)


class TranslatableAdmin(
    SideBySideAdminMixin, ImageUploadAdminMixin, EditConflictAdminMixin, RevisionAdminMixin, TabbedTranslationAdmin
):
    """Admin for translatable models: language tabs, translation states, a side-by-side
    translation page, revisions, and no lost edits."""

    change_form_template = "admin/translations/change_form.html"
    form = TranslatableAdminForm

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # Read-only (for a translator), rich text is shown as readers see it, not as markup.
        self.rich_text_columns = [f.name for f in model._meta.concrete_fields if getattr(f, "sanitize", None)]
        for name in self.rich_text_columns:
            setattr(self, f"{name}_shown", rich_text_display(model._meta.get_field(name)))

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            return (*readonly, *(f"{name}_shown" for name in self.rich_text_columns))
        return readonly

    def get_list_display(self, request):
        # Right after the name, where a narrow screen still shows it.
        first, *rest = super().get_list_display(request)
        return (first, "languages", *rest)

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), "original_language", TranslationStateFilter)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

    def changelist_view(self, request, extra_context=None):
        refuse_unoffered_actions(self, request)
        return super().changelist_view(request, extra_context)

    def get_fieldsets(self, request, obj=None):
        # Without fieldsets of its own, Django's lists every field of the form, this box included;
        # it means something only on an existing object, to someone who manages translations.
        # The marks "same in every language" are given by those who release translations: a text
        # marked reaches every language's readers at once.
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in (MINOR_CHANGE_FIELD, SAME_FIELD)]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None and not self.has_change_permission(request, obj):
            shown = {name: f"{name}_shown" for name in self.rich_text_columns}
            return [
                (name, {**options, "fields": [shown.get(f, f) for f in options["fields"]]})
                for name, options in fieldsets
            ]
        if not can_manage_translations(request.user):
            return fieldsets
        if self.model.fields_same_in_every_language_possible():
            fieldsets = self.with_marks_below_the_names(fieldsets)
        if obj is None:
            return fieldsets
        first_name, first = fieldsets[0]
        return [(first_name, {**first, "fields": [*first["fields"], MINOR_CHANGE_FIELD]}), *fieldsets[1:]]

    def with_marks_below_the_names(self, fieldsets):
        """The boxes "same in every language" right below the last field they mark in the first
        fieldset that has one (an organization's short name), where the editor has just typed it."""
        markable = {
            column
            for name in self.model.fields_same_in_every_language_possible()
            for column in (name, *localized_names(name))
        }
        for number, (name, options) in enumerate(fieldsets):
            fields = list(options["fields"])
            marked = [position for position, field in enumerate(fields) if field in markable]
            if marked:
                fields.insert(marked[-1] + 1, SAME_FIELD)
                return [*fieldsets[:number], (name, {**options, "fields": fields}), *fieldsets[number + 1 :]]
        first_name, first = fieldsets[0]
        return [(first_name, {**first, "fields": [*first["fields"], SAME_FIELD]}), *fieldsets[1:]]

    def get_changeform_initial_data(self, request):
        # Names of organizations and places are proper nouns more often than not.
        return {
            SAME_FIELD: " ".join(self.model.same_in_every_language_by_default),
            **super().get_changeform_initial_data(request),
        }

    def save_model(self, request, obj, form, change):
        obj.copy_same_texts()
        numbered = obj.fill_missing_slugs()
        super().save_model(request, obj, form, change)
        self.warn_about_numbered_slugs(request, obj, numbered)
        self.say_typed_translations_kept(request, obj, getattr(form, "typed_instead", []))

    def say_typed_translations_kept(self, request, obj, typed_instead):
        for name, code in typed_instead:
            self.message_user(
                request,
                _(
                    "You typed a %(language)s text for “%(field)s”, so it stays the %(language)s version and is "
                    "not marked the same in every language. Empty it to mark it."
                )
                % {
                    "language": get_language_info(code)["name_translated"],
                    "field": capfirst(obj._meta.get_field(name).verbose_name),
                },
                messages.WARNING,
            )

    def warn_about_numbered_slugs(self, request, obj, numbered):
        """A name another object already has gives this one's address a number: say so, so the
        editor can choose a clearer slug before readers and search engines get it."""
        for code, slug in numbered:
            source = field_in(type(obj), obj.slug_source, code)
            self.message_user(
                request,
                _(
                    "Another %(object)s is already called “%(name)s”, so this one's address in %(language)s "
                    "ends in “%(slug)s”. Change the slug if you want a clearer one."
                )
                % {
                    "object": obj._meta.verbose_name,
                    "name": getattr(obj, source),
                    "language": get_language_info(code)["name_translated"],
                    "slug": slug,
                },
                messages.WARNING,
            )

    def construct_change_message(self, request, form, formsets, add=False):
        # The form's own controls (edit stamp, typo-fix box, comment, schedule) are not fields of the object.
        message = super().construct_change_message(request, form, formsets, add)
        controls = {str(form.fields[name].label or name) for name in form.changed_data if name.startswith("_")}
        for entry in message:
            if "changed" in entry:
                entry["changed"]["fields"] = [f for f in entry["changed"]["fields"] if f not in controls]
        return [entry for entry in message if "changed" not in entry or entry["changed"]["fields"]]

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # An object's translation states go with it: whoever may delete it needs no permission for them.
        perms_needed.discard(Translation._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the parts (an interview's questions) are saved too: they belong to the original.
        # Only editors see this choice; anyone else posting it is ignored.
        minor = can_manage_translations(request.user) and form.cleaned_data.get(MINOR_CHANGE_FIELD, False)
        record_edit(form.instance, by=request.user, affects_translations=not minor)
        if self.says_what_readers_get(request, form, formsets, change):
            return
        # Whoever saved without releasing still learns what a begun translation lacks.
        self.warn_about_unfinished_translations(request, form.instance)

    def says_what_readers_get(self, request, form, formsets, change) -> bool:
        """Release what an editor typed in another language and say, in one message, what the
        readers of each language get; whether there was something to say."""
        obj = form.instance
        if not can_manage_translations(request.user) or self.holds_changes_back(request, form, obj):
            return False
        typed = languages_typed(form, formsets)
        outcomes = release_typed_translations(obj, typed, by=request.user)
        # A new object readers see at once, with a text still to translate (a person's position),
        # is told about too: its page says "not yet in German".
        new_and_untranslated = (
            not change
            and self.shows_readers(obj)
            and any(missing_texts(obj, code) for code in LANGUAGE_CODES if not obj.is_readable_in(code))
        )
        if not (typed or SAME_FIELD in form.changed_data or (not change and obj.marked_same()) or new_and_untranslated):
            return False
        unfinished = any(
            has_begun(obj, code) and missing_texts(obj, code) for code in LANGUAGE_CODES if not obj.is_readable_in(code)
        )
        self.message_user(
            request, what_readers_get(obj, outcomes, typed), messages.WARNING if unfinished else messages.SUCCESS
        )
        return True

    def shows_readers(self, obj) -> bool:
        """Whether readers get the object as soon as it is saved (a draft article they do not)."""
        return True

    def holds_changes_back(self, request, form, obj) -> bool:
        """Whether this save's changes wait before readers get them (a live article's): then no
        translation in it is released either."""
        return False

    def warn_about_unfinished_translations(self, request, obj):
        """A translation begun but not finished is not shown to readers: say what it still lacks."""
        original = get_language_info(obj.original_language)["name_translated"]
        for code in LANGUAGE_CODES:
            if code == obj.original_language or obj.is_readable_in(code) or not has_begun(obj, code):
                continue
            missing = missing_texts(obj, code)
            if missing:
                language = get_language_info(code)["name_translated"]
                self.message_user(
                    request,
                    _(
                        "The %(language)s version is not complete, so readers of %(language)s still get the "
                        "%(original)s original. Missing: %(fields)s."
                    )
                    % {"language": language, "original": original, "fields": ", ".join(missing)},
                    messages.WARNING,
                )

    @admin.display(description=_("languages"))
    def languages(self, obj):
        states = {t.language: t for t in obj.translations.all()}
        return format_html_join(
            " ",
            '<span class="language-state language-state--{}">{} <span aria-hidden="true">{}</span>'
            '<span class="visually-hidden"> {}</span></span>',
            (self.language_state(obj, code, states.get(code)) for code in LANGUAGE_CODES),
        ) or format_html("")

    def language_state(self, obj, code, translation):
        if code == obj.original_language:
            return "original", code.upper(), "●", gettext("Original")
        if translation is None:
            return "missing", code.upper(), "–", gettext("Missing")
        return translation.state, code.upper(), self.state_mark(translation), state_label(translation)

    @staticmethod
    def state_mark(translation):
        if translation is None or translation.state == Translation.State.MISSING:
            return "–"
        if translation.state == Translation.State.OUTDATED:
            return "!"
        if translation.state == Translation.State.IN_PROGRESS:
            return "…"
        return "✓" if translation.is_released else "✓?"
