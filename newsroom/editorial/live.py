"""A live article's desk: the compact "Post an update" form, the updates newest first with their
edit and delete, and closing (or reopening) the coverage. Who may change the article may do all of
it (`ArticleAdmin.has_change_permission`, the reporter rule included); who may only read it sees
the list. Who translates into a language translates each update there, straight to readers.

Posting never conflicts: each update is a row of its own. Editing one is refused when someone
saved it since the form was opened (its `updated_at`, signed into the form): the other's text is
shown and what this user typed kept. Every write locks the article's row first, as the article's
form and the translation page do.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from newsroom.articles.models import Article, LiveUpdate
from newsroom.ids import parse_id
from newsroom.images.widgets import ImagePicker
from newsroom.richtext import has_words
from newsroom.translations.workflow import (
    languages_translated_by,
    record_edit,
    record_part_translated,
)

SEEN_FIELD = "_seen"
SIGNING_SALT = "newsroom.live-updates"
CLOSE, REOPEN, CONFIRMED = "_close", "_reopen", "_confirmed"


class LiveUpdateForm(forms.ModelForm):
    """An update in the article's original language: the translators write the others."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LiveUpdate
        fields = ["is_pinned"]

    def __init__(self, *args, language: str, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.headline_name = build_localized_fieldname("headline", language)
        self.body_name = build_localized_fieldname("body", language)
        self.fields = {
            self.headline_name: LiveUpdate._meta.get_field(self.headline_name).formfield(),
            self.body_name: LiveUpdate._meta.get_field(self.body_name).formfield(),
            "image": LiveUpdate._meta.get_field("image").formfield(
                widget=ImagePicker(LiveUpdate._meta.get_field("image"), admin_site)
            ),
            **self.fields,
        }
        self.fields[self.headline_name].widget.attrs["autofocus"] = True
        self.fields["seen"].initial = self.seen_token(self.instance)
        if self.instance.pk is not None:
            for name in (self.headline_name, self.body_name):
                self.initial.setdefault(name, getattr(self.instance, name))
            self.initial.setdefault("image", self.instance.image_id)

    @staticmethod
    def seen_token(update) -> str:
        return signing.dumps(update.updated_at.isoformat() if update.pk else "", salt=SIGNING_SALT)

    def clean(self):
        cleaned = super().clean()
        if not has_words(cleaned.get(self.body_name)):
            self.add_error(self.body_name, _("Write the update: readers see this text."))
        if self.instance.pk is not None:
            error = conflict_error(self, self.instance, self.body_name)
            if error is not None:
                raise error
        return cleaned

    def save(self, commit=True):
        update = super().save(commit=False)
        setattr(update, self.headline_name, self.cleaned_data.get(self.headline_name) or "")
        setattr(update, self.body_name, self.cleaned_data[self.body_name])
        update.image = self.cleaned_data.get("image")
        if commit:
            update.save()
        return update


def conflict_error(form, update, body_name: str) -> forms.ValidationError | None:
    """The desk's edit-conflict rule: refused when the update was saved since `form` was opened.
    The re-shown form carries the version just shown, or saving again, knowingly, would conflict
    with the same save forever."""
    try:
        seen = signing.loads(form.cleaned_data.get("seen") or "", salt=SIGNING_SALT)
    except signing.BadSignature:
        seen = None
    if seen == update.updated_at.isoformat():
        return None
    form.data = form.data.copy()
    form.data[form.add_prefix("seen")] = LiveUpdateForm.seen_token(update)
    return forms.ValidationError(
        _(
            "Someone else changed this update since you opened it. Their text is now: "
            "“%(text)s”. Yours is kept below: save again to replace theirs, or leave this page."
        ),
        code="edit_conflict",
        params={"text": LiveUpdate(body=getattr(update, body_name) or "").__str__()},
    )


class LiveUpdateTranslationForm(forms.Form):
    """One update's headline and text in `language`, which readers get as soon as it is saved."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, update, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.update, self.language = update, language
        self.headline_name = build_localized_fieldname("headline", language)
        self.body_name = build_localized_fieldname("body", language)
        original = update.article.original_language
        self.original_headline = getattr(update, build_localized_fieldname("headline", original)) or ""
        self.original_body = getattr(update, build_localized_fieldname("body", original)) or ""
        self.fields[self.headline_name] = LiveUpdate._meta.get_field(self.headline_name).formfield()
        self.fields[self.body_name] = LiveUpdate._meta.get_field(self.body_name).formfield()
        self.fields[self.headline_name].label = _("Headline")
        self.fields[self.body_name].label = _("Text")
        self.fields[self.headline_name].widget.attrs["autofocus"] = True
        for name in (self.headline_name, self.body_name):
            self.fields[name].widget.attrs["lang"] = language
            self.initial.setdefault(name, getattr(update, name))
        self.fields["seen"].initial = LiveUpdateForm.seen_token(update)

    def clean(self):
        cleaned = super().clean()
        if self.original_headline.strip() and not (cleaned.get(self.headline_name) or "").strip():
            self.add_error(self.headline_name, _("Translate the headline too: readers see it above the text."))
        if not has_words(cleaned.get(self.body_name)):
            self.add_error(self.body_name, _("Translate the update: readers see this text."))
        error = conflict_error(self, self.update, self.body_name)
        if error is not None:
            raise error
        return cleaned

    def save(self):
        setattr(self.update, self.headline_name, self.cleaned_data.get(self.headline_name) or "")
        setattr(self.update, self.body_name, self.cleaned_data[self.body_name])
        self.update.save(update_fields=[self.headline_name, self.body_name, "updated_at"])
        return self.update


class LiveDeskMixin:
    """For the article's admin: the live desk's pages, linked from its change form."""

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path("<path:object_id>/live/", self.admin_site.admin_view(self.live_view), name=f"{name}_live"),
            path(
                "<path:object_id>/live/<str:update_id>/",
                self.admin_site.admin_view(self.live_update_view),
                name=f"{name}_live_update",
            ),
            path(
                "<path:object_id>/live/<str:update_id>/translate/<str:language>/",
                self.admin_site.admin_view(self.live_translate_view),
                name=f"{name}_live_translate",
            ),
            path(
                "<path:object_id>/live/<str:update_id>/delete/",
                self.admin_site.admin_view(self.live_delete_view),
                name=f"{name}_live_delete",
            ),
            *super().get_urls(),
        ]

    def live_article(self, request, object_id, *, change: bool) -> tuple[Article, bool]:
        """The live article the URL names and whether this user may change it; refused (403) when
        they may not `change` it or not even see it."""
        article = self.get_object(request, unquote(object_id))
        if article is None or not article.is_live:
            raise Http404
        may_change = self.has_change_permission(request, article)
        if not (may_change or (not change and self.has_view_permission(request, article))):
            raise PermissionDenied
        return article, may_change

    @staticmethod
    def lock(article) -> None:
        Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()

    def live_url(self, article) -> str:
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_live", args=[article.pk])

    def live_form(self, request, article, instance=None):
        data = request.POST if request.method == "POST" else None
        instance = instance or LiveUpdate(article=article)
        return LiveUpdateForm(data, instance=instance, language=article.original_language, admin_site=self.admin_site)

    def live_view(self, request, object_id):
        article, may_change = self.live_article(request, object_id, change=request.method == "POST")
        form = self.live_form(request, article) if may_change else None
        if request.method == "POST":
            if CLOSE in request.POST and CONFIRMED not in request.POST:
                # Closing changes the page for every reader at once: asked first, as deleting is.
                return self.close_confirmation(request, article)
            if CLOSE in request.POST or REOPEN in request.POST:
                return self.close_or_reopen(request, article, closing=CLOSE in request.POST)
            if form.is_valid():
                with transaction.atomic():
                    self.lock(article)
                    update = form.save(commit=False)
                    update.created_by = request.user
                    update.save()
                    self.log_update(request, article, "added", update)
                    # The translations are outdated until the update is translated: readers of
                    # them get it in this language meanwhile (`LiveUpdate.text_for`).
                    record_edit(article, by=request.user)
                messages.success(
                    request,
                    gettext(
                        "Update posted: new readers get it at once, "
                        "open pages at their next check (every %(seconds)s seconds)."
                    )
                    % {"seconds": settings.LIVE_POLL_SECONDS},
                )
                return HttpResponseRedirect(self.live_url(article))
        return self.render_live(
            request, article, form, title=gettext("Live updates: %(article)s") % {"article": article}
        )

    def close_confirmation(self, request, article):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "article": article,
            "title": gettext("Close the live coverage?"),
            "live_url": self.live_url(article),
            "close_field": CLOSE,
            "confirmed_field": CONFIRMED,
        }
        return TemplateResponse(request, "admin/articles/article/live_close.html", context)

    def close_or_reopen(self, request, article, *, closing: bool):
        with transaction.atomic():
            self.lock(article)
            article.live_closed_at = timezone.now() if closing else None
            article.save(update_fields=["live_closed_at"])
            closed_at = str(Article._meta.get_field("live_closed_at").verbose_name)
            self.log_change(request, article, [{"changed": {"fields": [closed_at]}}])
        if closing:
            messages.success(request, gettext("Live coverage closed: the page now reads as an ordinary article."))
        else:
            messages.success(request, gettext("Live coverage reopened."))
        return HttpResponseRedirect(self.live_url(article))

    def live_update_view(self, request, object_id, update_id):
        article, _may_change = self.live_article(request, object_id, change=True)
        update = get_object_or_404(LiveUpdate, pk=parse_id(update_id) or 0, article=article)
        form = self.live_form(request, article, update)
        if request.method == "POST":
            with transaction.atomic():
                self.lock(article)
                # The row as stored now: the conflict check compares with it.
                form.instance = LiveUpdate.objects.select_for_update().get(pk=update.pk)
                form.instance.article = article
                if form.is_valid():
                    changed = [name for name in form.changed_data if name != "seen"]
                    update = form.save()
                    self.log_update(request, article, "changed", update, fields=changed)
                    record_edit(article, by=request.user)
                    messages.success(request, gettext("Update saved."))
                    return HttpResponseRedirect(self.live_url(article))
        return self.render_live(request, article, form, title=gettext("Edit an update"), editing=update)

    def live_translate_view(self, request, object_id, update_id, language):
        """One update translated straight to readers: an update is short and cannot wait for the
        article's release. Who may translate the article into `language` on the translation page
        may do it, editors too."""
        article = self.get_object(request, unquote(object_id))
        if article is None or not article.is_live or language == article.original_language:
            raise Http404
        # The side-by-side page's rule: editors into every language, translators into their own.
        if not self.has_view_permission(request, article) or language not in languages_translated_by(request.user):
            raise PermissionDenied
        update = get_object_or_404(LiveUpdate, pk=parse_id(update_id) or 0, article=article)
        update.article = article
        data = request.POST if request.method == "POST" else None
        form = LiveUpdateTranslationForm(data, update=update, language=language)
        if request.method == "POST":
            with transaction.atomic():
                self.lock(article)
                # The row as stored now: the conflict check compares with it.
                form.update = LiveUpdate.objects.select_for_update().get(pk=update.pk)
                form.update.article = article
                if form.is_valid():
                    changed = [name for name in form.changed_data if name != "seen"]
                    update = form.save()
                    self.log_update(request, article, "changed", update, fields=changed)
                    record_part_translated(
                        article,
                        language,
                        [f"live_updates.{update.pk}.{name}" for name in ("headline", "body")],
                        by=request.user,
                    )
                    messages.success(
                        request,
                        gettext(
                            "Translation saved: new readers get it at once, "
                            "open pages at their next check (every %(seconds)s seconds)."
                        )
                        % {"seconds": settings.LIVE_POLL_SECONDS},
                    )
                    return HttpResponseRedirect(self.live_url(article))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "article": article,
            "update": update,
            "form": form,
            "media": self.media + form.media,
            "language": language,
            "language_name": get_language_info(language)["name_translated"],
            "original_language": article.original_language,
            "title": gettext("Translate an update into %(language)s")
            % {"language": get_language_info(language)["name_translated"]},
            "live_url": self.live_url(article),
        }
        return TemplateResponse(request, "admin/articles/article/live_translate.html", context)

    def live_delete_view(self, request, object_id, update_id):
        article, _may_change = self.live_article(request, object_id, change=True)
        update = get_object_or_404(LiveUpdate, pk=parse_id(update_id) or 0, article=article)
        if request.method == "POST":
            with transaction.atomic():
                self.lock(article)
                self.log_update(request, article, "deleted", update)
                update.delete()
                record_edit(article, by=request.user)
            messages.success(request, gettext("Update deleted."))
            return HttpResponseRedirect(self.live_url(article))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "article": article,
            "update": update,
            "title": gettext("Delete this update?"),
            "live_url": self.live_url(article),
        }
        return TemplateResponse(request, "admin/articles/article/live_delete.html", context)

    def log_update(self, request, article, action: str, update, fields=()) -> None:
        """In the article's history, as the admin logs an inline's rows: "Added live update “…”."."""
        entry = {"name": str(LiveUpdate._meta.verbose_name), "object": str(update)}
        if action == "changed":
            entry["fields"] = [str(LiveUpdate._meta.get_field(name).verbose_name) for name in fields]
        self.log_change(request, article, [{action: entry}])

    def render_live(self, request, article, form, *, title, editing=None):
        updates = list(article.live_updates.select_related("created_by"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "article": article,
            "form": form,
            "media": self.media + (form.media if form is not None else forms.Media()),
            "updates": updates,
            "editing": editing,
            "title": title,
            "live_url": self.live_url(article),
            "change_url": reverse(
                f"{self.admin_site.name}:{self.model._meta.app_label}_{self.model._meta.model_name}_change",
                args=[article.pk],
            ),
            "may_change": form is not None,
            "translate_into": [
                (code, get_language_info(code)["name_translated"])
                for code in languages_translated_by(request.user)
                if code != article.original_language
            ],
            "close_field": CLOSE,
            "reopen_field": REOPEN,
        }
        return TemplateResponse(request, "admin/articles/article/live.html", context)
