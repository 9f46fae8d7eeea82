import base64
import secrets
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from newsroom.syndication import documents

KINDS = [
    (documents.PUBLISHED, _("Published")),
    (documents.UPDATED, _("Updated")),
    (documents.CORRECTED, _("Corrected")),
    (documents.UNPUBLISHED, _("Unpublished")),
    (documents.TRANSLATION_RELEASED, _("Translation released")),
]
# How long a rotated secret still signs: a partner has a day to take the new one.
ROTATION = timedelta(hours=24)

# Deliveries that should go out now (`ids`): sent again from the admin. The models cannot enqueue
# the task that sends them (it imports them); receivers.py does.
deliveries_due = Signal()


def new_secret() -> str:
    """Standard Webhooks' form: "whsec_" and the base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def validate_webhook_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https" and parts.hostname not in settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS:
        raise ValidationError(_("Webhooks are sent to https:// addresses only."), code="https")


class ChoiceSetField(models.CharField):
    """Some of `options` in one column, as "|a|b|": `filter(events__contains="|published|")` finds
    the rows that hold one, on SQLite as on PostgreSQL. In Python a list."""

    def __init__(self, *args, options=(), **kwargs):
        self.options = list(options)
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, {**kwargs, "options": self.options}

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, str):
            return [part for part in value.split("|") if part]
        return list(value or [])

    def get_prep_value(self, value):
        if isinstance(value, str):
            return value
        chosen = set(value or [])
        return "|" + "|".join(key for key, _label in self.options if key in chosen) + "|" if chosen else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.options,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


class WebhookSubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def wanting(self, kind: str, language: str):
        return self.filter(events__contains=f"|{kind}|", languages__contains=f"|{language}|")

    def rotate_secrets(self) -> None:
        for subscription in self:
            subscription.rotate_secret()


class WebhookSubscription(models.Model):
    """A partner's address for the changes it wants, signed with the secret it was given."""

    class NinjsVersion(models.TextChoices):
        V2 = "2.2", "ninjs 2.2"
        V3 = "3.1", "ninjs 3.1"

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500, validators=[validate_webhook_url])
    # Kept readable: every delivery is signed with it.
    secret = models.CharField(_("secret"), max_length=60, default=new_secret, editable=False)
    previous_secret = models.CharField(max_length=60, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(_("previous secret signs until"), null=True, editable=False)
    events = ChoiceSetField(_("events"), options=KINDS)
    languages = ChoiceSetField(_("languages"), options=settings.LANGUAGES)
    ninjs_version = models.CharField(
        _("ninjs version"), max_length=3, choices=NinjsVersion.choices, default=NinjsVersion.V2
    )
    is_active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(_("why it was switched off"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = WebhookSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        # Switched on again by an administrator: the reason it went off no longer holds.
        if self.is_active:
            self.disabled_reason = ""

    def rotate_secret(self) -> None:
        """A new secret; the old one keeps signing beside it for ROTATION."""
        self.previous_secret, self.secret = self.secret, new_secret()
        self.previous_secret_until = timezone.now() + ROTATION
        self.save(update_fields=["secret", "previous_secret", "previous_secret_until"])

    def signing_secrets(self, at) -> list[str]:
        if self.previous_secret and self.previous_secret_until and at < self.previous_secret_until:
            return [self.secret, self.previous_secret]
        return [self.secret]

    def disable(self, reason: str) -> None:
        self.is_active, self.disabled_reason = False, reason
        self.save(update_fields=["is_active", "disabled_reason"])
        self.deliveries.filter(status=Delivery.Status.PENDING).update(status=Delivery.Status.CANCELLED)


class WebhookEvent(models.Model):
    """One change said to partners; its payloads are the exact bytes every attempt sends."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=KINDS)
    article = models.ForeignKey(
        "articles.Article", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("article")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"))
    payload_v2 = models.TextField()
    payload_v3 = models.TextField()
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self):
        return f"{self.kind} {self.article_id} ({self.language}) v{self.version}"

    @property
    def message_id(self) -> str:
        """`webhook-id`: the same for every attempt, so receivers can drop a repeat."""
        return f"msg_{self.id.hex}"

    def body(self, ninjs_version: str) -> bytes:
        payload = self.payload_v3 if ninjs_version == WebhookSubscription.NinjsVersion.V3 else self.payload_v2
        return payload.encode()


class DeliveryQuerySet(models.QuerySet):
    def due(self, at=None):
        return self.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=at or timezone.now())

    def failed(self):
        return self.filter(status=Delivery.Status.FAILED)

    def send_again(self) -> int:
        """Out again now, with the stored body; attempts keep counting. One in flight is left to
        finish."""
        ids = list(self.exclude(status=Delivery.Status.SENDING).values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.PENDING, next_attempt_at=timezone.now())
        deliveries_due.send(sender=Delivery, ids=ids)
        return len(ids)


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(
        WebhookEvent, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("event")
    )
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-pk"]
        permissions = [("send_delivery", _("Can send a delivery again"))]
        constraints = [
            models.UniqueConstraint(fields=["event", "subscription"], name="webhooks_one_delivery_a_subscription")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhooks_delivery_due")]

    def __str__(self):
        return f"{self.event} → {self.subscription}"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField(_("started"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    response_excerpt = models.TextField(_("response"), blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["started_at", "pk"]

    def __str__(self):
        return f"{self.delivery_id} at {self.started_at}"
