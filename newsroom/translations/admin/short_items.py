"""The page of short items: names, positions, job titles and captions still to translate into one
language, one row each, saved and completed together (see `..short_items`)."""

from functools import reduce
from operator import or_

import reversion
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import LANGUAGE_CODES, TranslatableModel, Translation, is_blank
from ..short_items import (
    SHOWN_FIELD,
    ShortItem,
    ShortItemsForm,
    allowed_keys,
    has_short_texts,
    is_short_item,
    with_short_text_q,
)
from ..workflow import can_manage_translations, languages_translated_by, mark_complete, record_edit, release
from .side_by_side import translate_url


def attach_objects(translations, *, lock: bool = False):
    """Load the objects of `translations`, one query per kind, locked for a save when `lock`: whoever
    writes an object's translated texts holds its row, as the side-by-side page does."""
    wanted = {}
    for translation in translations:
        wanted.setdefault(translation.content_type_id, set()).add(translation.object_id)
    found = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        objects = model._default_manager.filter(pk__in=ids)
        if lock:
            objects = objects.select_for_update(of=("self",))
        found[content_type_id] = objects.in_bulk()
    for translation in translations:
        obj = found[translation.content_type_id].get(translation.object_id)
        if obj is not None:
            translation.content_object = obj
    return [t for t in translations if found[t.content_type_id].get(t.object_id) is not None]


