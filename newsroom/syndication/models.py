import base64
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.articles.models import Article

KEY_START = "nr_"
# Where the key's row is kept by the shared cache for `access.LOOKUP_SECONDS` (newsroom/syndication/access.py).
LOOKUP_CACHE_KEY = "apikey:{}"


def secret_hash(secret: str) -> str:
    # The secret is 32 random bytes: a fast hash is right (PBKDF2 would cost every request ~300 ms).
    return hashlib.sha256(secret.encode()).hexdigest()


def forget_lookups(prefixes) -> None:
    """At commit, the shared cache's copies of these keys' rows are dropped: revoking works at once."""
    keys = [LOOKUP_CACHE_KEY.format(prefix) for prefix in prefixes]
    if keys:
        transaction.on_commit(lambda: cache.delete_many(keys))


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def revoke(self) -> int:
        keys = self.active()
        prefixes = list(keys.values_list("prefix", flat=True))
        count = keys.update(revoked_at=timezone.now())
        forget_lookups(prefixes)
        return count


class ApiKey(models.Model):
    """A partner's key to the content API. Only its hash is kept: the full key is shown once."""

    name = models.CharField(_("name"), max_length=100, help_text=_("Who uses it, e.g. the partner's name."))
    # Shown in the admin and in logs: which key it was, without being the key.
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    # Like `readable_in`: "|en|de|".
    languages = models.CharField(_("languages"), max_length=100)
    requests_per_minute = models.PositiveIntegerField(_("requests per minute"), default=120)
    may_import = models.BooleanField(_("may import articles"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    # Written at most once an hour (access.note_use): not a write per request.
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_lookups([self.prefix])

    def issue(self) -> str:
        """Give this unsaved key its prefix and secret; returns the full key. Only this instance
        holds it (`issued_key`, as a user instance holds a new raw password until saved): it is
        stored nowhere."""
        self.prefix = KEY_START + base64.b32encode(secrets.token_bytes(5)).decode().lower()
        secret = secrets.token_urlsafe(32)
        self.secret_hash = secret_hash(secret)
        self.issued_key = f"{self.prefix}_{secret}"
        return self.issued_key

    def matches(self, secret: str) -> bool:
        return secrets.compare_digest(self.secret_hash, secret_hash(secret))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split("|") if code]

    def allows(self, language: str) -> bool:
        return f"|{language}|" in self.languages


class ApiKeyUsage(models.Model):
    """Requests made with a key on one day, and how many of them were refused for its rate."""

    key = models.ForeignKey(ApiKey, verbose_name=_("API key"), on_delete=models.CASCADE, related_name="usage")
    day = models.DateField(_("day"))
    requests = models.PositiveIntegerField(_("requests"), default=0)
    refused = models.PositiveIntegerField(_("refused for the rate"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("API key usage")
        verbose_name_plural = _("API key usage")
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="api_key_usage_per_day")]

    def __str__(self):
        return f"{self.key.prefix} {self.day}"


class PublishedDocumentQuerySet(models.QuerySet):
    def visible(self):
        """Before readers when last reconciled; whether they are now is asked of the article."""
        return self.filter(is_visible=True)

    def canceled(self):
        """Once before readers and not any more: partners who sync get the canceled stub (410)."""
        return self.filter(is_visible=False, canceled_at__isnull=False)


class PublishedDocument(models.Model):
    """An article's ninjs document in one language as partners last got it, kept so that the API
    serves stored text (no rendering per request), its `version` counts real changes, and a change
    is announced once: `documents.reconcile` compares what the article says now with this."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="published_documents")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"), default=0)
    # SHA-256 of the document without its version and times: equal digests, nothing to announce.
    digest = models.CharField(max_length=64, blank=True)
    # The ninjs 2.2 JSON, links on `documents.SITE` (the serving host replaces it); the canceled stub
    # once the article left readers.
    document = models.TextField(blank=True)
    first_created_at = models.DateTimeField(_("first created"), null=True, blank=True)
    version_created_at = models.DateTimeField(_("version created"), null=True, blank=True)
    is_visible = models.BooleanField(_("before readers"), default=False)
    canceled_at = models.DateTimeField(_("canceled"), null=True, blank=True)

    objects = PublishedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("published document")
        verbose_name_plural = _("published documents")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="syndication_one_document_a_language")
        ]
        indexes = [
            models.Index(fields=["language", "-version_created_at"], name="syndication_changed_since"),
        ]

    def __str__(self):
        return f"{self.article_id} ({self.language}) v{self.version}"
