"""The side-by-side translation page, its preview, and the reader's preview of an object in each language."""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from newsroom.ids import parse_id
from newsroom.previews import render_preview

from .. import aids, machine
from ..forms import SideBySideForm
from ..models import LANGUAGE_CODES, Translation
from ..workflow import (
    chose_language,
    ensure_translation_rows,
    languages_translated_by,
    mark_complete,
    may_translate_into,
    record_edit,
    release,
    show_pending,
    withdraw,
)


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


class SideBySideAdminMixin:
    """For the admin of a translatable model: the page where a translator writes one language beside
    the original, its preview, and the public page previewed in each language, linked from the change form."""

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
        # The change list's prefetches (an article's questions, for its languages column) are not this
        # page's: it fetches the parts below, only those that exist.
        queryset = self.get_queryset(request).prefetch_related(None)
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        # Asked in the object's own query, so that the page's cost does not grow with these checks:
        # whether the user translates into `language`, and which parts (an interview's questions) exist.
        parts = {name: self.model._meta.get_field(name).related_model for name in self.model.translated_parts}
        queryset = queryset.annotate(
            chose_language=chose_language(request.user, language),
            **{
                f"has_{name}": Exists(part_model.objects.filter(**{self._part_owner(name): OuterRef("pk")}))
                for name, part_model in parts.items()
            },
        )
        obj = queryset.filter(pk=parse_id(object_id)).first() if parse_id(object_id) else None
        if obj is None or language not in LANGUAGE_CODES or language == obj.original_language:
            raise Http404
        if not self.has_view_permission(request, obj) or not may_translate_into(
            request.user, language, chosen=obj.chose_language
        ):
            raise PermissionDenied
        # The parts need no lock of their own: whoever writes them locks this object's row first,
        # as the change form and this page do. Parts known to be absent cost no query.
        prefetch_related_objects(
            [obj],
            *(
                name if getattr(obj, f"has_{name}") else Prefetch(name, queryset=part_model.objects.none())
                for name, part_model in parts.items()
            ),
        )
        if obj.translation_in(language) is None:
            # Saved before translation states existed, or by a raw import.
            ensure_translation_rows(obj)
        # Changes waiting for release are what the translator and the preview see.
        show_pending(obj, obj.translation_in(language))
        return obj

    def _part_owner(self, related_name: str) -> str:
        return self.model._meta.get_field(related_name).field.name

    def translate_view(self, request, object_id, language):
        if request.method == "POST" and "_suggest" in request.POST:
            obj, translation, form = self.suggest_machine_translations(request, object_id, language)
        elif request.method == "POST":
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
                # Without this page's own stamps the form refuses the post as a whole (a 400, below).
                if form.has_good_stamps() and set(request.POST) - form.allowed_keys():
                    # Only this language's fields and the translation's own controls may be posted.
                    raise PermissionDenied
                if form.is_valid():
                    form.save()
                    # A warning, never a refusal: inflection and rephrasing are the translator's call.
                    # Given after the save's outcome, which is what the translator reads first.
                    glossary_warnings = aids.glossary_warnings(form)
                    for warning in form.dropped_markup_warnings():
                        self.message_user(request, warning, messages.WARNING)
                    if form.removed_fields():
                        self.message_user(
                            request,
                            _("An editor removed a question while you were translating; your text for it was dropped."),
                            messages.WARNING,
                        )
                    record_edit(obj, by=request.user)
                    done = self.apply_translation_action(request, obj, language, form)
                    if done:
                        for warning in glossary_warnings:
                            self.message_user(request, warning, messages.WARNING)
                        if "_preview" in request.POST:
                            return HttpResponseRedirect(reverse(self.preview_url_name(), args=[obj.pk, language]))
                        return HttpResponseRedirect(request.path)
                    transaction.set_rollback(True)
        else:
            obj = self.translatable_object(request, object_id, language)
            translation = obj.translation_in(language)
            form = SideBySideForm(obj, language, request.user, translation=translation)
        provider = machine.provider()
        opts = self.model._meta
        rows = form.rows()
        # Once for all rows: the memory and the glossary cost the same few queries for any length.
        aids.attach(rows, obj.original_language, language, user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "machine_provider": str(provider) if provider else None,
            "title": _("Translate into %(language)s") % {"language": get_language_info(language)["name_translated"]},
            "subtitle": str(obj),
            "opts": opts,
            "object": obj,
            "form": form,
            "rows": rows,
            "needing_work": sum(1 for row in rows if row["needs_work"]),
            "translation": translation,
            "language": language,
            "original_language": obj.original_language,
            "can_manage": form.can_manage,
            "preview_url": reverse(self.preview_url_name(), args=[obj.pk, language]),
            "has_view_on_site": hasattr(obj, "get_absolute_url"),
            "media": self.media + form.media,
            "errors": form.errors.get("__all__"),
        }
        # A post without this page's own stamps (forged, or copied from another page) asks the
        # impossible: a refusal that says so, rather than a page that seems to have saved.
        status = 400 if form.is_bound and not form.has_good_stamps() else 200
        return TemplateResponse(request, "admin/translations/side_by_side.html", context, status=status)

    def suggest_machine_translations(self, request, object_id, language):
        """The page again with what was typed, and a machine translation beside each empty text.
        Nothing is saved; the page's stamps stay those of when it was first opened, and so do its
        segments: an original changed meanwhile does not move what was typed into other paragraphs."""
        obj = self.translatable_object(request, object_id, language)
        translation = obj.translation_in(language)
        posted = SideBySideForm(obj, language, request.user, translation=translation, data=request.POST)
        if not posted.has_good_stamps():
            return obj, translation, posted
        # Only a forged or stale page asks where no provider is set: the button shows only where one is.
        if set(request.POST) - posted.allowed_keys() or machine.provider() is None:
            raise PermissionDenied
        form = SideBySideForm(obj, language, request.user, translation=translation, typed=request.POST)
        count = form.suggest_machine_translations()
        if count is None:
            self.message_user(
                request,
                gettext("Machine suggestion unavailable: the translation service did not answer. Try again later."),
                messages.WARNING,
            )
        elif count == 0:
            self.message_user(request, gettext("Every text already has a translation: nothing to suggest."))
        else:
            self.message_user(
                request,
                gettext(
                    "Machine translations are suggested beside the empty texts. Nothing is saved until you "
                    "take, check and save them."
                ),
            )
        return obj, translation, form

    def preview_url_name(self):
        opts = self.model._meta
        return f"admin:{opts.app_label}_{opts.model_name}_preview"

    def apply_translation_action(self, request, obj, language, form) -> bool:
        """Mark complete, release or withdraw as the button asked; False if it could not be done."""
        translation = obj.translation_in(language)
        try:
            if "_complete" in request.POST or "_release" in request.POST:
                if empty := form.incomplete_segments():
                    raise ValidationError(
                        _("Translate every segment before marking the translation complete. Still empty: %(fields)s."),
                        params={"fields": "; ".join(empty)},
                        code="incomplete",
                    )
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
