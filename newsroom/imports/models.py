from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .mapping import shown


class ImportRecordQuerySet(models.QuerySet):
    def kept(self):
        """The imports that made or changed an article; a refused or unchanged one is only in the log."""
        return self.filter(outcome__in=ImportRecord.CHANGED_SOMETHING)

    def of_document(self, uri: str, language: str):
        return self.kept().filter(source_uri=uri, language=language)

    def of_work(self, work_id: str):
        return self.kept().filter(work_id=work_id).exclude(work_id="")


class ImportRecord(models.Model):
    """One ninjs document taken in (or refused): what it was, what became of it, and the report
    the editor reads. The document's `uri` in its language names the article it made, so importing
    it again updates that article instead of making a second one."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("Created a draft")
        UPDATED = "updated", _("Updated")
        TRANSLATED = "translated", _("Added as a translation")
        UNCHANGED = "unchanged", _("Unchanged")
        REFUSED = "refused", _("Refused")

    CHANGED_SOMETHING = (Outcome.CREATED, Outcome.UPDATED, Outcome.TRANSLATED)

    class Source(models.TextChoices):
        ADMIN = "admin", _("Upload in the admin")
        COMMAND = "command", _("Management command")
        API = "api", _("Content API")

    source_uri = models.CharField(_("document URI"), max_length=500, blank=True)
    source_version = models.CharField(_("document version"), max_length=50, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    # The `altids` "work" value: every language's document of one story carries the same.
    work_id = models.CharField(_("work id"), max_length=500, blank=True)
    headline = models.CharField(_("headline"), max_length=250, blank=True)
    # Where the lead image was fetched from: importing the same picture again fetches nothing.
    image_source = models.CharField(_("image from"), max_length=1000, blank=True)
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_records",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    # What the document's names were matched to, by kind, in the document's order ({"tags": [ids]}):
    # a translation's names, in the same order, are the same objects' names in its language.
    matched = models.JSONField(_("matched"), default=dict, blank=True, editable=False)
    # What the editor should know, each `{"field", "message": {language: text}}`: why it was refused,
    # or what was proposed, matched or left out — in every language, read in the reader's (`notes`).
    report = models.JSONField(_("report"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # Where it came from: a file's name, a URL, an API key's name.
    origin = models.CharField(_("from"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    api_key = models.ForeignKey(
        "syndication.ApiKey",
        verbose_name=_("API key"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True, db_index=True)

    objects = ImportRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            # One article per document and language; a refused document is only a line in the log.
            models.UniqueConstraint(
                fields=["source_uri", "language"],
                condition=Q(outcome__in=["created", "translated"]),
                name="import_document_once",
            )
        ]
        indexes = [models.Index(fields=["work_id"], name="import_work_idx")]

    def __str__(self):
        return self.headline or self.source_uri or str(self.pk)

    def notes(self) -> list[dict[str, str]]:
        """The report in the active language: `{"field", "message"}` each."""
        return [{"field": note["field"], "message": shown(note["message"])} for note in self.report]
