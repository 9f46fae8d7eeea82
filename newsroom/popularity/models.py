import datetime

from django.conf import settings
from django.db import models
from django.db.models import Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# "Most popular" ranks the reads of the last WINDOW_DAYS days, today included.
WINDOW_DAYS = 7


class ReadCountQuerySet(models.QuerySet):
    def in_window(self, language):
        """The counts of `language` (a code, or an outer reference to one) over the last seven days, today included."""
        since = timezone.localdate() - datetime.timedelta(days=WINDOW_DAYS - 1)
        return self.filter(language=language, day__gte=since)

    def most_read_ids(self, limit: int):
        """The ids of the articles most read in these counts, most read first, as a subquery."""
        return (
            self.values("article").annotate(reads=Sum("count")).order_by("-reads", "-article").values("article")[:limit]
        )

    def reads_of(self, article):
        """The sum of these counts for `article` (an OuterRef), as a subquery."""
        return Subquery(self.filter(article=article).values("article").annotate(reads=Sum("count")).values("reads"))


class ReadCount(models.Model):
    """How often readers of one language read an article on one day (the site's local date)."""

    # The unique constraint's index starts with the article, so the foreign key needs none of its own.
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="read_counts",
        db_index=False,
        verbose_name=_("article"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("reads"), default=0)

    objects = ReadCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("read count")
        verbose_name_plural = _("read counts")
        constraints = [
            # What the flush's upsert adds to (ON CONFLICT needs exactly these columns unique).
            models.UniqueConstraint(fields=["article", "language", "day"], name="popularity_one_count_per_day"),
        ]
        indexes = [
            # The ranking reads only this index: one language, the last days, article and count.
            models.Index(fields=["language", "day", "article", "count"], name="popularity_ranking_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} {self.language} {self.day}: {self.count}"
