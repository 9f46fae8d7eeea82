import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, prefetch_related_objects
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from newsroom.admin_access import AdminLoginForm, RolesOnTheUserForm
from newsroom.edit_conflicts import EditConflictAdminMixin, EditConflictForm
from newsroom.ids import parse_id
from newsroom.logins.admin import LoginLockAdminMixin
from newsroom.previews import render_preview
from newsroom.revisions import RevisionAdminMixin
from newsroom.uploads.admin import ImageUploadAdminMixin

from .forms import SideBySideForm, translators_of
from .models import (
    LANGUAGE_CODES,
    TranslatableModel,
    Translation,
    TranslatorLanguage,
    field_in,
    is_blank,
    translated_field_names,
    untranslated_fields,
)
from .workflow import (
    can_manage_translations,
    ensure_translation_rows,
    languages_translated_by,
    mark_complete,
    record_edit,
    release,
    show_pending,
    withdraw,
)

MINOR_CHANGE_FIELD = "_does_not_affect_translations"


def person_name(user) -> str:
    """A colleague as the newsroom knows them: their name, their login only when they gave none."""
    return user.get_full_name() or user.get_username()


def translate_url(obj, language: str) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_translate", args=[obj.pk, language])


def state_label(translation: Translation | None) -> str:
    if translation is None:
        return gettext("Original")
    label = translation.get_state_display()
    if translation.is_visible_to_readers and translation.pending:
        return gettext("%(state)s, released, changes not released") % {"state": label}
    if translation.is_visible_to_readers:
        return gettext("%(state)s, released") % {"state": label}
    return label


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


