from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.articles.models import Article


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
