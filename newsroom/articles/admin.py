from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from newsroom.edit_conflicts import EditConflictInlineFormSet, ErrorsOfHiddenFieldsMixin
from newsroom.editorial import pending as pending_changes
from newsroom.editorial.models import HumanReview, PendingChange, PreviewLink, Transition, record_transitions
from newsroom.ids import parse_id
from newsroom.translations.admin import MINOR_CHANGE_FIELD, TranslatableAdmin, TranslatableAdminForm
from newsroom.translations.models import Translation, localized_names
from newsroom.translations.workflow import can_manage_translations

from .models import Article, Author, Byline, Correction, InterviewExchange, Section, Series, Tag

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(request) -> bool:
    return request.user.has_perm(PUBLISH_PERMISSION)


# What a reporter (who cannot publish) may set the status to: they file drafts and submit them.
REPORTER_STATUSES = (Article.Status.DRAFT, Article.Status.IN_REVIEW)


def article_or_none(object_id):
    """The article an admin URL names, as stored (before any admin rule), or None."""
    pk = parse_id(object_id)
    return Article.objects.filter(pk=pk).first() if pk else None


def is_own(user, article) -> bool:
    """Written by `user`: they created it or their byline is on it."""
    return article.created_by_id == user.pk or article.bylines.filter(author__user=user).exists()


def is_locked_for(request, article) -> bool:
    """Without the publish permission, only one's own drafts and articles in review can be changed."""
    if article is None or article.pk is None or can_publish(request):
        return False
    locks = request.__dict__.setdefault("_article_locks", {})
    if article.pk not in locks:
        locks[article.pk] = not (article.status in REPORTER_STATUSES and is_own(request.user, article))
    return locks[article.pk]


@admin.register(Section)
class SectionAdmin(TranslatableAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
    search_fields = localized_names("name")


@admin.register(Series)
class SeriesAdmin(TranslatableAdmin):
    list_display = ("name", "section", "order")
    list_filter = ("section",)
    search_fields = localized_names("name")
    autocomplete_fields = ("section",)


def is_before_readers(tag) -> bool:
    """On an article an editor published or scheduled: readers see the tag's name there, or will."""
    return tag.articles.published_or_scheduled().exists()


@admin.register(Tag)
class TagAdmin(TranslatableAdmin):
    """Reporters make tags and fix the ones nobody has published yet; a tag readers see (on a live
    or scheduled article, in its structured data) is changed or deleted by an editor."""

    list_display = ("name",)
    search_fields = localized_names("name")
    actions = ["delete_selected"]

    def is_kept_for_editors(self, request, tag) -> bool:
        if tag is None or tag.pk is None or can_publish(request):
            return False
        kept = request.__dict__.setdefault("_tags_kept_for_editors", {})
        if tag.pk not in kept:
            kept[tag.pk] = is_before_readers(tag)
        return kept[tag.pk]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.is_kept_for_editors(request, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj) or self.is_kept_for_editors(request, obj):
            return False
        if obj is None or can_publish(request):
            return True
        # Deleting takes the tag off every article carrying it: a reporter's own, not a colleague's.
        return not obj.articles.exclude(pk__in=Article.objects.written_by(request.user).values("pk")).exists()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        tag = self.get_object(request, unquote(object_id))
        if request.method == "GET" and self.is_kept_for_editors(request, tag):
            self.message_user(
                request,
                _(
                    "This tag is on a published or scheduled article, where readers see its name: "
                    "only an editor can rename or delete it. Ask an editor if it needs a change."
                ),
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(permissions=["delete"], description=_("Delete selected %(verbose_name_plural)s"))
    def delete_selected(self, request, queryset):
        """Django's bulk delete, which answers a reporter's selection holding a tag they may not
        delete with "would result in deleting protected related objects: Tag": this says why."""
        refused = [tag for tag in queryset if not self.has_delete_permission(request, tag)]
        if not refused:
            return self.admin_site.get_action("delete_selected")(self, request, queryset)
        live = [tag for tag in refused if self.is_kept_for_editors(request, tag)]
        shared = [tag for tag in refused if tag not in live]

        def names(tags):
            return ", ".join(gettext("“%(name)s”") % {"name": tag} for tag in tags)

        if live:
            self.message_user(
                request,
                ngettext(
                    "The tag %(names)s is on a published or scheduled article, where readers see it: "
                    "only an editor can delete it. Ask an editor if it should go.",
                    "The tags %(names)s are on published or scheduled articles, where readers see them: "
                    "only an editor can delete them. Ask an editor if they should go.",
                    len(live),
                )
                % {"names": names(live)},
                messages.ERROR,
            )
        if shared:
            self.message_user(
                request,
                ngettext(
                    "The tag %(names)s is also on a colleague's article: only an editor can delete it.",
                    "The tags %(names)s are also on colleagues' articles: only an editor can delete them.",
                    len(shared),
                )
                % {"names": names(shared)},
                messages.ERROR,
            )
        self.message_user(request, gettext("Nothing was deleted."), messages.INFO)
        return None


@admin.register(Author)
class AuthorAdmin(TranslatableAdmin):
    list_display = ("display_name", "job_title", "user")
    search_fields = ("display_name", *localized_names("job_title"), "user__username")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)


class PublicationFilter(admin.SimpleListFilter):
    """The article's state as the newsroom speaks of it: scheduled is published with a time to come."""

    title = _("status")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            (Article.Status.DRAFT, _("Draft")),
            (Article.Status.IN_REVIEW, _("In review")),
            ("scheduled", _("Scheduled")),
            ("live", _("Published")),
            ("waiting", _("Published, changes waiting")),
            (Article.Status.UNPUBLISHED, _("Unpublished")),
        ]

    def queryset(self, request, queryset):
        value, now = self.value(), timezone.now()
        if value == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        if value == "live":
            return queryset.published()
        if value == "waiting":
            return queryset.published().filter(pending_change__isnull=False)
        if value in (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.UNPUBLISHED):
            return queryset.filter(status=value)
        return queryset