class TranslatableAdmin(ImageUploadAdminMixin, EditConflictAdminMixin, RevisionAdminMixin, TabbedTranslationAdmin):
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

    def get_fieldsets(self, request, obj=None):
        # Without fieldsets of its own, Django's lists every field of the form, this box included;
        # it means something only on an existing object, to someone who manages translations.
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != MINOR_CHANGE_FIELD]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None and not self.has_change_permission(request, obj):
            shown = {name: f"{name}_shown" for name in self.rich_text_columns}
            return [
                (name, {**options, "fields": [shown.get(f, f) for f in options["fields"]]})
                for name, options in fieldsets
            ]
        if obj is None or not can_manage_translations(request.user):
            return fieldsets
        first_name, first = fieldsets[0]
        return [(first_name, {**first, "fields": [*first["fields"], MINOR_CHANGE_FIELD]}), *fieldsets[1:]]

    def save_model(self, request, obj, form, change):
        numbered = obj.fill_missing_slugs()
        super().save_model(request, obj, form, change)
        self.warn_about_unfinished_translations(request, obj)
        self.warn_about_numbered_slugs(request, obj, numbered)

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

    # The side-by-side translation page.

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/translate/<str:language>/",
                self.admin_site.admin_view(self.translate_view),
                name=f"{opts.app_label}_{opts.model_name}_translate",
            ),
            path(
                "<path:object_id>/translate/<str:language>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            ),
            path(
                "<path:object_id>/preview/<str:language>/",
                self.admin_site.admin_view(self.reader_preview_view),
                name=f"{opts.app_label}_{opts.model_name}_preview_in",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        refuse_unoffered_actions(self, request)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        languages = set(languages_translated_by(request.user))
        extra_context = {
            **(extra_context or {}),
            "preview_links": self.reader_preview_links(obj) if obj is not None else [],
            "translation_links": [
                {
                    "url": translate_url(obj, code),
                    "name": get_language_info(code)["name_translated"],
                    "state": state_label(obj.translation_in(code)),
                }
                for code in LANGUAGE_CODES
                if obj is not None and code != obj.original_language and code in languages
            ],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def reader_preview_links(self, obj) -> list[dict]:
        opts = self.model._meta
        return [
            {
                "code": code,
                "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_preview_in", args=[obj.pk, code]),
                "name": get_language_info(code)["name_translated"],
            }
            for code in LANGUAGE_CODES
        ]

    def reader_preview_view(self, request, object_id, language):
        """The public page as readers of `language` will see it once published: for drafts,
        scheduled and changed objects alike. A translation not yet complete shows the original."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or language not in LANGUAGE_CODES:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        links = {link["code"]: link["url"] for link in self.reader_preview_links(obj)}
        return render_preview(request, obj, language, language_urls=links)

    def translatable_object(self, request, object_id, language, *, lock=False):
        """The object a user may translate into `language`, or the right refusal."""
        queryset = self.get_queryset(request)
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        obj = queryset.filter(pk=parse_id(object_id)).first() if parse_id(object_id) else None
        if obj is None or language not in LANGUAGE_CODES or language == obj.original_language:
            raise Http404
        if not self.has_view_permission(request, obj) or language not in languages_translated_by(request.user):
            raise PermissionDenied
        if obj.translation_in(language) is None:
            # Saved before translation states existed, or by a raw import.
            ensure_translation_rows(obj)
        # Changes waiting for release are what the translator and the preview see.
        show_pending(obj, obj.translation_in(language))
        # The parts (an interview's questions) need no lock of their own: whoever writes them
        # locks this object's row first, as the change form and this page do.
        prefetch_related_objects([obj], *obj.translated_parts)
        return obj

    def translate_view(self, request, object_id, language):
        if request.method == "POST":
            # The translated texts are kept in the object's revisions like any other save.
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(
                    gettext("Translation into %(language)s saved on the translation page.")
                    % {"language": get_language_info(language)["name_translated"]}
                )
                obj = self.translatable_object(request, object_id, language, lock=True)
                translation = obj.translation_in(language)
                form = SideBySideForm(obj, language, request.user, translation=translation, data=request.POST)
                if set(request.POST) - form.allowed_keys():
                    # Only this language's fields and the translation's own controls may be posted.
                    raise PermissionDenied
                if form.is_valid():
                    form.save()
                    if form.removed_fields():
                        self.message_user(
                            request,
                            _("An editor removed a question while you were translating; your text for it was dropped."),
                            messages.WARNING,
                        )
                    record_edit(obj, by=request.user)
                    done = self.apply_translation_action(request, obj, language, form)
                    if done:
                        if "_preview" in request.POST:
                            return HttpResponseRedirect(reverse(self.preview_url_name(), args=[obj.pk, language]))
                        return HttpResponseRedirect(request.path)
                    transaction.set_rollback(True)
        else:
            obj = self.translatable_object(request, object_id, language)
            translation = obj.translation_in(language)
            form = SideBySideForm(obj, language, request.user, translation=translation)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Translate into %(language)s") % {"language": get_language_info(language)["name_translated"]},
            "subtitle": str(obj),
            "opts": opts,
            "object": obj,
            "form": form,
            "rows": list(form.rows()),
            "translation": translation,
            "language": language,
            "original_language": obj.original_language,
            "can_manage": form.can_manage,
            "preview_url": reverse(self.preview_url_name(), args=[obj.pk, language]),
            "has_view_on_site": hasattr(obj, "get_absolute_url"),
            "media": self.media + form.media,
            "errors": form.errors.get("__all__"),
        }
        return TemplateResponse(request, "admin/translations/side_by_side.html", context)

    def preview_url_name(self):
        opts = self.model._meta
        return f"admin:{opts.app_label}_{opts.model_name}_preview"

    def apply_translation_action(self, request, obj, language, form) -> bool:
        """Mark complete, release or withdraw as the button asked; False if it could not be done."""
        translation = obj.translation_in(language)
        try:
            if "_complete" in request.POST or "_release" in request.POST:
                translation = mark_complete(obj, language, by=request.user, translated_from=form.translated_from())
                if translation.state == Translation.State.OUTDATED:
                    self.message_user(
                        request,
                        _(
                            "Saved and marked complete, but the original changed while you were translating: "
                            "the changes are marked below."
                        ),
                        messages.WARNING,
                    )
                    return True
            if "_release" in request.POST and translation.awaits_release:
                release(translation, by=request.user, obj=obj)
            if "_withdraw" in request.POST:
                withdraw(translation, by=request.user, obj=obj)
                self.message_user(request, gettext("The translation is withdrawn: readers get the original."))
                return True
        except ValidationError as error:
            form.add_error(None, error)
            return False
        self.message_user(request, self.saved_message(translation), messages.SUCCESS)
        return True

    @staticmethod
    def saved_message(translation) -> str:
        if translation.is_released and translation.pending:
            return gettext(
                "The translation is saved. Readers keep the released version until an editor releases your changes."
            )
        if translation.is_visible_to_readers:
            return gettext("The translation is saved. Readers see it.")
        if translation.state == Translation.State.COMPLETE:
            return gettext("The translation is saved and complete. It reaches readers when an editor releases it.")
        return gettext("The translation is saved. Readers get the original until it is complete and released.")

    def preview_view(self, request, object_id, language):
        """The translated page as readers will see it once released, whatever its state now."""
        obj = self.translatable_object(request, object_id, language)
        return render_preview(request, obj, language, as_translated=True)


# The translation queue.


def translatable_content_types():
    models = [model for model in admin.site._registry if issubclass(model, TranslatableModel)]
    return ContentType.objects.get_for_models(*models).values()


class QueueStateFilter(admin.SimpleListFilter):
    title = _("translation state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("all", _("All")), *Translation.State.choices, ("unreleased", _("Complete, not released"))]

    def choices(self, changelist):
        # Without a choice the queue shows what is to do, so that is the first entry, not "All".
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("To do"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.to_do()
        if value == "all":
            return queryset
        if value == "unreleased":
            return queryset.awaiting_release()
        return queryset.filter(state=value)


class KindFilter(admin.SimpleListFilter):
    title = _("kind of object")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(ct.model, capfirst_name(ct)) for ct in translatable_content_types()]

    def queryset(self, request, queryset):
        return queryset.filter(content_type__model=self.value()) if self.value() else queryset


def capfirst_name(content_type):
    return capfirst(content_type.model_class()._meta.verbose_name_plural)


class SectionFilter(admin.SimpleListFilter):
    title = _("section")
    parameter_name = "section"

    def lookups(self, request, model_admin):
        from newsroom.articles.models import Section

        return [(str(section.pk), str(section)) for section in Section.objects.all()]

    def queryset(self, request, queryset):
        if parse_id(self.value() or "") is None:
            return queryset
        from newsroom.articles.models import Article

        articles = Article.objects.filter(section_id=self.value()).values("pk")
        return queryset.for_model(Article).filter(object_id__in=articles)


class QueueLanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(code, get_language_info(code)["name_translated"]) for code in languages_translated_by(request.user)]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class TranslatorFilter(admin.RelatedFieldListFilter):
    """Whom translations are assigned to: the people who translate into the queue's languages, and
    anyone something is assigned to, by name (not every account by login name)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.empty_value_display = _("Not assigned")

    def field_choices(self, field, request, model_admin):
        languages = languages_translated_by(request.user)
        assigned = Translation.objects.filter(language__in=languages, assigned_to=OuterRef("pk"))
        people = User.objects.filter(
            Q(is_active=True, translation_languages__language__in=languages) | Q(Exists(assigned))
        )
        return sorted(((user.pk, person_name(user)) for user in people.distinct()), key=lambda choice: choice[1])


class AssignedToMeFilter(admin.SimpleListFilter):
    title = _("translator")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Assigned to me"))]

    def queryset(self, request, queryset):
        return queryset.filter(assigned_to=request.user) if self.value() == "1" else queryset


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    """The translation queue: what is missing or outdated in the languages a person translates into."""

    # Six columns, so that a 1280-pixel window shows them all beside the filters: the kind under the
    # object's name, who changed the state under when, released beside the state.
    list_display = ("object_link", "language", "translation_state", "state_changed", "translator", "published")
    list_filter = (QueueStateFilter, QueueLanguageFilter, KindFilter, SectionFilter, ("assigned_to", TranslatorFilter))
    # The object's link leads to its translation page; editors assign translators there too.
    list_display_links = None
    list_select_related = ("content_type", "state_changed_by", "assigned_to")
    list_per_page = 50
    # Counting every translation of a large archive on each page view is not worth its time.
    show_full_result_count = False
    actions = ["release_selected", "withdraw_selected"]
    # Editors change only the assignment here; the state is the workflow's.
    readonly_fields = (
        "object_link",
        "language",
        "state",
        "state_changed_at",
        "state_changed_by",
        "released_at",
        "released_by",
    )
    fields = (*readonly_fields, "assigned_to")

    def get_queryset(self, request):
        from newsroom.articles.models import Article

        queryset = (
            super()
            .get_queryset(request)
            .filter(language__in=languages_translated_by(request.user))
            .order_by(F("published_at").desc(nulls_last=True), "-pk")
        )
        if not request.user.has_perm("articles.change_article"):
            # Drafts belong to their writers and editors, unless someone assigned one to this translator.
            drafts = Article.objects.filter(status=Article.Status.DRAFT).values("pk")
            article_type = ContentType.objects.get_for_model(Article)
            queryset = queryset.exclude(
                Q(content_type=article_type, object_id__in=drafts) & ~Q(assigned_to=request.user)
            )
        return queryset.prefetch_related("content_object")

    def get_list_filter(self, request):
        # Who translates what is the editors' business; translators find what is assigned to them.
        if can_manage_translations(request.user):
            return self.list_filter
        return (*(f for f in self.list_filter if f != ("assigned_to", TranslatorFilter)), AssignedToMeFilter)

    def changelist_view(self, request, extra_context=None):
        refuse_unoffered_actions(self, request)
        return super().changelist_view(request, {"title": _("Translation queue"), **(extra_context or {})})

    def save_model(self, request, obj, form, change):
        # Only the assignment is edited here; the state is the workflow's, saved by it alone.
        obj.save(update_fields=["assigned_to"])

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_manage_translations(request.user)

    def has_manage_permission(self, request):
        return can_manage_translations(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "assigned_to" in form.base_fields:
            form.base_fields["assigned_to"].queryset = translators_of(obj.language)
        return form

    @admin.display(description=_("object"))
    def object_link(self, translation):
        obj = translation.content_object
        if obj is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a> <span class="queue__meta">{}</span>',
            translate_url(obj, translation.language),
            str(obj),
            capfirst(translation.content_type.model_class()._meta.verbose_name),
        )

    @admin.display(description=_("translation state"), ordering="state")
    def translation_state(self, translation):
        return state_label(translation)

    @admin.display(
        description=Translation._meta.get_field("state_changed_at").verbose_name, ordering="state_changed_at"
    )
    def state_changed(self, translation):
        if translation.state_changed_at is None:
            return "–"
        when = formats.date_format(timezone.localtime(translation.state_changed_at), "DATETIME_FORMAT")
        if translation.state_changed_by is None:
            return when
        by = gettext("by %(by)s") % {"by": person_name(translation.state_changed_by)}
        return format_html('{} <span class="queue__meta">{}</span>', when, by)

    @admin.display(description=_("published"), ordering="published_at")
    def published(self, translation):
        # "Publish time" in German is one word wider than the column needs to be.
        if translation.published_at is None:
            return "–"
        return formats.date_format(timezone.localtime(translation.published_at), "DATETIME_FORMAT")

    @admin.display(description=_("translator"), ordering="assigned_to__first_name")
    def translator(self, translation):
        return person_name(translation.assigned_to) if translation.assigned_to else "–"

    @admin.action(description=_("Release selected complete translations to readers"), permissions=["manage"])
    def release_selected(self, request, queryset):
        count = 0
        for translation in queryset.awaiting_release():
            release(translation, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%d translation released.", "%d translations released.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Withdraw selected translations from readers"), permissions=["manage"])
    def withdraw_selected(self, request, queryset):
        count = 0
        for translation in queryset.filter(released_at__isnull=False):
            withdraw(translation, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%d translation withdrawn.", "%d translations withdrawn.", count) % count,
            messages.SUCCESS,
        )


class TranslatorLanguageInline(admin.TabularInline):
    model = TranslatorLanguage
    extra = 0
    verbose_name_plural = _("Languages this person translates into")


admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(LoginLockAdminMixin, RolesOnTheUserForm, UserAdmin):
    inlines = [*UserAdmin.inlines, TranslatorLanguageInline]


admin.site.login_form = AdminLoginForm
