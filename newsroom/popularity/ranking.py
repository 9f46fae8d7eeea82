"""The "Most popular" block: the articles read most in the page's language over the last seven days.

The ranking (ids only) is kept in the shared cache and worked out anew at most every
RANKING_SECONDS, by the flush that writes new reads. Only when the articles the block can show, or
their order, have changed is the block's key invalidated: cached pages then show the new ranking,
and are not thrown away every few minutes for a ranking that stayed the same.

The block itself, its cards rendered, is a fragment of the page cache (newsroom.pagecache.tagged)
noting each card's article: an article taken down or edited leaves or changes the block at once.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from newsroom.articles.models import Article
from newsroom.pagecache import keys, tagged

from .models import ReadCount

SHOWN = 5
# The block is rendered once for every page of a language; the article page leaves itself out of
# it, so one card more than is shown is kept.
CARDS = SHOWN + 1
# The ranking keeps more than the cards, to fill the gaps left by articles taken down.
RANKED = SHOWN * 2
# Only published articles are read, so nearly all of the most read still are: the ranking looks
# among this many rather than check every article's state before summing (a scan of them all).
CANDIDATES = 50
# How often the ranking may be worked out anew.
RANKING_SECONDS = 300
# The ranking and the block are replaced when they change; these only bound what an unused
# language keeps in the cache.
KEEP_SECONDS = 60 * 60 * 24


def ranking_key(language: str) -> str:
    return f"popularity:ranking:{language}"


def due_key(language: str) -> str:
    """Present while the ranking of `language` is younger than RANKING_SECONDS."""
    return f"popularity:ranking-recent:{language}"


def block_key(language: str) -> str:
    """The page cache key that the block of `language` shows: invalidated when its ranking changes."""
    return f"article-popular-{language}"


def ranked(language: str, articles=None):
    """`articles` (the published ones by default) among the most read in `language`, most read first."""
    counts = ReadCount.objects.in_window(language)
    articles = Article.objects.published() if articles is None else articles
    return (
        articles.filter(pk__in=counts.most_read_ids(CANDIDATES))
        .annotate(reads=counts.reads_of(OuterRef("pk")))
        .order_by("-reads", "-pk")
    )


def store_ranking(language: str, ranking: list[int]):
    if not keys.storing():
        return  # worked out in a preview, over unpublished changes: not for readers
    cache.set(ranking_key(language), ranking, KEEP_SECONDS)
    # Whoever works the ranking out, the next flush need not do it again for a while.
    cache.add(due_key(language), True, RANKING_SECONDS)


def teasers(language: str) -> list[Article]:
    """The first CARDS of the ranking as teasers, in one query (none while an empty ranking is cached)."""
    cards = Article.objects.published().for_teasers()
    ranking = cache.get(ranking_key(language))
    if ranking is None:
        articles = list(ranked(language, cards)[:RANKED])
        store_ranking(language, [article.pk for article in articles])
        return articles[:CARDS]
    found = cards.in_bulk(ranking)
    return [found[pk] for pk in ranking if pk in found][:CARDS]


def refresh_rankings() -> set[str]:
    """Work out anew each language's ranking that is older than RANKING_SECONDS, in whichever
    process asks first; invalidate the blocks whose cards changed. Returns those languages."""
    changed = set()
    for language, _name in settings.LANGUAGES:
        if not cache.add(due_key(language), True, RANKING_SECONDS):
            continue
        ranking = list(ranked(language).values_list("pk", flat=True)[:RANKED])
        before = cache.get(ranking_key(language))
        cache.set(ranking_key(language), ranking, KEEP_SECONDS)
        # What the block can show is the first CARDS; the rest only fills gaps.
        if before is None or before[:CARDS] != ranking[:CARDS]:
            changed.add(language)
    keys.invalidate(*(block_key(language) for language in changed))
    return changed


def cards(language: str) -> list[tuple[int, str]]:
    """(article id, rendered teaser) for the block of `language`, from the page cache while none
    of the articles shown nor the ranking has changed."""

    def render():
        keys.note(block_key(language))
        rendered = []
        for article in teasers(language):
            keys.note(keys.key(article), keys.key(article.section), *article.image_keys)
            rendered.append(
                (article.pk, render_to_string("articles/includes/article_teaser.html", {"article": article}))
            )
        return rendered

    cached = tagged.fragment(f"popularity:block:{language}", render, KEEP_SECONDS)
    # Our own template's output, stored as the plain text it was rendered to.
    return [(pk, mark_safe(html)) for pk, html in cached]
