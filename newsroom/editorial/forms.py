"""The article's change form and the forms of its parts: what an editor or a reporter posts,
checked on the server before any of it is saved."""

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from newsroom.articles.models import Article
from newsroom.edit_conflicts import EditConflictInlineFormSet, ErrorsOfHiddenFieldsMixin
from newsroom.images import rights
from newsroom.richtext import has_words
from newsroom.translations.admin.base import TranslatableAdminForm

from . import workflow
from .workflow import PUBLISH_CHANGES, SCHEDULE_CHANGES, TAKE_OFF_SITE

TRANSITION_COMMENT_FIELD = "_transition_comment"
HUMAN_REVIEW_FIELD = "_human_review"
CHANGES_PUBLISH_AT_FIELD = "_changes_publish_at"


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

    # Whether this form's user may lift an embargo still to come or bring it forward: set per request
    # by the admin (`ArticleAdmin.get_form`), for those who publish. Not by default: an embargo is
    # the source's condition, and a form that does not know its user keeps to it.
    may_lift_embargo = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An interview's questions can stand in for its body; its formset checks them (clean()).
        self.needs_answered_questions = False
        if "image" in self.fields and (warning := rights.licence_warning(self.instance.image)):
            field = self.fields["image"]
            field.help_text = format_html(
                '{}<strong class="licence-warning">{}</strong>',
                format_html("{}<br>", field.help_text) if field.help_text else "",
                warning,
            )
        if "published_at" in self.fields and self.instance.pk and self.instance.is_published:
            field = self.fields["published_at"]
            field.label = _("Publish time of the article")
            field.help_text = _(
                "When readers first got this article: its date on the site. Your changes do not go out by this "
                "time but by the buttons at the end of the form. A time to come would take the article off the "
                "site until then: only “Take off the site” does that."
            )
        self.name_the_clock()

    # An editor abroad reads a time they type as their own; the form stores it on the newsroom's
    # clock (settings.TIME_ZONE), so each time field says which clock that is.
    TIMES_ON_THE_NEWSROOMS_CLOCK = ("published_at", "embargo_until", CHANGES_PUBLISH_AT_FIELD)

    def name_the_clock(self):
        clock = _("In %(place)s time, the newsroom's clock, wherever you are.") % {"place": settings.TIME_ZONE_NAME}
        for name in self.TIMES_ON_THE_NEWSROOMS_CLOCK:
            if field := self.fields.get(name):
                field.help_text = format_html("{} {}", field.help_text, clock) if field.help_text else clock

    def stored_state(self):
        """The article's (status, publish time) as stored, before this save; None for a new one."""
        if "_stored_state" not in self.__dict__:
            self._stored_state = workflow.stored_state(self.instance.pk)
        return self._stored_state

    def keeps_changes_pending(self) -> bool:
        """This save of a live article keeps its changes from readers (`workflow.keeps_changes_pending`)."""
        return workflow.keeps_changes_pending(self.stored_state(), self.data)

    def clean(self):
        self.take_off_the_site_as_asked()
        cleaned = super().clean()
        if self.publishes_ai_text(cleaned) and not cleaned.get(HUMAN_REVIEW_FIELD):
            self.add_error(
                HUMAN_REVIEW_FIELD,
                _("A person must review a text written with AI before readers get it: confirm your review.")
                if PUBLISH_CHANGES not in self.data
                else _(
                    "A person must review a text written with AI before readers get it: confirm your review, "
                    "or save without publishing."
                ),
            )
        when = cleaned.get(CHANGES_PUBLISH_AT_FIELD)
        if SCHEDULE_CHANGES in self.data:
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
        self.keep_the_embargo_for_an_editor_to_lift(cleaned)
        self.keep_to_the_embargo(cleaned)
        self.ask_for_text(cleaned)
        return cleaned

    def keep_the_embargo_for_an_editor_to_lift(self, cleaned):
        """Reporters may set an embargo or move it later (it only holds an article back), but not
        lift one still to come or bring it forward: that would let readers have the article before
        the source allows, which only those who publish decide."""
        if self.may_lift_embargo or "embargo_until" not in self.fields or self.has_error("embargo_until"):
            return
        stored = workflow.stored_embargo(self.instance.pk)
        embargo = stored[0] if stored is not None else None
        if embargo is None or embargo <= timezone.now():
            return
        typed = cleaned.get("embargo_until")
        if typed is not None and typed >= embargo:
            return
        self.add_error(
            "embargo_until",
            _(
                "The embargo holds this article until %(time)s: only an editor can lift it or bring it forward. "
                "You may move it later."
            )
            % {"time": workflow.newsroom_time(embargo)},
        )

    def keep_to_the_embargo(self, cleaned):
        """The embargo is a floor under the publish time (the database refuses anything else): an
        earlier time is refused here, by the field the editor can change, with what they typed kept."""
        embargo = cleaned.get("embargo_until") if "embargo_until" in self.fields else self.instance.embargo_until
        if embargo is None:
            return
        time = workflow.newsroom_time(embargo)
        if workflow.is_live(self.stored_state()) and embargo > timezone.now() and TAKE_OFF_SITE not in self.data:
            self.add_error(
                "embargo_until",
                _(
                    "Readers already see this article: an embargo still to come cannot hold it back. To hold it "
                    "until %(time)s, use “Take off the site” with a publish time at or after the embargo."
                )
                % {"time": time},
            )
            return
        when = cleaned.get("published_at") if "published_at" in self.fields else self.instance.published_at
        if when is None or when >= embargo:
            return
        field = "published_at" if "published_at" in self.fields else "embargo_until"
        self.add_error(
            field,
            _(
                "The embargo holds this article until %(time)s: choose a publish time at or after it, or leave the "
                "publish time empty to publish it at the embargo."
            )
            % {"time": time}
            if field == "published_at"
            else _(
                "The article's publish time comes before this embargo: ask an editor to move the publish time to "
                "%(time)s or later."
            )
            % {"time": time},
        )

    def take_off_the_site_as_asked(self):
        """On a live article, "Take off the site" with a publish time to come takes it off until
        then; with another status, sets that one; otherwise unpublishes it. Set before the
        edit-conflict check, so that it counts as this user's change of status."""
        if TAKE_OFF_SITE not in self.data or not workflow.is_live(self.stored_state()):
            return
        when = self.cleaned_data.get("published_at")
        if self.cleaned_data.get("status") in Article.BEFORE_READERS and (when is None or when <= timezone.now()):
            self.cleaned_data["status"] = Article.Status.UNPUBLISHED

    def keep_a_live_article_on_the_site(self, cleaned):
        """No button but "Take off the site" takes a live article off the site."""
        if TAKE_OFF_SITE in self.data or not workflow.is_live(self.stored_state()):
            return
        when = cleaned.get("published_at")
        if cleaned.get("status", Article.Status.PUBLISHED) not in Article.BEFORE_READERS:
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
            if workflow.is_live(self.stored_state())
            else _("Readers would get this article without its text: write the body first, or keep it as a draft."),
        )

    def puts_text_before_readers(self, cleaned) -> bool:
        """Whether readers get this save's text, now or at its time: publishing or scheduling the
        article, editing it while scheduled, or publishing or scheduling changes to it while live."""
        if cleaned.get("status", self.instance.status) not in Article.BEFORE_READERS:
            return False
        if not workflow.is_live(self.stored_state()):
            return True
        return PUBLISH_CHANGES in self.data or SCHEDULE_CHANGES in self.data

    def publishes_ai_text(self, cleaned) -> bool:
        """Whether this save puts an AI-reported text before readers: publishing or scheduling the
        article, or publishing or scheduling changes to it while it is live."""
        if not cleaned.get("is_reported_by_ai", self.instance.is_reported_by_ai):
            return False
        if cleaned.get("status", self.instance.status) not in Article.BEFORE_READERS:
            return False
        stored = self.stored_state()
        if stored is None or stored[0] not in Article.BEFORE_READERS:
            return True
        return PUBLISH_CHANGES in self.data or SCHEDULE_CHANGES in self.data
