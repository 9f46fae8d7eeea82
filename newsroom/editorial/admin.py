"""The article's admin: the form editors and reporters write in, its lists and actions. Each hook
calls a verb of `workflow.py` and reads what it did from its return value."""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from newsroom.articles.models import Article, Byline, Correction, Tag
from newsroom.edit_conflicts import posted_form
from newsroom.ids import parse_id
from newsroom.images.admin import ImagePickerAdminMixin
from newsroom.search.admin import DocumentSearchAdminMixin
from newsroom.translations.admin.base import MINOR_CHANGE_FIELD, TranslatableAdmin, person_name
from newsroom.translations.models import is_blank, localized_names
from newsroom.translations.workflow import can_manage_translations

from . import pending, workflow
from .forms import CHANGES_PUBLISH_AT_FIELD, HUMAN_REVIEW_FIELD, TRANSITION_COMMENT_FIELD, ArticleAdminForm
from .inlines import BylineInline, CorrectionInline, InterviewExchangeInline, PreviewLinkInline, is_locked_for
from .live import LiveDeskMixin
from .models import HumanReview, PendingChange, PreviewLink, Transition


def article_or_none(object_id):
    """The article an admin URL names, as stored (before any admin rule), or None."""
    pk = parse_id(object_id)
    return Article.objects.filter(pk=pk).first() if pk else None


def is_saved(request, response) -> bool:
    """Whether the admin view that gave `response` saved its form (and went on to the next page),
    rather than showing it again with errors or refusing it before it was built."""
    form = posted_form(request)
    return request.method == "POST" and response.status_code == 302 and form is not None and not form.errors


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
        if tag is None or tag.pk is None or workflow.can_publish(request.user):
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
        if obj is None or workflow.can_publish(request.user):
            return True
        # Deleting takes the tag off every article carrying it: a reporter's own, not a colleague's;
        # nor off an editor's changes to a live article, waiting to be published with it.
        if obj.articles.exclude(pk__in=Article.objects.written_by(request.user).values("pk")).exists():
            return False
        return not pending.is_linked_by_waiting_changes(obj)

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
        waiting = [tag for tag in refused if tag not in live and pending.is_linked_by_waiting_changes(tag)]
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


class PublicationFilter(admin.SimpleListFilter):
    """The article's state as the newsroom speaks of it: scheduled is published with a time to come."""

    title = _("status")
    parameter_name = "publication"

    # Each state the list offers: its value in the address, its name, and the QuerySet method that
    # names it (ArticleQuerySet). A new state is one line here.
    states = [
        (Article.Status.DRAFT, _("Draft"), "drafts"),
        (Article.Status.IN_REVIEW, _("In review"), "in_review"),
        ("scheduled", _("Scheduled"), "scheduled"),
        ("embargoed", _("Embargoed"), "embargoed"),
        ("live", _("Published"), "published"),
        ("waiting", _("Published, changes waiting"), "with_changes_waiting"),
        (Article.Status.UNPUBLISHED, _("Unpublished"), "unpublished"),
    ]

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _method in self.states]

    def queryset(self, request, queryset):
        method = next((method for value, _label, method in self.states if value == self.value()), None)
        return getattr(queryset, method)() if method else queryset


def embargo_label(article) -> str:
    """An embargoed article's status as editors read it: "Embargoed until …", or for one not yet
    published, its status with the embargo ("Draft, embargoed until …")."""
    time = workflow.newsroom_time(article.embargo_until)
    if article.status in Article.BEFORE_READERS:
        return gettext("Embargoed until %(time)s") % {"time": time}
    return gettext("%(status)s, embargoed until %(time)s") % {"status": article.get_status_display(), "time": time}


class MineFilter(admin.SimpleListFilter):
    title = _("writer")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Written by me"))]

    def queryset(self, request, queryset):
        return queryset.written_by(request.user) if self.value() == "1" else queryset


