"""An article's editorial history: every change of state, who made it, when, and why."""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.articles.models import Article, Author


class Transition(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=20, choices=Article.Status.choices, blank=True)
    # The publish time before the change, when it was one to come: the article was scheduled.
    from_publish_at = models.DateTimeField(_("was scheduled for"), null=True, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Article.Status.choices)
    # Set when the article was published with a time in the future: scheduled.
    publish_at = models.DateTimeField(_("publish time"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change of status")
        verbose_name_plural = _("changes of status")

    def __str__(self):
        return f"{self.from_label} → {self.to_label}"

    @property
    def is_from_scheduled(self) -> bool:
        return self.from_status in Article.BEFORE_READERS and bool(self.from_publish_at)

    @property
    def is_to_scheduled(self) -> bool:
        return self.to_status in Article.BEFORE_READERS and bool(self.publish_at) and self.publish_at > self.at

    @property
    def from_label(self) -> str:
        return str(_("Scheduled")) if self.is_from_scheduled else self.get_from_status_display()

    @property
    def to_label(self) -> str:
        return str(_("Scheduled")) if self.is_to_scheduled else self.get_to_status_display()


class HumanReview(models.Model):
    """A person with editorial responsibility reviewed an AI-assisted text before it reached readers:
    the record the EU AI Act (Article 50(4)) asks of AI-generated text on matters of public interest."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="human_reviews")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as written at the time: the record outlives a renamed or deleted account.
    reviewer_name = models.CharField(_("reviewer"), max_length=150, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        get_latest_by = ["reviewed_at", "id"]
        verbose_name = _("human review of AI-assisted text")
        verbose_name_plural = _("human reviews of AI-assisted text")

    def __str__(self):
        return f"{self.article} – {self.reviewer_name}"

    @classmethod
    def record(cls, article, user) -> "HumanReview":
        byline = Author.objects.filter(user=user).values_list("display_name", flat=True).first()
        # Readers see this name: a byline or a full name, never a login name ("" → "an editor").
        name = byline or user.get_full_name()
        return cls.objects.create(article=article, reviewed_by=user, reviewer_name=name)


def new_link_key() -> str:
    return secrets.token_urlsafe(18)


def default_expiry():
    return timezone.now() + datetime.timedelta(days=PreviewLink.DEFAULT_DAYS)


class PreviewLink(models.Model):
    """A signed address at which someone without an account sees one article before readers do,
    e.g. an interviewee checking quotes. It expires, and an editor can withdraw it."""

    DEFAULT_DAYS = 7
    SALT = "newsroom.preview-link"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    key = models.CharField(max_length=40, default=new_link_key, editable=False, unique=True)
    expires_at = models.DateTimeField(_("valid until"), default=default_expiry)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False, help_text=_("The address no longer works."))
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
    times_opened = models.PositiveIntegerField(_("times opened"), default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self):
        return f"{self.article} ({self.language})"

    def get_absolute_url(self):
        return reverse("preview-link", kwargs={"token": self.token})

    @property
    def token(self) -> str:
        # No timestamp in it (the link's own expiry decides): the address stays the same on every page.
        return signing.Signer(salt=self.SALT).sign_object([self.pk, self.key], compress=True)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def works(self) -> bool:
        return not self.is_withdrawn and not self.is_expired

    @classmethod
    def from_token(cls, token: str) -> "PreviewLink | None":
        """The link a token names, if its signature holds; whether it still works is for the caller."""
        try:
            pk, key = signing.Signer(salt=cls.SALT).unsign_object(token)
        except (signing.BadSignature, ValueError, TypeError):
            return None
        link = cls.objects.select_related("article").filter(pk=pk).first() if isinstance(pk, int) else None
        if link is None or not isinstance(key, str) or not secrets.compare_digest(link.key, key):
            return None
        return link


class PendingChange(models.Model):
    """Changes an editor saved to a live article that readers do not see yet: the live version
    stays until the editor publishes them, now or at `publish_at`. `data` holds, per field and per
    row of the article's parts, only what differs from the live version (see `pending.py`)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="pending_change")
    data = models.JSONField(default=dict)
    publish_at = models.DateTimeField(_("publish the changes at"), null=True, blank=True, db_index=True)
    affects_translations = models.BooleanField(default=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("change not yet published")
        verbose_name_plural = _("changes not yet published")

    def __str__(self):
        return str(self.article)
