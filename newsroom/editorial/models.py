"""An article's editorial history: every change of state, who made it, when, and why."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.articles.models import Article


class Transition(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=20, choices=Article.Status.choices, blank=True)
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
        return f"{self.get_from_status_display()} → {self.to_label}"

    @property
    def to_label(self) -> str:
        if self.to_status == Article.Status.PUBLISHED and self.publish_at and self.publish_at > self.at:
            return str(_("Scheduled"))
        return self.get_to_status_display()


def record_transitions(before: dict[int, str], *, by, comment: str = "") -> int:
    """After a save or a bulk action: one entry per article whose status changed. `before` maps
    article ids to their status before the change."""
    now = timezone.now()
    changed = [
        Transition(
            article=article,
            from_status=before[article.pk],
            to_status=article.status,
            publish_at=article.published_at if article.status == Article.Status.PUBLISHED else None,
            by=by,
            at=now,
            comment=comment,
        )
        for article in Article.objects.filter(pk__in=before).only("pk", "status", "published_at")
        if article.status != before[article.pk]
    ]
    Transition.objects.bulk_create(changed)
    return len(changed)
