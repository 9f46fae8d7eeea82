"""Who gets the newsletter in which language, and which issues went out.

A subscription is to one edition: the language of the page the reader signed up on. It counts only
once confirmed through the signed, time-limited link of the confirmation mail (double opt-in), and
every mail carries a signed link that ends it. Nothing else about the reader is stored: no IP
address, no name, no opening or clicking.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return secrets.token_urlsafe(18)


def normalize_email(address: str) -> str:
    """The address as stored: trimmed, its domain in lower case (the local part is the owner's)."""
    return BaseUserManager.normalize_email(address.strip())


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscription.Status.CONFIRMED)

    def for_language(self, language: str):
        return self.filter(language=language)

    def by_email(self, address: str):
        """Matches however the reader capitalised it (answered by the unique index on LOWER(email))."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=normalize_email(address).lower())

    def never_confirmed(self):
        """Sign-ups nobody confirmed within PENDING_DAYS: their address is kept no longer."""
        cutoff = timezone.now() - datetime.timedelta(days=Subscription.PENDING_DAYS)
        return self.filter(status=Subscription.Status.PENDING, requested_at__lt=cutoff)


class Subscription(models.Model):
    CONFIRM_DAYS = 3
    PENDING_DAYS = 7
    CONFIRM_SALT = "newsroom.newsletter.confirm"
    UNSUBSCRIBE_SALT = "newsroom.newsletter.unsubscribe"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email address"), max_length=254)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    # Part of every link, so a link names one subscription even if SQLite reuses a deleted row's id.
    key = models.CharField(max_length=40, default=new_key, editable=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    requested_at = models.DateTimeField(_("last sign-up"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        constraints = [
            models.UniqueConstraint(Lower("email"), "language", name="newsletter_one_subscription_per_edition"),
        ]
        indexes = [
            models.Index(fields=["status", "language"], name="newsletter_recipients"),
            models.Index(fields=["status", "requested_at"], name="newsletter_pending_since"),
        ]
        permissions = [("export_subscription", _("Can export newsletter subscriptions as CSV"))]

    def __str__(self):
        return f"{self.email} ({self.language})"

    @property
    def confirmation_token(self) -> str:
        return signing.TimestampSigner(salt=self.CONFIRM_SALT).sign_object([self.pk, self.key], compress=True)

    @property
    def unsubscribe_token(self) -> str:
        # No timestamp: a newsletter from years ago must still be able to end the subscription.
        return signing.Signer(salt=self.UNSUBSCRIBE_SALT).sign_object([self.pk, self.key], compress=True)

    @classmethod
    def from_confirmation_token(cls, token: str) -> "Subscription | None":
        """The subscription a confirmation link names, or None if it was deleted meanwhile.

        Raises signing.SignatureExpired after CONFIRM_DAYS and signing.BadSignature for anything
        this site did not sign.
        """
        signer = signing.TimestampSigner(salt=cls.CONFIRM_SALT)
        max_age = datetime.timedelta(days=cls.CONFIRM_DAYS)
        return cls._named_by(cls._unsign(lambda: signer.unsign_object(token, max_age=max_age)))

    @classmethod
    def from_unsubscribe_token(cls, token: str) -> "Subscription | None":
        """As from_confirmation_token, for the links that never expire."""
        signer = signing.Signer(salt=cls.UNSUBSCRIBE_SALT)
        return cls._named_by(cls._unsign(lambda: signer.unsign_object(token)))

    @staticmethod
    def _unsign(unsign):
        try:
            value = unsign()
        except (ValueError, TypeError, UnicodeError) as error:
            raise signing.BadSignature("Malformed token") from error
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
            raise signing.BadSignature("Unexpected token content")
        return value

    @classmethod
    def _named_by(cls, value) -> "Subscription | None":
        pk, key = value
        subscription = cls.objects.filter(pk=pk).first()
        if subscription is None or not isinstance(key, str) or not secrets.compare_digest(subscription.key, key):
            return None
        return subscription

    def record_request(self):
        """Another sign-up for this address: a pending one waits for confirmation from now on."""
        self.requested_at = timezone.now()
        self.save(update_fields=["requested_at"])

    def confirm(self):
        if self.status == self.Status.CONFIRMED:
            return
        self.status = self.Status.CONFIRMED
        self.confirmed_at = timezone.now()
        self.unsubscribed_at = None
        self.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])

    def unsubscribe(self):
        if self.status == self.Status.UNSUBSCRIBED:
            return
        self.status = self.Status.UNSUBSCRIBED
        self.unsubscribed_at = timezone.now()
        self.save(update_fields=["status", "unsubscribed_at"])


class NewsletterIssueQuerySet(models.QuerySet):
    def sending(self):
        return self.filter(status=NewsletterIssue.Status.SENDING)


class NewsletterIssue(models.Model):
    """One sending of the digest in one language; the next one covers what was published since.

    The worker mails it in batches (newsletter/tasks.py), each mail recorded as it goes out, so a
    worker stopped midway leaves the issue to go on after the last subscriber mailed."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # What the issue covers up to: the next one brings what was published after it.
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    article_ids = models.JSONField(_("articles in it"), default=list, editable=False)
    article_count = models.PositiveIntegerField(_("articles"), default=0)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    # Subscribers are mailed in the order of their ids: all up to this one have had it.
    last_subscription_id = models.BigIntegerField(default=0, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = NewsletterIssueQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        get_latest_by = "sent_at"
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        constraints = [
            models.UniqueConstraint(
                "language", condition=models.Q(status="sending"), name="newsletter_one_issue_sending_per_edition"
            ),
        ]

    def __str__(self):
        return f"{self.language} {self.sent_at:%Y-%m-%d %H:%M}"
