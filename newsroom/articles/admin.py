from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline
from modeltranslation.utils import build_localized_fieldname

from newsroom.edit_conflicts import EditConflictInlineFormSet, ErrorsOfHiddenFieldsMixin
from newsroom.editorial import pending as pending_changes
from newsroom.editorial.models import HumanReview, PendingChange, PreviewLink, Transition, record_transitions
from newsroom.ids import parse_id
from newsroom.richtext import has_words
from newsroom.translations.admin.base import MINOR_CHANGE_FIELD, TranslatableAdmin, TranslatableAdminForm, person_name
from newsroom.translations.models import Translation, is_blank, localized_names
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
        # Deleting takes the tag off every article carrying it: a reporter's own, not a colleague's;
        # nor off an editor's changes to a live article, waiting to be published with it.
        if obj.articles.exclude(pk__in=Article.objects.written_by(request.user).values("pk")).exists():
            return False
        return not pending_changes.is_linked_by_waiting_changes(obj)

    def why_read_only(self, request, obj):
        article = obj.articles.published_or_scheduled().order_by("-published_at").first()
        if article is None:
            return super().why_read_only(request, obj)
        return gettext(
            "An editor has published or scheduled “%(article)s”, which carries this tag, and readers see its name "
            "there: only an editor can rename it now."
        ) % {"article": article}

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
        waiting = [tag for tag in refused if tag not in live and pending_changes.is_linked_by_waiting_changes(tag)]
        shared = [tag for tag in refused if tag not in live and tag not in waiting]

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
        if waiting:
            self.message_user(
                request,
                ngettext(
                    "The tag %(names)s is in an editor's changes to a live article, not yet published: "
                    "only an editor can delete it.",
                    "The tags %(names)s are in an editor's changes to live articles, not yet published: "
                    "only an editor can delete them.",
                    len(waiting),
                )
                % {"names": names(waiting)},
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


class InterviewExchangeFormSet(EditConflictInlineFormSet):
    """An interview's questions, which stand in for the body readers need (ArticleAdminForm.ask_for_text)."""

    def clean(self):
        super().clean()
        article_form = getattr(self, "parent_form", None)
        if not getattr(article_form, "needs_answered_questions", False):
            return
        language = article_form.cleaned_data.get("original_language") or article_form.instance.original_language
        names = [build_localized_fieldname(name, language) for name in ("question", "answer")]
        for form in self.forms:
            answered = all(has_words(getattr(form, "cleaned_data", {}).get(name)) for name in names)
            if answered and not self._should_delete_form(form):
                return
        message = _(
            "Readers would get this interview without its text: add a question with its answer, "
            "or write a body, before publishing it."
        )
        body = build_localized_fieldname("body", language)
        if body in article_form.fields:
            # Also by the body: the questions' group is folded away, and its own error with it.
            article_form.add_error(body, message)
        raise ValidationError(message)


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


TRANSITION_COMMENT_FIELD = "_transition_comment"
HUMAN_REVIEW_FIELD = "_human_review"
CHANGES_PUBLISH_AT_FIELD = "_changes_publish_at"
# A live article's buttons. Publishing is the first (what Enter in a field submits): an editor
# changing a live article mostly means to correct it for readers. A POST without one of these
# (its "Save without publishing", Django's "_save", a stale tab) keeps the changes from readers:
# nothing goes out unless asked. Taking it off the site has a button of its own: no other button
# does that, whatever the status and publish time say.
PUBLISH_CHANGES_BUTTON, SCHEDULE_CHANGES_BUTTON, DISCARD_CHANGES_BUTTON, TAKE_OFF_SITE_BUTTON = (
    "_publish_changes",
    "_schedule_changes",
    "_discard_changes",
    "_take_off_site",
)


def is_live(state) -> bool:
    """Whether a stored (status, publish time) is an article readers see now."""
    if state is None or state[0] != Article.Status.PUBLISHED or state[1] is None:
        return False
    return state[1] <= timezone.now()


class ArticleAdminForm(TranslatableAdminForm):
    _transition_comment = forms.CharField(
        label=_("Comment on this change of status"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the article's history, e.g. why a draft goes back to its writer."),
    )
    # Shown beside its button at the end of a live article's form (submit_line.html), away from
    # the article's own publish time, which it is easily taken for.
    _changes_publish_at = forms.SplitDateTimeField(
        label=_("Publish the changes at"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=_("Readers keep the published version until then. The article's own publish time stays as it is."),
    )

    _human_review = forms.BooleanField(
        label=_("I reviewed this AI-assisted text and take editorial responsibility for it"),
        required=False,
        help_text=_(
            "Needed to publish an article reported by AI. Kept in the article's history with your name and the time."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An interview's questions can stand in for its body; its formset checks them (clean()).
        self.needs_answered_questions = False
        if "published_at" in self.fields and self.instance.pk and self.instance.is_published:
            field = self.fields["published_at"]
            field.label = _("Publish time of the article")
            field.help_text = _(
                "When readers first got this article: its date on the site. Your changes do not go out by this "
                "time but by the buttons at the end of the form. A time to come would take the article off the "
                "site until then: only “Take off the site” does that."
            )

    def stored_state(self):
        """The article's (status, publish time) as stored, before this save; None for a new one."""
        if "_stored_state" not in self.__dict__:
            self._stored_state = (
                Article.objects.filter(pk=self.instance.pk).values_list("status", "published_at").first()
                if self.instance.pk
                else None
            )
        return self._stored_state

    def clean(self):
        self.take_off_the_site_as_asked()
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
        when = cleaned.get(CHANGES_PUBLISH_AT_FIELD)
        if SCHEDULE_CHANGES_BUTTON in self.data:
            if when is None:
                self.add_error(CHANGES_PUBLISH_AT_FIELD, _("Say when the changes should reach readers."))
            elif when <= timezone.now():
                self.add_error(CHANGES_PUBLISH_AT_FIELD, _("Choose a time in the future, or publish the changes now."))
        elif when is not None:
            # Enter in the time field submits the first button, "Publish the changes": a time typed
            # for the changes is never ignored.
            self.add_error(
                CHANGES_PUBLISH_AT_FIELD,
                _(
                    "You chose a time for the changes: use “Save and schedule the changes” to publish them then, "
                    "or empty the time."
                ),
            )
        self.keep_a_live_article_on_the_site(cleaned)
        self.ask_for_text(cleaned)
        return cleaned

    def take_off_the_site_as_asked(self):
        """On a live article, "Take off the site" with a publish time to come takes it off until
        then; with another status, sets that one; otherwise unpublishes it. Set before the
        edit-conflict check, so that it counts as this user's change of status."""
        if TAKE_OFF_SITE_BUTTON not in self.data or not is_live(self.stored_state()):
            return
        when = self.cleaned_data.get("published_at")
        if self.cleaned_data.get("status") == Article.Status.PUBLISHED and (when is None or when <= timezone.now()):
            self.cleaned_data["status"] = Article.Status.UNPUBLISHED

    def keep_a_live_article_on_the_site(self, cleaned):
        """No button but "Take off the site" takes a live article off the site."""
        if TAKE_OFF_SITE_BUTTON in self.data or not is_live(self.stored_state()):
            return
        when = cleaned.get("published_at")
        if cleaned.get("status", Article.Status.PUBLISHED) != Article.Status.PUBLISHED:
            self.add_error(
                "status",
                _(
                    "Readers see this article now, and this button keeps it on the site. To take it off, "
                    "use “Take off the site” at the end of the form."
                ),
            )
        elif when is not None and when > timezone.now():
            self.add_error(
                "published_at",
                _(
                    "A time to come would take this live article off the site until then. To publish your changes "
                    "later, choose a time beside “Save and schedule the changes”; to take the article off the site "
                    "until a time, use “Take off the site”."
                ),
            )

    def ask_for_text(self, cleaned):
        """Readers never get an empty article: a news story, analysis or brief needs its body; an
        interview its body or a question with its answer (checked with its questions' formset)."""
        if not self.puts_text_before_readers(cleaned):
            return
        language = cleaned.get("original_language") or self.instance.original_language
        body = build_localized_fieldname("body", language)
        if body not in cleaned or has_words(cleaned[body]):
            return
        if cleaned.get("kind") == Article.Kind.INTERVIEW:
            self.needs_answered_questions = True
            return
        self.add_error(
            body,
            _("Readers would get this article without its text: write the body, or save without publishing.")
            if is_live(self.stored_state())
            else _("Readers would get this article without its text: write the body first, or keep it as a draft."),
        )

    def puts_text_before_readers(self, cleaned) -> bool:
        """Whether readers get this save's text, now or at its time: publishing or scheduling the
        article, editing it while scheduled, or publishing or scheduling changes to it while live."""
        if cleaned.get("status", self.instance.status) != Article.Status.PUBLISHED:
            return False
        if not is_live(self.stored_state()):
            return True
        return PUBLISH_CHANGES_BUTTON in self.data or SCHEDULE_CHANGES_BUTTON in self.data

    def publishes_ai_text(self, cleaned) -> bool:
        """Whether this save puts an AI-reported text before readers: publishing or scheduling the
        article, or publishing or scheduling changes to it while it is live."""
        if not cleaned.get("is_reported_by_ai", self.instance.is_reported_by_ai):
            return False
        if cleaned.get("status", self.instance.status) != Article.Status.PUBLISHED:
            return False
        stored = self.stored_state()
        if stored is None or stored[0] != Article.Status.PUBLISHED:
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
            # A live article's "Publish the changes at" is beside its button, not here (submit_line.html).
            {"fields": ["status", "published_at", TRANSITION_COMMENT_FIELD]},
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
        super().save_model(request, obj, form, change)
        if obj.is_reported_by_ai and form.cleaned_data.get(HUMAN_REVIEW_FIELD) and can_publish(request):
            HumanReview.record(obj, request.user)
            request.human_review_recorded = True
        record_transitions(
            {obj.pk: stored or ("", None)},
            by=request.user,
            comment=form.cleaned_data.get(TRANSITION_COMMENT_FIELD, ""),
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
        publishing = request.method == "POST" and PUBLISH_CHANGES_BUTTON in request.POST
        taking_off = request.method == "POST" and TAKE_OFF_SITE_BUTTON in request.POST
        # Only publishing the changes, or taking the article off the site, writes the form at once.
        request.pending_changes = not (publishing or taking_off)
        with transaction.atomic():
            savepoint = transaction.savepoint()
            left_out = pending_changes.apply(article, pending.data) if pending is not None else []
            extra_context = {
                **extra_context,
                "pending_controls": True,
                "pending_change": pending,
                "pending_summary": pending_changes.summary(pending.data) if pending else [],
                "pending_left_out": pending_changes.left_out_sentence(left_out) if left_out else "",
            }
            response = super().change_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            saved = request.method == "POST" and response.status_code == 302
            if saved and not getattr(request, "pending_saved", False):
                # Published now, or taken off the site: the edited version is the article's.
                transaction.savepoint_commit(savepoint)
                pending_changes.discard(article)
                if left_out and publishing:
                    self.message_user(request, pending_changes.left_out_sentence(left_out), messages.WARNING)
                return response
            changed = pending_changes.snapshot(article) if saved else None
            transaction.savepoint_rollback(savepoint)
            if saved:
                self.keep_pending(request, article, changed)
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if context.get("pending_controls") and CHANGES_PUBLISH_AT_FIELD in form.fields:
            context["changes_publish_at"] = form[CHANGES_PUBLISH_AT_FIELD]  # beside its button
        return super().render_change_form(request, context, add, change, form_url, obj)

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
        # `article` is the live version, read before the save: what readers still get. A formatted
        # time ends in "a.m." in English: never at the end of a sentence, where a full stop follows.
        live = formats.date_format(timezone.localtime(max(article.published_at, article.updated_at)), "DATETIME_FORMAT")
        if publish_at is not None:
            message = _(
                "Scheduled: readers keep the version published %(live)s until %(time)s, when your changes reach them."
            ) % {"time": formats.date_format(timezone.localtime(publish_at), "DATETIME_FORMAT"), "live": live}
        else:
            message = _(
                "Saved without publishing: readers keep the version published %(live)s until you publish your changes."
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

    def response_add(self, request, obj, post_url_continue=None):
        message = self.what_readers_see(obj, before=None)
        if message is None or IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.warn_about_missing_parts(request, obj)
        return self.redirect_after_save(request, obj, message, add=True)

    def response_change(self, request, obj):
        if getattr(request, "pending_changes", False):
            request.pending_saved = True  # keep_pending() says what readers still see
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        before = request.edit_conflict_form.stored_state()
        message = self.what_readers_see(obj, before)
        if message is None or IS_POPUP_VAR in request.POST:
            return super().response_change(request, obj)
        if not is_live(before):
            self.warn_about_missing_parts(request, obj)  # when it first goes out, not at each correction
        return self.redirect_after_save(request, obj, message, add=False)

    def redirect_after_save(self, request, obj, message, *, add):
        """Where Django's admin goes after a save, with our message instead of its "… was changed
        successfully", which says nothing of what readers see."""
        self.message_user(request, message, messages.SUCCESS)
        preserved = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        if "_continue" in request.POST:
            url = reverse("admin:articles_article_change", args=[obj.pk], current_app=self.admin_site.name)
            return HttpResponseRedirect(add_preserved_filters(preserved, url))
        if "_addanother" in request.POST:
            url = reverse("admin:articles_article_add", current_app=self.admin_site.name)
            return HttpResponseRedirect(add_preserved_filters(preserved, url))
        return self.response_post_save_add(request, obj) if add else self.response_post_save_change(request, obj)

    def what_readers_see(self, obj, before):
        """After a save that changed what readers get (or that keeps the article scheduled): what
        they see now, in the newsroom's words. None when they see nothing of it before or after.
        `before` is the stored (status, publish time) before the save, None for a new article."""
        article = str(obj)
        if obj.is_published:
            text = (
                _("Published: readers now see “{}” as you saved it.")
                if is_live(before)
                else _("Published: readers now see “{}”.")
            )
            link = format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("View it"))
            return format_html("{} {}", format_html(text, article), link)
        if obj.is_scheduled:
            time = formats.date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
            if is_live(before):
                message = _(
                    "Taken off the site: readers no longer see “%(article)s”; they get it again from %(time)s on."
                ) % {"article": article, "time": time}
                return f"{message} {self.waiting_changes_kept(obj)}".strip()
            return _("Scheduled: readers get “%(article)s” from %(time)s on.") % {"article": article, "time": time}
        if is_live(before):
            if obj.status == Article.Status.UNPUBLISHED:
                message = _("Unpublished: readers no longer see “%(article)s”.") % {"article": article}
            else:
                message = _("Taken off the site and now “%(status)s”: readers no longer see “%(article)s”.") % {
                    "status": obj.get_status_display(),
                    "article": article,
                }
            return f"{message} {self.waiting_changes_kept(obj)}".strip()
        if before is not None and before[0] == Article.Status.PUBLISHED:
            return _("No longer scheduled: readers do not get “%(article)s”.") % {"article": article}
        return None

    @staticmethod
    def waiting_changes_kept(article) -> str:
        # Taken off the site, the article is saved as its form showed it, with the changes that
        # were waiting: nothing is lost, and there is no live version left for them to wait beside.
        if not PendingChange.objects.filter(article=article).exists():
            return ""
        return gettext("The changes that were waiting are saved in it.")

    def warn_about_missing_parts(self, request, obj):
        """Published or scheduled without a byline or a standfirst: allowed (a brief from the desk),
        but said, in case it was not meant so."""
        if not (obj.is_published or obj.is_scheduled):
            return
        missing = []
        if not obj.bylines.exists():
            missing.append(capfirst(Byline._meta.verbose_name))
        if is_blank(getattr(obj, build_localized_fieldname("standfirst", obj.original_language))):
            missing.append(capfirst(Article._meta.get_field("standfirst").verbose_name))
        if missing:
            self.message_user(
                request,
                _("Readers get “%(article)s” without: %(missing)s. Add what it needs, unless that is meant so.")
                % {"article": obj, "missing": ", ".join(str(name) for name in missing)},
                messages.WARNING,
            )

    def why_read_only(self, request, obj):
        last = obj.transitions.select_related("by").first()
        if last is None:
            return gettext("You can no longer change this article.")
        who = person_name(last.by) if last.by else gettext("An editor")
        when = formats.date_format(timezone.localtime(last.at), "DATETIME_FORMAT")
        if obj.is_scheduled:
            return gettext(
                "%(who)s scheduled this article (%(when)s): from then on only editors change it. "
                "Send them what you typed."
            ) % {"who": who, "when": when}
        if obj.status == Article.Status.PUBLISHED:
            return gettext(
                "%(who)s published this article (%(when)s): from then on only editors change it. "
                "Send them what you typed."
            ) % {"who": who, "when": when}
        return gettext("%(who)s set this article to “%(status)s” (%(when)s), and you can no longer change it.") % {
            "who": who,
            "status": last.to_label,
            "when": when,
        }

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
                        _("Preview link made: {}. Until {}, whoever has it sees this article."),
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
        # Readers never get an empty article: the form refuses one, and so does this action.
        empty = [article.pk for article in queryset.prefetch_related("exchanges") if not article.has_text_for_readers()]
        if empty:
            queryset = queryset.exclude(pk__in=empty)
            self.message_user(
                request,
                ngettext(
                    "%d article without its text was not published: open it and write its text.",
                    "%d articles without their text were not published: open each and write its text.",
                    len(empty),
                )
                % len(empty),
                messages.WARNING,
            )
        before = {pk: (status, when) for pk, status, when in queryset.values_list("pk", "status", "published_at")}
        count = queryset.publish()
        record_transitions(before, by=request.user)
        self.message_user(
            request, ngettext("%d article published.", "%d articles published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        before = {pk: (status, when) for pk, status, when in queryset.values_list("pk", "status", "published_at")}
        count = queryset.unpublish()
        # Changes waiting for a live article that is no longer live would later overwrite its edits.
        for article in queryset:
            pending_changes.discard(article)
        record_transitions(before, by=request.user)
        self.message_user(
            request, ngettext("%d article unpublished.", "%d articles unpublished.", count) % count, messages.SUCCESS
        )