class MineFilter(admin.SimpleListFilter):
    title = _("writer")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Written by me"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            bylined = Byline.objects.filter(article=OuterRef("pk"), author__user=request.user)
            return queryset.filter(Q(created_by=request.user) | Q(Exists(bylined)))
        return queryset


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


class ArticlePartForm(ErrorsOfHiddenFieldsMixin, forms.ModelForm):
    pass


class InterviewExchangeInline(LockedWithTheArticle, TranslationStackedInline):
    model = InterviewExchange
    form = ArticlePartForm
    formset = EditConflictInlineFormSet
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


TRANSITION_COMMENT_FIELD = "_transition_comment"
HUMAN_REVIEW_FIELD = "_human_review"
CHANGES_PUBLISH_AT_FIELD = "_changes_publish_at"
# A live article's buttons. Publishing is the first (what Enter in a field submits): an editor
# changing a live article mostly means to correct it for readers. A POST without one of these
# (its "Save without publishing", Django's "_save", a stale tab) keeps the changes from readers:
# nothing goes out unless asked.
PUBLISH_CHANGES_BUTTON, SCHEDULE_CHANGES_BUTTON, DISCARD_CHANGES_BUTTON = (
    "_publish_changes",
    "_schedule_changes",
    "_discard_changes",
)


