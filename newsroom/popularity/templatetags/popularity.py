"""The "Most popular" block: the articles read most in the page's language over the last seven days."""

from django import template
from django.core.cache import cache
from django.db.models import OuterRef
from django.utils.translation import get_language

from newsroom.articles.models import Article

from ..models import ReadCount

register = template.Library()

SHOWN = 5
# The ranking (ids only) is kept this long; the cards are read fresh, so an article taken down
# leaves the block at once. The ranking keeps a few more than are shown to fill such gaps.
RANKING_SECONDS = 300
RANKED = SHOWN * 2
# Only published articles are read, so nearly all of the most read still are: the ranking looks
# among this many rather than check every article's state before summing (a scan of them all).
CANDIDATES = 50


def most_read(language: str) -> list[Article]:
    """The most read articles, most read first, as teasers, in one query (none while an empty
    ranking is cached)."""
    cards = Article.objects.published().for_teasers()
    key = f"popularity:ranking:{language}"
    ranking = cache.get(key)
    if ranking is None:
        counts = ReadCount.objects.in_window(language)
        articles = list(
            cards.filter(pk__in=counts.most_read_ids(CANDIDATES))
            .annotate(reads=counts.reads_of(OuterRef("pk")))
            .order_by("-reads", "-pk")[:RANKED]
        )
        cache.set(key, [article.pk for article in articles], RANKING_SECONDS)
        return articles
    found = cards.in_bulk(ranking)
    return [found[pk] for pk in ranking if pk in found]


@register.inclusion_tag("popularity/most_popular.html")
def most_popular(exclude=None):
    """Up to five teasers, most read first; `exclude` an article (the one the page shows)."""
    articles = [article for article in most_read(get_language()) if exclude is None or article.pk != exclude.pk]
    return {"articles": articles[:SHOWN]}