class ShortItemsAdminMixin:
    """For the translation queue's admin: the page of short items, `short-items/<language>/`."""

    short_items_per_page = 40

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "short-items/<str:language>/",
                self.admin_site.admin_view(self.short_items_view),
                name=f"{opts.app_label}_{opts.model_name}_short_items",
            ),
            *super().get_urls(),
        ]

    def short_item_kinds(self, request) -> list[type]:
        """The kinds with short texts this user may read, short items first, articles last."""
        kinds = [
            model
            for model, model_admin in self.admin_site._registry.items()
            if issubclass(model, TranslatableModel)
            and has_short_texts(model)
            and model_admin.has_view_permission(request)
        ]
        return sorted(kinds, key=lambda model: (not is_short_item(model), str(model._meta.verbose_name_plural)))

    def short_item_translations(self, request, language: str):
        """Translations into `language` of objects with short texts in their original, that this user
        may see (the caller has checked that they translate into it)."""
        kinds = self.short_item_kinds(request)
        if not kinds:
            return Translation.objects.none()
        content_types = ContentType.objects.get_for_models(*kinds)
        with_texts = reduce(
            or_,
            (
                Q(
                    content_type=content_types[model],
                    object_id__in=model._default_manager.filter(with_short_text_q(model)).values("pk"),
                )
                for model in kinds
            ),
        )
        kind_order = Case(
            *(When(content_type=content_types[model], then=Value(n)) for n, model in enumerate(kinds)),
            default=Value(len(kinds)),
        )
        return (
            self.visible_translations(request, languages=[language])
            .filter(with_texts)
            .annotate(kind_order=kind_order)
            .order_by("kind_order", F("published_at").desc(nulls_last=True), "-pk")
        )

    def short_items_view(self, request, language):
        if language not in LANGUAGE_CODES:
            raise Http404
        languages = languages_translated_by(request.user)
        if not self.has_view_permission(request) or language not in languages:
            raise PermissionDenied
        others = [code for code in languages if code != language]
        if request.method == "POST":
            return self.save_short_items(request, language, others)
        translations = self.short_item_translations(request, language).to_do()
        page = Paginator(translations, self.short_items_per_page).get_page(request.GET.get("page"))
        items = [ShortItem(t) for t in attach_objects(list(page.object_list))]
        form = ShortItemsForm(items, language, request.user)
        return self.render_short_items(request, language, others, form, page)

    def save_short_items(self, request, language, others):
        shown = ShortItemsForm.read_shown(request.POST)
        if shown is None:
            return self.render_short_items(
                request,
                language,
                others,
                None,
                None,
                error=gettext("This form is missing its editing stamp. Reload the page to edit the current texts."),
                status=400,
            )
        can_manage = can_manage_translations(request.user)
        if (
            shown.get("user") != request.user.pk
            or shown.get("language") != language
            or set(request.POST) - allowed_keys(shown, can_manage=can_manage)
        ):
            # Only the texts this page showed this user, in this language, and its own buttons.
            raise PermissionDenied
        ids = {int(key.partition("-")[0]) for key in shown["texts"]}
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(
                gettext("Translation into %(language)s saved on the page of short items.")
                % {"language": get_language_info(language)["name_translated"]}
            )
            translations = list(self.short_item_translations(request, language).filter(pk__in=ids))
            items = [ShortItem(t) for t in attach_objects(translations, lock=True)]
            form = ShortItemsForm(items, language, request.user, data=request.POST, shown=shown)
            if not form.is_valid():
                return self.render_short_items(request, language, others, form, None)
            if len(items) < len(ids):
                self.message_user(
                    request,
                    _("Some items are no longer yours to translate: their texts were not saved."),
                    messages.WARNING,
                )
            changed = form.save()
            completing = "_complete" in request.POST or ("_complete_release" in request.POST and can_manage)
            completed = (
                self.complete_short_items(request, form, release_them="_complete_release" in request.POST)
                if completing
                else []
            )
            for item in changed:
                # Marking complete recorded the new state of those it completed.
                if item not in completed:
                    record_edit(item.object, by=request.user)
            saved = len(form.changed)
            if not completing and saved:
                self.message_user(
                    request, ngettext("%d text saved.", "%d texts saved.", saved) % saved, messages.SUCCESS
                )
            elif not completing:
                self.message_user(request, gettext("Nothing was changed."))
        return HttpResponseRedirect(request.get_full_path())

    def complete_short_items(self, request, form, *, release_them: bool) -> list[ShortItem]:
        """Mark complete each item whose every text is translated (not articles: they are more than
        their captions), releasing them too when asked; say what became of the rest. Returns the
        items marked complete."""
        language = form.language
        completed, released, unfinished, unconfirmed, outdated = [], 0, [], [], []
        for item in form.items:
            if not item.is_completed_here:
                continue
            # Loaded with the page's rows in this transaction: no query per row.
            obj, translation = item.object, item.translation
            if translation.state != Translation.State.COMPLETE:
                if not obj.is_complete_in(language):
                    unfinished.append(item)
                    continue
                if item.unconfirmed_elsewhere():
                    # This page never showed them: completing would confirm them unseen.
                    unconfirmed.append(item)
                    continue
                if translation.state == Translation.State.OUTDATED and item.changed_since_translated():
                    # A row left as it was is not a confirmation that its old translation still fits.
                    outdated.append(item)
                    continue
                translation = mark_complete(obj, language, by=request.user, translated_from=form.translated_from(item))
                completed.append(item)
            if release_them and translation.awaits_release:
                release(translation, by=request.user, obj=obj)
                released += 1
        saved = len(form.changed)
        parts = [ngettext("%d text saved.", "%d texts saved.", saved) % saved]
        if release_them:
            parts.append(
                ngettext(
                    "%(completed)d item marked complete, %(released)d released to readers.",
                    "%(completed)d items marked complete, %(released)d released to readers.",
                    len(completed),
                )
                % {"completed": len(completed), "released": released}
            )
        else:
            parts.append(
                ngettext("%d item marked complete.", "%d items marked complete.", len(completed)) % len(completed)
            )
        self.message_user(request, " ".join(parts), messages.SUCCESS)
        if unfinished:
            self.message_user(request, self.still_empty_message(unfinished, language), messages.WARNING)
        if unconfirmed:
            self.message_user(
                request,
                gettext(
                    "Not marked complete, as texts not shown here may no longer match their original: %(items)s. "
                    "Check them on each item's translation page."
                )
                % {"items": ", ".join(str(item.object) for item in unconfirmed)},
                messages.WARNING,
            )
        if outdated:
            self.message_user(
                request,
                gettext(
                    "Still outdated, as their changed texts were not updated here: %(items)s. "
                    "Where the translation still fits, confirm it on the item's translation page."
                )
                % {"items": ", ".join(str(item.object) for item in outdated)},
                messages.WARNING,
            )
        return completed

    @staticmethod
    def still_empty_message(unfinished: list[ShortItem], language: str):
        """Which texts each unfinished item still lacks: the item's name alone sent a translator who
        had just filled its name looking for an empty box that is on its translation page."""
        entries = []
        for item in unfinished:
            here = [text.label for text in item.texts if is_blank(text.value)]
            elsewhere = item.missing_elsewhere()
            texts = [str(label) for label in here]
            if elsewhere:
                texts.append(gettext("%(texts)s on its translation page") % {"texts": ", ".join(elsewhere)})
            entries.append(
                format_html(
                    '<a href="{}">{}</a> ({})', translate_url(item.object, language), str(item.object), "; ".join(texts)
                )
            )
        return format_html(
            gettext("Not complete yet, texts still empty: {items}."),
            items=format_html_join("; ", "{}", ((e,) for e in entries)),
        )

    def render_short_items(self, request, language, others, form, page, *, error=None, status=200):
        name = get_language_info(language)["name_translated"]
        can_manage = can_manage_translations(request.user)
        items = form.items if form is not None else []
        context = {
            **self.admin_site.each_context(request),
            "title": _("Translate short items into %(language)s") % {"language": name},
            "opts": self.model._meta,
            "form": form,
            "items": [
                {
                    "item": item,
                    "translate_url": translate_url(item.object, language),
                    "missing_elsewhere": item.missing_elsewhere(),
                    "unconfirmed_elsewhere": item.unconfirmed_elsewhere(),
                }
                for item in items
            ],
            "page": page,
            "language": language,
            "language_name": name,
            "shown": form[SHOWN_FIELD] if form is not None else None,
            "can_manage": can_manage,
            "errors": [error] if error else (form.non_field_errors() if form is not None else []),
            "other_languages": [
                {
                    "url": reverse("admin:translations_translation_short_items", args=[code]),
                    "name": capfirst(get_language_info(code)["name_translated"]),
                }
                for code in others
            ],
            "queue_url": reverse("admin:translations_translation_changelist") + "?group=short",
            "has_articles": any(not item.is_completed_here for item in items),
        }
        return TemplateResponse(request, "admin/translations/short_items.html", context, status=status)
