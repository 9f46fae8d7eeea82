"""The parts of the article's form: bylines, interview questions, corrections and share links."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from newsroom.articles.models import Byline, Correction, InterviewExchange
from newsroom.edit_conflicts import EditConflictInlineFormSet

from . import workflow
from .forms import ArticlePartForm, InterviewExchangeFormSet
from .models import PreviewLink


def is_locked_for(request, article) -> bool:
    """Whether `article` is closed to this user by the reporter rule (`workflow.may_change`).
    Asked by every permission check of the form and its parts: answered once per request."""
    if article is None or article.pk is None:
        return False
    locks = request.__dict__.setdefault("_article_locks", {})
    if article.pk not in locks:
        locks[article.pk] = not workflow.may_change(request.user, article)
    return locks[article.pk]


class LockedWithTheArticle:
    """An inline of the article: whoever may not change the article may not change its parts."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not is_locked_for(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked_for(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_locked_for(request, obj)


class BylineInline(LockedWithTheArticle, admin.TabularInline):
    model = Byline
    formset = EditConflictInlineFormSet
    autocomplete_fields = ("author",)
    extra = 1


class InterviewExchangeInline(LockedWithTheArticle, TranslationStackedInline):
    model = InterviewExchange
    form = ArticlePartForm
    formset = InterviewExchangeFormSet
    extra = 0
    classes = ("collapse",)


class CorrectionInline(LockedWithTheArticle, TranslationStackedInline):
    """Corrections and update notes, shown to readers at the end of the article."""

    model = Correction
    form = ArticlePartForm
    formset = EditConflictInlineFormSet
    fields = ("kind", "text", "published_at", "is_significant")
    extra = 0


class PreviewLinkInline(admin.TabularInline):
    """Share links: an address at which someone without an account sees this article before readers do."""

    model = PreviewLink
    fields = ("language", "expires_at", "is_withdrawn", "address", "times_opened", "made_by")
    readonly_fields = ("address", "times_opened", "made_by")
    extra = 0
    view_on_site = False  # the address column is the link
    can_delete = False  # withdrawn, not deleted: the history of who saw what stays
    request = None

    @admin.display(description=_("created by"))
    def made_by(self, link):
        return str(link.created_by or "–")

    @admin.display(description=_("address"))
    def address(self, link):
        if link.pk is None:
            return _("Made when you save.")
        url = self.request.build_absolute_uri(link.get_absolute_url()) if self.request else link.get_absolute_url()
        if not link.works:
            return format_html("<del>{}</del> ({})", url, _("withdrawn") if link.is_withdrawn else _("expired"))
        return format_html('<a href="{}" rel="noreferrer" target="_blank">{}</a>', url, url)
