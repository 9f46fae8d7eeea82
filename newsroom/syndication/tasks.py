"""The syndication work the background worker does: documents brought up to date after a change."""

import datetime

from django.utils import timezone
from django_tasks import task

from newsroom.articles.models import Article, Correction
from newsroom.images.models import Image

from . import documents

# How far back the sweep looks: longer than a worker restart takes.
SWEEP_WINDOW = datetime.timedelta(minutes=15)


@task()
def refresh_documents(article_ids: list[int], many: bool = False) -> None:
    """`many`: one batch of a change to more articles than an editor touches (see receivers)."""
    outcome = documents.reconcile(article_ids, announce=documents.COMINGS_AND_GOINGS if many else documents.KINDS)
    # Due later by themselves (a scheduled publication): looked at again at that second. An earlier
    # look enqueued for a time since changed finds nothing to do.
    for article_id, when in outcome.due.items():
        refresh_documents.using(run_after=when).enqueue([article_id])


@task()
def sweep_due() -> None:
    """The net under the looks enqueued for a due time (a row lost in a restore, a clock moved):
    articles and correction notes that reached readers in the last minutes, and articles whose
    lead image's licence ended in them, are looked at again;
    those already reconciled cost a comparison and say nothing."""
    now = timezone.now()
    ids = set(
        Article.objects.published(at=now).filter(published_at__gt=now - SWEEP_WINDOW).values_list("pk", flat=True)
    )
    ids |= set(
        Correction.objects.filter(published_at__gt=now - SWEEP_WINDOW, published_at__lte=now).values_list(
            "article_id", flat=True
        )
    )
    # The lead image's licence ended at a midnight in the window: the documents lose the picture.
    ended = Image.objects.licence_ended_between(now - SWEEP_WINDOW, now)
    ids |= set(Article.objects.published(at=now).filter(image__in=ended).values_list("pk", flat=True))
    if ids:
        documents.reconcile(ids)