@admin.register(Article)
class ArticleAdmin(LiveDeskMixin, ImagePickerAdminMixin, DocumentSearchAdminMixin, TranslatableAdmin):
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
    # An embargo is the source's condition, not the text's; making an article live and closing its
    # coverage are done on its desk (restored, its updates would vanish from the page, or a closed
    # coverage poll again): restoring an older text keeps them all.
    kept_when_restoring = (
        *Article.PUBLICATION_FIELDS,
        *workflow.EMBARGO_FIELDS,
        "is_featured",
        "released_languages",
        "is_live",
        "live_closed_at",
    )
    # Share links are not content; corrections, once out, are never taken back by a restore.
    not_in_revisions = ("preview_links", "corrections")
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "kind", "is_live", "original_language"]}),
        (_("Place in the site"), {"fields": ["section", "series", "dateline", "tags", "is_featured"]}),
        (
            _("Publication"),
            # A live article's "Publish the changes at" is beside its button, not here (submit_line.html).
            {"fields": [*Article.PUBLICATION_FIELDS, *workflow.EMBARGO_FIELDS, TRANSITION_COMMENT_FIELD]},
        ),
        (_("Lead image"), {"fields": ["image", "lead_image_caption"]}),
        (
            _("Provenance"),
            {"fields": ["is_reported_by_ai", HUMAN_REVIEW_FIELD, "fact_checked_by", "fact_checked_at"]},
        ),
        (_("Covers"), {"fields": ["organizations", "people", "places", "events", "interviewee"]}),
        (_("Related articles"), {"fields": ["related_articles"]}),
    ]

    @admin.display(description=_("status"), ordering="status")
    def publication(self, article):
        if article.is_embargoed:
            return embargo_label(article)
        if article.is_scheduled:
            return _("Scheduled")
        pending = getattr(article, "pending_change", None) if article.is_published else None
        if pending is not None:
            return _("Published, changes waiting")
        return article.get_status_display()

    def get_queryset(self, request):
        # The languages column checks an interview's questions too.
        return super().get_queryset(request).prefetch_related("exchanges").visible_in_admin_to(request.user)

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
        if not workflow.can_publish(request.user):
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # A class of its own per request: the form refuses lifting an embargo to those who do not publish.
        return type(form.__name__, (form,), {"may_lift_embargo": workflow.can_publish(request.user)})

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not workflow.can_publish(request.user):
            # Read-only fields are left out of the form, so a forged POST cannot set them either.
            return (*readonly, "published_at", "is_featured")
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            # Checked by the form on the server: any other status posted is refused.
            allowed = workflow.allowed_statuses(request.user)
            kwargs["choices"] = [choice for choice in Article.Status.choices if choice[0] in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked_for(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_locked_for(request, obj)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        before = workflow.saving(obj, by=request.user)
        embargo_before = workflow.stored_embargo(obj.pk)
        super().save_model(request, obj, form, change)
        comment = form.cleaned_data.get(TRANSITION_COMMENT_FIELD, "")
        workflow.saved(obj, before, by=request.user, comment=comment, reviewed=self.confirms_review(request, form, obj))
        workflow.record_embargo(obj, embargo_before, by=request.user)

    @staticmethod
    def confirms_review(request, form, article) -> bool:
        """The form's user reviewed the AI-assisted text and may take the responsibility."""
        confirmed = form.cleaned_data.get(HUMAN_REVIEW_FIELD)
        return bool(article.is_reported_by_ai and confirmed and workflow.can_publish(request.user))

    # A live article's changes wait until an editor publishes them (newsroom/editorial/pending.py).

    def keeps_changes_pending(self, request, obj) -> bool:
        return (
            obj is not None
            and obj.is_published
            and workflow.can_publish(request.user)
            and not is_locked_for(request, obj)
        )

    def shows_readers(self, obj) -> bool:
        # Every new article goes to the translators' queue, and publishing says what readers get:
        # a line about the German on each one would only repeat that.
        return False

    def holds_changes_back(self, request, form, obj) -> bool:
        # The save is rolled back and kept as waiting changes: its German goes out with them.
        return form.keeps_changes_pending() and self.keeps_changes_pending(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = article_or_none(object_id)
        extra_context = {
            **(extra_context or {}),
            "sent_back": workflow.sent_back_by(article),
            # Shown as an embargo, not a schedule: the source's terms bind the desk until then.
            "embargo_time": workflow.newsroom_time(article.embargo_until) if article and article.is_embargoed else "",
        }
        if article is None or not self.keeps_changes_pending(request, article):
            return super().change_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and workflow.DISCARD_CHANGES in request.POST:
            workflow.discard_changes(article)
            self.log_change(request, article, gettext("Discarded changes that readers had not seen."))
            self.message_user(request, _("The changes were discarded. Readers see the published version."))
            return HttpResponseRedirect(request.path)
        waiting = PendingChange.objects.filter(article=article).select_related("saved_by").first()
        # Only publishing the changes, or taking the article off the site, writes the form at once.
        kept_pending = workflow.keeps_changes_pending((article.status, article.published_at), request.POST)
        with transaction.atomic():
            savepoint = transaction.savepoint()
            left_out = pending.apply(article, waiting.data) if waiting is not None else []
            extra_context = {
                **extra_context,
                "pending_controls": True,
                "pending_change": waiting,
                "pending_summary": pending.summary(waiting.data) if waiting else [],
                "pending_left_out": pending.left_out_sentence(left_out) if left_out else "",
            }
            response = super().change_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            saved = is_saved(request, response)
            if saved and not kept_pending:
                # Published now, or taken off the site: the edited version is the article's.
                transaction.savepoint_commit(savepoint)
                workflow.discard_changes(article)
                if left_out and workflow.PUBLISH_CHANGES in request.POST:
                    self.message_user(request, pending.left_out_sentence(left_out), messages.WARNING)
                return response
            changed = pending.snapshot(article) if saved else None
            transaction.savepoint_rollback(savepoint)
            if saved:
                self.keep_pending(request, article, changed)
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if context.get("pending_controls") and CHANGES_PUBLISH_AT_FIELD in form.fields:
            context["changes_publish_at"] = form[CHANGES_PUBLISH_AT_FIELD]  # beside its button
        return super().render_change_form(request, context, add, change, form_url, obj)

    def keep_pending(self, request, article, changed):
        """After the save was rolled back: keep what it changed as the article's waiting changes."""
        form = posted_form(request)
        publish_at = (
            form.cleaned_data.get(CHANGES_PUBLISH_AT_FIELD) if workflow.SCHEDULE_CHANGES in request.POST else None
        )
        minor = can_manage_translations(request.user) and form.cleaned_data.get(MINOR_CHANGE_FIELD, False)
        workflow.keep_changes(
            article,
            changed,
            by=request.user,
            publish_at=publish_at,
            affects_translations=not minor,
            reviewed=self.confirms_review(request, form, article),  # rolled back with the rest; it happened
        )
        # Rolled back with the rest, but not part of the change: share links made or withdrawn now.
        for link, is_new in getattr(form, "saved_preview_links", []):
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
        # an editor publishes the restored text (a restore posts none of the publishing buttons).
        with transaction.atomic():
            savepoint = transaction.savepoint()
            response = super().revision_view(request, object_id, version_id, extra_context)
            if not is_saved(request, response):
                transaction.savepoint_commit(savepoint)
                return response
            changed = pending.snapshot(article)
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
        form = posted_form(request)
        if form.keeps_changes_pending() and self.keeps_changes_pending(request, obj):
            # The save is rolled back and kept as waiting changes: keep_pending() says what readers still see.
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        before = form.stored_state()
        message = self.what_readers_see(obj, before)
        if message is None or IS_POPUP_VAR in request.POST:
            return super().response_change(request, obj)
        if not workflow.is_live(before):
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
                if workflow.is_live(before)
                else _("Published: readers now see “{}”.")
            )
            link = format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("View it"))
            return format_html("{} {}", format_html(text, article), link)
        if obj.is_scheduled:
            time = formats.date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
            if obj.is_embargoed and not workflow.is_live(before):
                return _("Under embargo: readers get “%(article)s” from %(time)s on, when the embargo lifts.") % {
                    "article": article,
                    # Named like the form's banner: the editor may sit on another clock.
                    "time": workflow.newsroom_time(obj.published_at),
                }
            if workflow.is_live(before):
                message = _(
                    "Taken off the site: readers no longer see “%(article)s”; they get it again from %(time)s on."
                ) % {"article": article, "time": time}
                return f"{message} {self.waiting_changes_kept(obj)}".strip()
            return _("Scheduled: readers get “%(article)s” from %(time)s on.") % {"article": article, "time": time}
        if workflow.is_live(before):
            if obj.status == Article.Status.UNPUBLISHED:
                message = _("Unpublished: readers no longer see “%(article)s”.") % {"article": article}
            else:
                message = _("Taken off the site and now “%(status)s”: readers no longer see “%(article)s”.") % {
                    "status": obj.get_status_display(),
                    "article": article,
                }
            return f"{message} {self.waiting_changes_kept(obj)}".strip()
        if before is not None and before[0] in Article.BEFORE_READERS:
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
        if obj.status in Article.BEFORE_READERS:
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
        with pending.changes_shown(article):
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
            # Kept with the form, as Django keeps its `save_m2m`: a save kept pending is rolled back,
            # and keep_pending() saves these again.
            form.saved_preview_links = [
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
        done = workflow.publish(queryset, by=request.user)
        if done.unreviewed:
            held_back = len(done.unreviewed)
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
        if done.without_text:
            # Readers never get an empty article: the form refuses one, and so does this action.
            empty = len(done.without_text)
            self.message_user(
                request,
                ngettext(
                    "%d article without its text was not published: open it and write its text.",
                    "%d articles without their text were not published: open each and write its text.",
                    empty,
                )
                % empty,
                messages.WARNING,
            )
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", done.count) % done.count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = workflow.unpublish(queryset, by=request.user)
        self.message_user(
            request, ngettext("%d article unpublished.", "%d articles unpublished.", count) % count, messages.SUCCESS
        )
