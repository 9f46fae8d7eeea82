"""When the next scheduled change reaches readers, so that no cached page outlives it.

A scheduled article, a scheduled correction or a live article's scheduled changes appear at their
second with no job running: every query of public content compares with now. So a page cached
before that second must end at it. The time of the next such change is kept in the shared cache as
an entry showing the key `schedule`, which every change to a schedule invalidates.

Whatever became visible since the last look (the scheduled articles and corrections whose time has
come, events that moved from upcoming to past at midnight, images whose licence ended at midnight)
has its keys invalidated by the first response rendered after it, so blocks cached inside pages
follow too, and the CDN is purged by the same keys.
"""

import datetime
import time

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from newsroom.articles.models import Article, Correction
from newsroom.editorial.models import PendingChange
from newsroom.images.models import Image

from . import keys, tagged
from .invalidation import SCHEDULE_KEY, articles_keys

NEXT_CHANGE_CACHE_KEY = "pagecache:next-change"
CAUGHT_UP_CACHE_KEY = "pagecache:caught-up"
# How far back the first look after a cold start invalidates what became visible.
FIRST_LOOK_BACK = 60 * 60 * 24


def next_change(now: float | None = None) -> float:
    """The time (a Unix timestamp) of the next change that reaches readers without anyone saving anything."""
    now = time.time() if now is None else now
    found = tagged.get(NEXT_CHANGE_CACHE_KEY)
    if found is not tagged.MISSING and found[0] > now:
        return found[0]
    began = time.time()
    catch_up(now)
    upcoming = _next_scheduled(now)
    tagged.set(NEXT_CHANGE_CACHE_KEY, upcoming, {SCHEDULE_KEY}, upcoming - now, began=began)
    return upcoming


def _next_scheduled(now: float) -> float:
    moment = datetime.datetime.fromtimestamp(now, tz=datetime.UTC)
    candidates = [
        Article.objects.scheduled(at=moment).aggregate(next=Min("published_at"))["next"],
        Correction.objects.still_to_come(at=moment).aggregate(next=Min("published_at"))["next"],
        # A change already due is due now, until it is published (by the next request's
        # PublishDueChangesMiddleware, or a minute late where that read a stale due time): no
        # page showing the article without it may be kept meanwhile.
        _due_not_before(PendingChange.objects.aggregate(next=Min("publish_at"))["next"], moment),
        # Events move from upcoming to past, and "today" changes on pages, at the newsroom's midnight.
        _next_midnight(moment),
    ]
    return min(candidate for candidate in candidates if candidate is not None).timestamp()


def _due_not_before(when: datetime.datetime | None, moment: datetime.datetime) -> datetime.datetime | None:
    return None if when is None else max(when, moment)


def _next_midnight(moment: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(moment)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()), local.tzinfo)


def catch_up(now: float) -> None:
    """Invalidate the keys of what reached readers by its schedule since the last look."""
    since = cache.get(CAUGHT_UP_CACHE_KEY) or now - FIRST_LOOK_BACK
    if since >= now:
        return
    start, end = (datetime.datetime.fromtimestamp(t, tz=datetime.UTC) for t in (since, now))
    shown: set[str] = set()
    # Shown by `end` and still to come at `start`: what reached readers in between.
    due = list(Article.objects.published(at=end).scheduled(at=start).only("section_id", "series_id"))
    if due:
        shown |= articles_keys(due)
    corrected = Correction.objects.shown(at=end).still_to_come(at=start).values_list("article_id")
    shown |= {f"article-{pk}" for (pk,) in corrected}
    if corrected:
        shown.add(keys.list_key("correction"))
    if timezone.localdate(start) != timezone.localdate(end):
        shown.add(keys.list_key("event"))
        # Images whose licence ended at a midnight in between: every page, card, block and feed
        # item that showed one noted its key.
        ended = Image.objects.licence_ended_between(start, end).values_list("pk", flat=True)
        shown |= {keys.key(Image(pk=pk)) for pk in ended}
    if shown:
        keys.invalidate(*shown)
    cache.set(CAUGHT_UP_CACHE_KEY, now, FIRST_LOOK_BACK)
