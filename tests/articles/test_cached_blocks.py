""" "You may like" and the navigation are kept rendered per article and language, and come back
new as soon as something they show, or the collection they draw from, is invalidated — or at the
next scheduled publication, which nothing invalidates.

The signals that invalidate keys when objects change belong to the page cache
(`newsroom/pagecache/invalidation.py`); here the tests invalidate the keys a change would, after
changing the rows behind the cache's back with `.update()`."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsroom.articles.models import Article, Section
from newsroom.pagecache import keys
from tests.factories import ArticleFactory, SectionFactory, TagFactory
from tests.pages import get_page

# Invalidation waits for the commit, so the tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


def suggested(client, article, language="en") -> list[str]:
    blocks = get_page(client, article.url_in(language)).find_all("section", class_="related")
    return [
        link.text
        for block in blocks
        for link in block.find_all("a")
        if "/articles/" in link["href"] or "/artikel/" in link["href"]
    ]


def warm(client, article, language="en") -> list[str]:
    # The first sight of a block's keys gives them versions and keeps nothing: the second keeps it.
    suggested(client, article, language)
    return suggested(client, article, language)


@pytest.fixture
def tagged_pair():
    tag = TagFactory()
    article = ArticleFactory(headline_en="Nissan opens a plant")
    neighbour = ArticleFactory(headline_en="Toyota follows", section=SectionFactory())
    article.tags.add(tag)
    neighbour.tags.add(tag)
    return article, neighbour, tag


def test_a_warm_article_page_asks_nothing_for_you_may_like(client, tagged_pair):
    article, _neighbour, _tag = tagged_pair
    warm(client, article)
    with CaptureQueriesContext(connection) as queries:
        assert suggested(client, article) == ["Toyota follows"]
    # The ranking names the linking tables; no query of a warm page does.
    assert not [q for q in queries.captured_queries if "articles_article_related_articles" in q["sql"]]


def test_a_shown_articles_new_headline_appears_once_its_key_is_invalidated(client, tagged_pair):
    article, neighbour, _tag = tagged_pair
    assert warm(client, article) == ["Toyota follows"]
    Article.objects.filter(pk=neighbour.pk).update(headline_en="Toyota follows Nissan")
    assert suggested(client, article) == ["Toyota follows"]  # kept: nothing invalidated it

    keys.invalidate(keys.key(neighbour))
    assert suggested(client, article) == ["Toyota follows Nissan"]


def test_an_unpublished_article_leaves_at_once_when_its_key_is_invalidated(client, tagged_pair):
    article, neighbour, _tag = tagged_pair
    warm(client, article)
    Article.objects.filter(pk=neighbour.pk).update(status=Article.Status.UNPUBLISHED)
    keys.invalidate(keys.key(neighbour))
    assert suggested(client, article) == []


def test_a_new_article_on_the_same_tag_appears_when_the_tags_collection_is_invalidated(client, tagged_pair):
    article, _neighbour, tag = tagged_pair
    warm(client, article)
    newer = ArticleFactory(headline_en="Kia joins", section=SectionFactory())
    newer.tags.add(tag)
    keys.invalidate(keys.list_key(Article, via=tag))
    assert suggested(client, article) == ["Kia joins", "Toyota follows"]


def test_a_new_article_in_the_section_appears_when_the_sections_collection_is_invalidated(client, tagged_pair):
    article, _neighbour, _tag = tagged_pair
    warm(client, article)
    ArticleFactory(headline_en="Same desk", section=article.section)
    keys.invalidate(keys.list_key(Article, via=Section(pk=article.section_id)))
    assert "Same desk" in suggested(client, article)


def test_a_hand_picked_article_appears_when_the_articles_own_key_is_invalidated(client, tagged_pair):
    article, _neighbour, _tag = tagged_pair
    warm(client, article)
    picked = ArticleFactory(headline_en="Picked by the desk", section=SectionFactory())
    article.related_articles.add(picked)
    assert "Picked by the desk" not in suggested(client, article)
    keys.invalidate(keys.key(article))
    assert suggested(client, article)[0] == "Picked by the desk"


def test_each_language_keeps_its_own_block(client, tagged_pair):
    article, neighbour, _tag = tagged_pair
    assert warm(client, article, "en") == ["Toyota follows"]
    assert warm(client, article, "de") == [neighbour.headline_de]


def test_a_scheduled_article_appears_at_its_time_without_an_invalidation(client, tagged_pair, time_machine):
    article, _neighbour, tag = tagged_pair
    time_machine.move_to(timezone.now(), tick=False)
    scheduled = ArticleFactory(
        headline_en="Honda at noon",
        section=SectionFactory(),
        published_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    scheduled.tags.add(tag)
    assert warm(client, article) == ["Toyota follows"]
    assert suggested(client, article) == ["Toyota follows"]

    time_machine.shift(datetime.timedelta(minutes=5, seconds=2))
    assert suggested(client, article) == ["Honda at noon", "Toyota follows"]


def test_the_navigation_shows_a_renamed_section_and_a_new_one(client, tagged_pair):
    article, _neighbour, _tag = tagged_pair
    url = article.url_in("en")
    get_page(client, url)
    get_page(client, url)
    section = article.section
    section.name_en = "Automotive"
    section.save()
    SectionFactory(name_en="Energy")
    navigation = get_page(client, url).find("header").text
    assert "Automotive" in navigation and "Energy" in navigation
