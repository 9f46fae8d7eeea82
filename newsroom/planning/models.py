"""The planning board: stories the desk plans before they are written, tied to the events they cover
and, once it exists, to their article."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from newsroom.articles.models import Article, ArticleQuerySet
from newsroom.translations.models import LANGUAGE_CODES


class PlannedStoryQuerySet(models.QuerySet):
    def with_state(self):
        """`state`: the desk's status, or "published" from the moment its article is before readers
        (scheduled articles too, at their time: no job has to move the plan along)."""
        return self.annotate(
            state=Case(
                When(ArticleQuerySet.published_q(through="article__"), then=Value(PlannedStory.Status.PUBLISHED)),
                default="status",
                output_field=models.CharField(),
            )
        )

    def in_state(self, state: str):
        return self.with_state().filter(state=state)

    def still_open(self):
        """Neither published nor dropped: work someone still has to do."""
        return self.with_state().exclude(state__in=PlannedStory.CLOSED)

    def assigned_to(self, user):
        return self.filter(assigned_to_q(user))

    def scheduled_between(self, start, end):
        return self.filter(target_at__gte=start, target_at__lt=end).order_by("target_at", "pk")

    def unscheduled(self):
        return self.filter(target_at__isnull=True).order_by("-updated_at", "-pk")


def assigned_to_q(user) -> Q:
    return Q(reporter=user) | Q(translator=user)


class PlannedStory(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        FILED = "filed", _("Filed")
        EDITED = "edited", _("Edited")
        PUBLISHED = "published", _("Published")
        DROPPED = "dropped", _("Dropped")

    working_title = models.CharField(_("working title"), max_length=250)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Angle, sources, what to ask: for the desk only."))
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_stories",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporting_plans",
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translating_plans",
    )
    target_at = models.DateTimeField(
        _("target publish time"), null=True, blank=True, help_text=_("Empty: not scheduled yet.")
    )
    original_language = models.CharField(
        _("original language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the story is written in; the working title is in it too."),
    )
    # Every language it will be published in, the original first.
    languages = models.JSONField(_("languages"), default=list)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IDEA)
    events = models.ManyToManyField(
        "events.Event", verbose_name=_("events"), blank=True, related_name="planned_stories"
    )
    article = models.OneToOneField(
        Article,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_story",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Done with, one way or the other: off "My assignments".
    CLOSED = (Status.PUBLISHED, Status.DROPPED)
    # What a reporter may move their own assignment to; the rest is the editors'.
    REPORTER_STATUSES = (Status.ASSIGNED, Status.IN_PROGRESS, Status.FILED)

    objects = PlannedStoryQuerySet.as_manager()

    class Meta:
        ordering = [models.F("target_at").asc(nulls_last=True), "pk"]
        verbose_name = _("planned story")
        verbose_name_plural = _("planned stories")
        indexes = [models.Index(fields=["target_at"], name="plannedstory_target_idx")]
        permissions = [("assign_plannedstory", _("Can assign planned stories and change every one"))]
        constraints = [
            # "Published" is the article's to say (`with_state`), never stored.
            models.CheckConstraint(condition=~Q(status="published"), name="plannedstory_published_not_stored"),
        ]

    def __str__(self):
        return self.working_title

    def save(self, *args, **kwargs):
        # The original first, then the others in the site's order.
        others = set(self.languages or ()) - {self.original_language}
        self.languages = [self.original_language, *(code for code in LANGUAGE_CODES if code in others)]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.original_language and self.original_language not in (self.languages or []):
            self.languages = [self.original_language, *(self.languages or [])]
        unknown = [code for code in self.languages or [] if code not in LANGUAGE_CODES]
        if unknown:
            raise ValidationError({"languages": _("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}})

    @property
    def state(self) -> str:
        """As `with_state` says it, for an object loaded without it."""
        annotated = self.__dict__.get("state")
        if annotated is not None:
            return annotated
        if self.article is not None and self.article.is_published:
            return self.Status.PUBLISHED
        return self.status

    @state.setter
    def state(self, value):
        self.__dict__["state"] = value

    def get_state_display(self) -> str:
        return self.Status(self.state).label

    @property
    def translation_languages(self) -> list[str]:
        return [code for code in self.languages if code != self.original_language]

    def is_assigned_to(self, user) -> bool:
        return user.pk is not None and user.pk in (self.reporter_id, self.translator_id)