class ArticleAdminForm(TranslatableAdminForm):
    _transition_comment = forms.CharField(
        label=_("Comment on this change of status"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the article's history, e.g. why a draft goes back to its writer."),
    )
    _changes_publish_at = forms.SplitDateTimeField(
        label=_("Publish the changes at"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=_("For “Save and schedule the changes”. Readers keep the published version until then."),
    )

    _human_review = forms.BooleanField(
        label=_("I reviewed this AI-assisted text and take editorial responsibility for it"),
        required=False,
        help_text=_(
            "Needed to publish an article reported by AI. Kept in the article's history with your name and the time."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if self.publishes_ai_text(cleaned) and not cleaned.get(HUMAN_REVIEW_FIELD):
            self.add_error(
                HUMAN_REVIEW_FIELD,
                _("A person must review a text written with AI before readers get it: confirm your review.")
                if PUBLISH_CHANGES_BUTTON not in self.data
                else _(
                    "A person must review a text written with AI before readers get it: confirm your review, "
                    "or save without publishing."
                ),
            )
        if SCHEDULE_CHANGES_BUTTON in self.data:
            when = cleaned.get(CHANGES_PUBLISH_AT_FIELD)
            if when is None:
                self.add_error(CHANGES_PUBLISH_AT_FIELD, _("Say when the changes should reach readers."))
            elif when <= timezone.now():
                self.add_error(CHANGES_PUBLISH_AT_FIELD, _("Choose a time in the future, or publish the changes now."))
        return cleaned

    def publishes_ai_text(self, cleaned) -> bool:
        """Whether this save puts an AI-reported text before readers: publishing or scheduling the
        article, or publishing or scheduling changes to it while it is live."""
        if not cleaned.get("is_reported_by_ai", self.instance.is_reported_by_ai):
            return False
        if cleaned.get("status", self.instance.status) != Article.Status.PUBLISHED:
            return False
        stored = Article.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
        if stored != Article.Status.PUBLISHED:
            return True
        return PUBLISH_CHANGES_BUTTON in self.data or SCHEDULE_CHANGES_BUTTON in self.data


@admin.register(Article)
class ArticleAdmin(TranslatableAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ("headline", "section", "publication", "published_at")
    list_filter = (PublicationFilter, MineFilter, "kind", "section", "is_featured", "is_reported_by_ai", "published_at")
    search_fields = localized_names("headline", "standfirst")
    list_select_related = ("section", "pending_change")
    # No date_hierarchy: it scans every article for its years; the publish-time filter does the job.
    show_full_result_count = False
    autocomplete_fields = (
        "section",
        "series",
        "dateline",
        "interviewee",
        "fact_checked_by",
        "organizations",
        "people",
        "places",
        "events",
        "tags",
        "related_articles",
    )
    inlines = [BylineInline, InterviewExchangeInline, CorrectionInline, PreviewLinkInline]
    actions = ["publish", "unpublish"]
    object_history_template = "admin/articles/article/object_history.html"
    kept_when_restoring = ("status", "published_at", "is_featured", "released_languages")
    # Share links are not content; corrections, once out, are never taken back by a restore.
    not_in_revisions = ("preview_links", "corrections")
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "kind", "original_language"]}),
        (_("Place in the site"), {"fields": ["section", "series", "dateline", "tags", "is_featured"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", TRANSITION_COMMENT_FIELD, CHANGES_PUBLISH_AT_FIELD]},
        ),
        (
            _("Lead image"),
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                    "lead_image_origin",
                ]
            },
        ),
        (
            _("Provenance"),
            {"fields": ["is_reported_by_ai", HUMAN_REVIEW_FIELD, "fact_checked_by", "fact_checked_at"]},
        ),
        (_("Covers"), {"fields": ["organizations", "people", "places", "events", "interviewee"]}),
        (_("Related articles"), {"fields": ["related_articles"]}),
    ]

    @admin.display(description=_("status"), ordering="status")
    def publication(self, article):
        if article.is_scheduled:
            return _("Scheduled")
        pending = getattr(article, "pending_change", None) if article.is_published else None
        if pending is not None:
            return _("Published, changes waiting")
        return article.get_status_display()

    def get_queryset(self, request):
        # The languages column checks an interview's questions too.
        queryset = super().get_queryset(request).prefetch_related("exchanges")
        if request.user.has_perm("articles.change_article"):
            return queryset
        # Drafts belong to their writers and editors: people who can only read and translate see
        # them when someone assigned one to them, and nowhere else in the admin (lists, forms,
        # history, autocomplete, view on site).
        assigned = Translation.objects.for_model(Article).filter(object_id=OuterRef("pk"), assigned_to=request.user)
        return queryset.exclude(Q(status=Article.Status.DRAFT) & ~Exists(assigned))

    def view_on_site(self, article):
        # Readers see nothing of a draft or a scheduled article yet: no link to a 404.
        return article.get_absolute_url() if article.is_published else None

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.keeps_changes_pending(request, obj):
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != CHANGES_PUBLISH_AT_FIELD]})
                for name, options in fieldsets
            ]
        if is_locked_for(request, obj):
            # The comment goes with a change of status, which this user cannot make here.
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != TRANSITION_COMMENT_FIELD]})
                for name, options in fieldsets
            ]
        if not can_publish(request):
            # Only those who publish take the editorial responsibility a review stands for.
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != HUMAN_REVIEW_FIELD]})
                for name, options in fieldsets
            ]
        if request.user.has_perm("articles.change_article"):
            return fieldsets
        # Read-only, the list would name related drafts that this user may not see.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "related_articles"]})
            for name, options in fieldsets
            if options["fields"] != ["related_articles"]
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not can_publish(request):
            # Read-only fields are left out of the form, so a forged POST cannot set them either.
            return (*readonly, "published_at", "is_featured")
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not can_publish(request):
            # Checked by the form on the server: any other status posted is refused.
            kwargs["choices"] = [choice for choice in Article.Status.choices if choice[0] in REPORTER_STATUSES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked_for(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_locked_for(request, obj)

    def has_publish_permission(self, request):
        return can_publish(request)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if obj.status == Article.Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        stored = Article.objects.filter(pk=obj.pk).values_list("status", "published_at").first() if change else None
        if getattr(request, "pending_changes", False) and (obj.status, obj.published_at) != stored:
            # Unpublishing or moving the publish time is decided at once, with everything typed.
            request.pending_changes = False
        stored = stored[0] if stored else ""
        super().save_model(request, obj, form, change)
        if obj.is_reported_by_ai and form.cleaned_data.get(HUMAN_REVIEW_FIELD) and can_publish(request):
            HumanReview.record(obj, request.user)
            request.human_review_recorded = True
        record_transitions(
            {obj.pk: stored}, by=request.user, comment=form.cleaned_data.get(TRANSITION_COMMENT_FIELD, "")
        )

    # A live article's changes wait until an editor publishes them (newsroom/editorial/pending.py).

    def keeps_changes_pending(self, request, obj) -> bool:
        return obj is not None and obj.is_published and can_publish(request) and not is_locked_for(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = article_or_none(object_id)
        extra_context = {**(extra_context or {}), "sent_back": self.sent_back(article)}
        if article is None or not self.keeps_changes_pending(request, article):
            return super().change_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and DISCARD_CHANGES_BUTTON in request.POST:
            pending_changes.discard(article)
            self.log_change(request, article, gettext("Discarded changes that readers had not seen."))
            self.message_user(request, _("The changes were discarded. Readers see the published version."))
            return HttpResponseRedirect(request.path)
        pending = PendingChange.objects.filter(article=article).select_related("saved_by").first()
        extra_context = {
            **(extra_context or {}),
            "pending_controls": True,
            "pending_change": pending,
            "pending_summary": pending_changes.summary(pending.data) if pending else [],
        }
        request.pending_changes = not (request.method == "POST" and PUBLISH_CHANGES_BUTTON in request.POST)
        with transaction.atomic():
            savepoint = transaction.savepoint()
            if pending is not None:
                pending_changes.apply(article, pending.data)
            response = super().change_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            saved = request.method == "POST" and response.status_code == 302
            if saved and not getattr(request, "pending_saved", False):
                # Published now (or a change of publication): the edited version is the live one.
                transaction.savepoint_commit(savepoint)
                pending_changes.discard(article)
                return response
            changed = pending_changes.snapshot(article) if saved else None
            transaction.savepoint_rollback(savepoint)
            if saved:
                self.keep_pending(request, article, changed)
        return response

    @staticmethod
    def sent_back(article):
        """Why an editor sent this draft back to its writer, while it is still a draft."""
        if article is None or article.status != Article.Status.DRAFT:
            return None
        last = article.transitions.order_by("-at", "-id").first()
        if last is None or last.from_status != Article.Status.IN_REVIEW or not last.comment:
            return None
        return last

    def keep_pending(self, request, article, changed):
        form = request.edit_conflict_form
        publish_at = (
            form.cleaned_data.get(CHANGES_PUBLISH_AT_FIELD) if SCHEDULE_CHANGES_BUTTON in request.POST else None
        )
        minor = can_manage_translations(request.user) and form.cleaned_data.get(MINOR_CHANGE_FIELD, False)
        pending_changes.keep(article, changed, by=request.user, publish_at=publish_at, affects_translations=not minor)
        if getattr(request, "human_review_recorded", False):
            HumanReview.record(article, request.user)  # rolled back with the rest; the review happened
        # Rolled back with the rest, but not part of the change: share links made or withdrawn now.
        for link, is_new in getattr(request, "preview_links_saved", []):
            link.save(force_insert=is_new)
        self.log_change(request, article, gettext("Saved changes that readers do not see yet."))
        # `article` is the live version, read before the save: what readers still get.
        live = formats.date_format(timezone.localtime(max(article.published_at, article.updated_at)), "DATETIME_FORMAT")
        if publish_at is not None:
            message = _(
                "Scheduled: readers get your changes at %(time)s. Until then they see the version published %(live)s."
            ) % {"time": formats.date_format(timezone.localtime(publish_at), "DATETIME_FORMAT"), "live": live}
        else:
            message = _(
                "Saved without publishing: readers still see the version published %(live)s. "
                "They get your changes when you publish them."
            ) % {"live": live}
        self.message_user(request, message, messages.SUCCESS)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = article_or_none(object_id)
        if article is not None and self.keeps_changes_pending(request, article):
            extra_context = {**(extra_context or {}), "restore_keeps_pending": True}  # the button says so
        if article is None or request.method != "POST" or not self.keeps_changes_pending(request, article):
            return super().revision_view(request, object_id, version_id, extra_context)
        # Restoring a live article is an edit like any other: readers keep the live version until
        # an editor publishes the restored text.
        request.pending_changes = True
        with transaction.atomic():
            savepoint = transaction.savepoint()
            response = super().revision_view(request, object_id, version_id, extra_context)
            if not getattr(request, "pending_saved", False):
                transaction.savepoint_commit(savepoint)
                return response
            changed = pending_changes.snapshot(article)
            transaction.savepoint_rollback(savepoint)
            self.keep_pending(request, article, changed)
        return response

    def response_change(self, request, obj):
        if getattr(request, "pending_changes", False):
            request.pending_saved = True  # keep_pending() says what readers still see
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        if PUBLISH_CHANGES_BUTTON in request.POST and obj.is_published:
            self.message_user(
                request,
                format_html(
                    _('Published: readers now see “{}” as you saved it. <a href="{}">View it</a>'),
                    obj,
                    obj.get_absolute_url(),
                ),
                messages.SUCCESS,
            )
            return self.response_post_save_change(request, obj)
        return super().response_change(request, obj)

    def reader_preview_view(self, request, object_id, language):
        # A live article's preview shows editors its changes not yet published, as its form does.
        article = article_or_none(object_id)
        if article is None or not self.keeps_changes_pending(request, article):
            return super().reader_preview_view(request, object_id, language)
        with pending_changes.changes_shown(article):
            return super().reader_preview_view(request, object_id, language)

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        for inline in instances:
            if isinstance(inline, PreviewLinkInline):
                inline.request = request  # a fresh instance per request: for the links' full addresses
        return instances

    def save_formset(self, request, form, formset, change):
        if formset.model in (Correction, PreviewLink):
            for inline_form in formset.forms:
                if inline_form.instance.pk is None:
                    inline_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)
        if formset.model is PreviewLink:
            request.preview_links_saved = [
                *((link, True) for link in formset.new_objects),
                *((link, False) for link, _changed in formset.changed_objects),
            ]
            for link in formset.new_objects:
                url = request.build_absolute_uri(link.get_absolute_url())
                self.message_user(
                    request,
                    format_html(
                        _("Preview link made: {}. Whoever has it sees this article until {}."),
                        url,
                        formats.date_format(timezone.localtime(link.expires_at), "DATETIME_FORMAT"),
                    ),
                    messages.SUCCESS,
                )

    def history_view(self, request, object_id, extra_context=None):
        article_id = parse_id(object_id) or 0
        transitions = Transition.objects.filter(article_id=article_id).select_related("by")
        reviews = HumanReview.objects.filter(article_id=article_id)
        extra_context = {"transitions": transitions, "human_reviews": reviews, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    @admin.action(description=_("Publish selected articles (now, or at their scheduled time)"), permissions=["publish"])
    def publish(self, request, queryset):
        unreviewed = queryset.filter(is_reported_by_ai=True).exclude(
            Exists(HumanReview.objects.filter(article=OuterRef("pk"), reviewed_at__gte=OuterRef("updated_at")))
        )
        held_back = unreviewed.count()
        if held_back:
            queryset = queryset.exclude(pk__in=unreviewed.values("pk"))
            self.message_user(
                request,
                ngettext(
                    "%d article reported by AI was not published: open it, review it and confirm your review.",
                    "%d articles reported by AI were not published: open each, review it and confirm your review.",
                    held_back,
                )
                % held_back,
                messages.WARNING,
            )
        before = dict(queryset.values_list("pk", "status"))
        count = queryset.publish()
        record_transitions(before, by=request.user)
        self.message_user(
            request, ngettext("%d article published.", "%d articles published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        before = dict(queryset.values_list("pk", "status"))
        count = queryset.unpublish()
        # Changes waiting for a live article that is no longer live would later overwrite its edits.
        for article in queryset:
            pending_changes.discard(article)
        record_transitions(before, by=request.user)
        self.message_user(
            request, ngettext("%d article unpublished.", "%d articles unpublished.", count) % count, messages.SUCCESS
        )
