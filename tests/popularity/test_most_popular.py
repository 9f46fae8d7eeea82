""" "Most popular" on the home and article pages: the articles read most in the page's language over
the last seven days, only what readers may see, and at the cost of one query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from newsroom.articles.models import Article
from newsroom.pagecache import keys
from newsroom.popularity import ranking, reads
from newsroom.popularity.models import ReadCount
from newsroom.popularity.ranking import RANKING_SECONDS
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.pages import get_page, parse, url_in
from tests.queries import count_queries

from .conftest import read

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de"]


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def reads_of(article, language: str, count: int, day: datetime.date | None = None):
    ReadCount.objects.create(article=article, language=language, day=day or timezone.localdate(), count=count)


def most_popular(page) -> list[str]:
    """The headlines in the block, in its order; [] when the page has no block."""
    blocks = page.find_all("section", class_="most-popular")
    assert len(blocks) <= 1
    return [item.find("h3").text for item in blocks[0].find("ol").find_all("li")] if blocks else []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_shows_the_articles_read_most_in_its_language(client, language):
    tachi, mazda, nissan, quiet = ArticleFactory.create_batch(4)
    reads_of(tachi, "en", 30)
    reads_of(mazda, "en", 50, days_ago(2))
    reads_of(nissan, "en", 5)
    reads_of(nissan, "de", 40)
    reads_of(tachi, "de", 10, days_ago(6))
    reads_of(tachi, "de", 3)

    page = get_page(client, url_in(language, "home"))

    headline = f"headline_{language}"
    expected = {"en": [mazda, tachi, nissan], "de": [nissan, tachi]}[language]
    assert most_popular(page) == [getattr(article, headline) for article in expected]
    block = page.find("section", class_="most-popular")
    heading = block.find("h2")
    assert block["aria-labelledby"] == heading["id"]
    with translation.override(language):
        assert heading.text == gettext("Most popular")
    assert [a["href"] for a in block.find_all("a")] == [article.url_in(language) for article in expected]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_article_page_shows_the_most_read_articles_but_not_itself(client, language):
    article, other, third = ArticleFactory.create_batch(3)
    article.related_articles.set([third])
    reads_of(article, language, 100)
    reads_of(other, language, 20)
    reads_of(third, language, 10)

    page = get_page(client, article.url_in(language))

    headline = f"headline_{language}"
    assert most_popular(page) == [getattr(other, headline), getattr(third, headline)]
    # At the end: the article, then "You may like", then the most popular.
    order = [section["class"] for section in page.find_all("section")]
    assert order.index("related") < order.index("most-popular") == len(order) - 1


def test_only_reads_of_the_last_seven_days_count(client, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(timezone.now(), tick=False)
    old_news, recent = ArticleFactory.create_batch(2)
    reads_of(old_news, "en", 90, days_ago(7))
    reads_of(old_news, "en", 1, days_ago(6))
    reads_of(recent, "en", 2, days_ago(6))
    reads_of(recent, "en", 2)

    assert most_popular(get_page(client, url_in("en", "home"))) == [recent.headline_en, old_news.headline_en]

    # A day later the read of six days ago is seven days old; the first flush works the ranking out anew.
    time_machine.shift(datetime.timedelta(days=1))
    read(client, recent.url_in("de"))
    with django_capture_on_commit_callbacks(execute=True):
        reads.flush_reads()
    assert most_popular(get_page(client, url_in("en", "home"))) == [recent.headline_en]


def test_the_block_shows_five_articles(client):
    articles = ArticleFactory.create_batch(7)
    for number, article in enumerate(articles):
        reads_of(article, "en", 100 - number)

    assert most_popular(get_page(client, url_in("en", "home"))) == [a.headline_en for a in articles[:5]]


def test_without_reads_in_the_page_language_there_is_no_block(client):
    article = ArticleFactory()
    reads_of(article, "en", 12, days_ago(8))
    reads_of(article, "de", 12)

    page = get_page(client, url_in("en", "home"))

    assert page.find_all("section", class_="most-popular") == []
    assert "most-popular-heading" not in page.text


def test_an_article_taken_down_leaves_the_cached_block_once_its_key_is_invalidated(
    client, django_capture_on_commit_callbacks
):
    taken_down, kept = ArticleFactory.create_batch(2)
    scheduled = ArticleFactory(published_at=timezone.now() + datetime.timedelta(hours=2))
    draft = ArticleFactory(status=Article.Status.DRAFT)
    for number, article in enumerate([scheduled, draft, taken_down, kept]):
        reads_of(article, "en", 50 - number)
    home = url_in("en", "home")
    for _ in range(2):  # the first rendering gives the keys their versions; the second is kept
        assert most_popular(get_page(client, home)) == [taken_down.headline_en, kept.headline_en]
    with CaptureQueriesContext(connection) as cached:
        assert most_popular(get_page(client, home)) == [taken_down.headline_en, kept.headline_en]
    assert not [query for query in cached if "popularity_readcount" in query["sql"]]

    Article.objects.filter(pk=taken_down.pk).unpublish()
    # What the page cache's invalidation map does when an article is taken down (newsroom/pagecache).
    with django_capture_on_commit_callbacks(execute=True):
        keys.invalidate(keys.key(taken_down))

    # The ranking is still cached; the cards are read anew.
    assert most_popular(get_page(client, home)) == [kept.headline_en]


def test_the_block_notes_its_articles_their_sections_and_its_ranking_for_the_page_cache(client):
    first, second = ArticleFactory.create_batch(2)
    reads_of(first, "de", 5)
    reads_of(second, "de", 3)

    with keys.collecting() as shown:
        get_page(client, url_in("de", "home"))
    with keys.collecting() as shown_from_the_cache:
        get_page(client, url_in("de", "home"))

    expected = {"article-popular-de", keys.key(first), keys.key(second), keys.key(first.section)}
    assert expected <= shown
    assert expected <= shown_from_the_cache


def test_an_article_not_yet_translated_shows_its_original_headline_in_the_german_block(client):
    untranslated = ArticleFactory(headline_de="", standfirst_de="", body_de="", slug_de="")
    reads_of(untranslated, "de", 8)

    block = get_page(client, url_in("de", "home")).find("section", class_="most-popular")

    headline = block.find("h3")
    assert headline.text == untranslated.headline_en
    assert headline["lang"] == "en"


def test_reads_counted_by_the_beacon_reach_the_cached_pages_once_written_and_ranked_anew(
    client, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.POPULARITY_FLUSH_SECONDS = 3600
    time_machine.move_to(timezone.now(), tick=False)
    read_twice, read_once = ArticleFactory.create_batch(2)
    home = url_in("de", "home")
    assert most_popular(get_page(client, home)) == []
    for article in (read_twice, read_twice, read_once):
        read(client, article.url_in("de"))
    with django_capture_on_commit_callbacks(execute=True):
        reads.flush_reads()
    assert most_popular(get_page(client, home)) == []  # the ranking of before, at most RANKING_SECONDS old

    time_machine.shift(datetime.timedelta(seconds=RANKING_SECONDS + 1))
    read(client, read_once.url_in("en"))
    with django_capture_on_commit_callbacks(execute=True):
        reads.flush_reads()

    assert most_popular(get_page(client, home)) == [read_twice.headline_de, read_once.headline_de]
    assert most_popular(get_page(client, url_in("en", "home"))) == [read_once.headline_en]


@pytest.fixture
def invalidated():
    """The keys invalidated, in the order their commits came."""
    sent = []

    def record(sender, keys, **kwargs):
        sent.append(set(keys))

    keys.keys_invalidated.connect(record)
    yield sent
    keys.keys_invalidated.disconnect(record)


def rank_anew(time_machine, capture):
    time_machine.shift(datetime.timedelta(seconds=RANKING_SECONDS + 1))
    with capture(execute=True):
        return ranking.refresh_rankings()


def test_a_block_is_invalidated_only_when_the_articles_it_can_show_or_their_order_change(
    time_machine, invalidated, django_capture_on_commit_callbacks
):
    # At noon: the rankings' clock moves on below, and near midnight today's reads became yesterday's.
    noon = datetime.datetime.combine(timezone.localdate(), datetime.time(12))
    time_machine.move_to(timezone.make_aware(noon), tick=False)
    articles = ArticleFactory.create_batch(ranking.CARDS + 2)
    for number, article in enumerate(articles):
        reads_of(article, "en", 100 - number)
    assert rank_anew(time_machine, django_capture_on_commit_callbacks) == {"en", "de"}  # nothing ranked before
    assert invalidated == [{"article-popular-en", "article-popular-de"}]

    # Not yet due: the ranking is worked out at most every RANKING_SECONDS, whatever the flushes.
    reads_of(articles[-1], "en", 1000, days_ago(1))
    with django_capture_on_commit_callbacks(execute=True):
        assert ranking.refresh_rankings() == set()

    # The same ranking: cached pages are kept.
    ReadCount.objects.filter(article=articles[-1]).delete()
    assert rank_anew(time_machine, django_capture_on_commit_callbacks) == set()
    # A change below the cards the block can show: nothing shown changes either.
    reads_of(articles[-1], "en", 1)
    assert rank_anew(time_machine, django_capture_on_commit_callbacks) == set()
    # The last two swap places among the cards: the English block changes, the German one stays.
    reads_of(articles[ranking.CARDS - 1], "en", 2, days_ago(1))
    assert rank_anew(time_machine, django_capture_on_commit_callbacks) == {"en"}
    assert invalidated == [{"article-popular-en", "article-popular-de"}, {"article-popular-en"}]


# Query counts


def popular_articles(count: int):
    section = SectionFactory()
    for number in range(count):
        article = ArticleFactory(section=section, authors=AuthorFactory.create_batch(2))
        for language in LANGUAGES:
            reads_of(article, language, 10 + number)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_block_costs_one_query_on_the_home_page_however_many_it_shows(client, language):
    home = url_in(language, "home")
    for section in SectionFactory.create_batch(2):
        ArticleFactory.create_batch(3, section=section)
    without_reads = count_queries(client, home)  # the ranking, empty
    popular_articles(2)
    few = count_queries(client, home)  # the ranking and its cards, in one query
    popular_articles(8)
    many = count_queries(client, home)

    assert without_reads == few == many <= 10
    assert len(most_popular(get_page(client, home))) == 5


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_article_page_costs_the_same_with_the_block_and_reads_no_counts_while_the_ranking_is_cached(
    client, language
):
    article = ArticleFactory()
    url = article.url_in(language)
    without_reads = count_queries(client, url)
    popular_articles(6)
    cold = count_queries(client, url)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)

    assert cold == without_reads
    assert [query for query in warm if "popularity_readcount" in query["sql"]] == []
    assert len(most_popular(parse(response))) == 5
