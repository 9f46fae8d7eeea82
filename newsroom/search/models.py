from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleDocumentQuerySet(models.QuerySet):
    def read_in(self, edition: str):
        """The documents readers of `edition` search: the edition's language where the article is
        readable in it, the original elsewhere (`documents.EDITIONS_SQL`)."""
        return self.filter(editions__contains=f"|{edition}|")


class ArticleDocument(models.Model):
    """What the search finds an article by, in one language: its texts in that language and the
    names of what it is about, weighted (headline A, standfirst and names B, body, questions and
    answers C, correction notes D). Built by `documents.rebuild` from the article's columns, never
    edited; PostgreSQL only (SQLite searches the columns themselves)."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="search_documents")
    language = models.CharField(_("language"), max_length=8)
    # The editions whose readers get this language of the article, as "|en||de|".
    editions = models.CharField(max_length=40, blank=True, default="")
    document = SearchVectorField(null=True)
    # The body and the answers as plain text, for the result's snippet.
    text = models.TextField(blank=True, default="")
    # The article's, kept here so that the newest matches are found without reading the articles.
    published_at = models.DateTimeField(null=True)

    objects = ArticleDocumentQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "language"], name="search_document_per_language")]
        indexes = [models.Index(fields=["-published_at", "-article"], name="search_document_newest_idx")]

    def __str__(self):
        return f"{self.article_id} ({self.language})"


class Word(models.Model):
    """A word of the headlines, standfirsts and names, unaccented and in lower case: what "Did you
    mean" proposes for a word the search does not know (by trigram similarity)."""

    word = models.CharField(max_length=60, primary_key=True)
    # In how many documents it was seen when they were built: the likelier of two proposals.
    frequency = models.PositiveIntegerField(default=1)

    def __str__(self):
        return self.word


class StaleArticle(models.Model):
    """An article whose documents wait for a rebuild: one of hundreds that a change of a name touched
    (`receivers.note`), rebuilt after the response by `documents.rebuild_stale`, or by
    `manage.py rebuild_search --stale` where a process stopped before it was done."""

    article_id = models.BigIntegerField(primary_key=True)
    noted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return str(self.article_id)
