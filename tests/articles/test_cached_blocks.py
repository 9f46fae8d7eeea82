""" "You may like", an article's bylines, links and parts, and the navigation are kept per article
(and language), and come back new as soon as something they show, or the collection they draw
from, is invalidated — or at the next scheduled publication, which nothing invalidates.

The signals that invalidate keys when objects change belong to the page cache
(`newsroom/pagecache/invalidation.py`); here the tests invalidate the keys a change would, after
changing the rows behind the cache's back with `.update()`."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsroom.articles.models import Article, Author, Byline, Correction, Section, Series
from newsroom.organizations.models import Organization
from newsroom.pagecache import keys
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    InterviewExchangeFactory,
    OrganizationFactory,
    PersonFactory,
    SectionFactory,
    SeriesFactory,
    TagFactory,
)
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
    picked = ArticleFactory(headline_en="Picked by the desk", section=SectionFactory())
    warm(client, article)
    # Bypassing the page cache's signals, which invalidate the article's key on add().
    Article.related_articles.through.objects.create(from_article=article, to_article=picked)
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


def covered(client, article, language="en") -> list[str]:
    return get_page(client, article.url_in(language)).find("footer", class_="covered").texts("a")


def test_a_linked_organization_renamed_unpublished_or_published_shows_once_its_key_is_invalidated(client):
    organization = OrganizationFactory(name_en="Nissan Mexicana")
    article = ArticleFactory()
    article.organizations.add(organization)
    get_page(client, article.url_in("en"))
    assert "Nissan Mexicana" in covered(client, article)

    Organization.objects.filter(pk=organization.pk).update(name_en="Nissan de México")
    assert "Nissan Mexicana" in covered(client, article)  # kept: nothing invalidated it
    keys.invalidate(keys.key(organization))
    assert "Nissan de México" in covered(client, article)

    Organization.objects.filter(pk=organization.pk).update(is_published=False)
    keys.invalidate(keys.key(organization))
    assert not get_page(client, article.url_in("en")).find_all("footer", class_="covered")

    Organization.objects.filter(pk=organization.pk).update(is_published=True)
    keys.invalidate(keys.key(organization))
    assert "Nissan de México" in covered(client, article)


def test_a_correction_shown_from_a_later_time_appears_then_without_an_invalidation(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    article = ArticleFactory()
    Correction.objects.create(
        article=article, text_en="The plant opens in May.", published_at=timezone.now() + datetime.timedelta(hours=1)
    )
    for _ in range(3):
        assert "The plant opens in May." not in get_page(client, article.url_in("en")).text
    time_machine.shift(datetime.timedelta(hours=1))
    assert "The plant opens in May." in get_page(client, article.url_in("en")).text


def test_a_new_byline_shows_once_the_articles_key_is_invalidated(client):
    article = ArticleFactory(authors=[AuthorFactory(display_name="Ana Ruiz")])
    get_page(client, article.url_in("en"))
    assert "Ana Ruiz" in get_page(client, article.url_in("en")).text
    Byline.objects.create(article=article, author=AuthorFactory(display_name="Luis Vega"), order=1)
    keys.invalidate(keys.key(article))
    assert "Luis Vega" in get_page(client, article.url_in("en")).text


def test_a_card_on_the_lists_shows_a_new_headline_or_author_once_their_key_is_invalidated(client):
    author = AuthorFactory(display_name="Ana Ruiz")
    article = ArticleFactory(headline_en="Nissan opens a plant", authors=[author])
    url = f"/en/sections/{article.section.slug_en}/"
    for _ in range(2):
        get_page(client, url)
    Article.objects.filter(pk=article.pk).update(headline_en="Nissan opens two plants")
    Author.objects.filter(pk=author.pk).update(display_name="Ana Ruiz Vega")
    card = get_page(client, url).find("article", class_="card")
    assert "Nissan opens a plant" in card.text and "Ana Ruiz Vega" not in card.text  # kept

    keys.invalidate(keys.key(article))
    card = get_page(client, url).find("article", class_="card")
    assert "Nissan opens two plants" in card.text and "Ana Ruiz Vega" in card.text
    Author.objects.filter(pk=author.pk).update(display_name="Ana R. Vega")
    keys.invalidate(keys.key(author))
    assert "Ana R. Vega" in get_page(client, url).find("article", class_="card").text


def test_the_articles_series_and_interviewees_organization_show_anew_once_their_keys_are_invalidated(client):
    person = PersonFactory(organization=OrganizationFactory(name_en="Jatco"))
    series = SeriesFactory(name_en="Supplier parks")
    article = ArticleFactory(kind=Article.Kind.INTERVIEW, interviewee=person, series=series)
    InterviewExchangeFactory(article=article)
    for _ in range(2):
        get_page(client, article.url_in("en"))
    Series.objects.filter(pk=series.pk).update(name_en="Supplier parks of the Bajío")
    Organization.objects.filter(pk=person.organization_id).update(name_en="Jatco México")
    page = get_page(client, article.url_in("en")).text
    assert "Supplier parks of the Bajío" not in page and "Jatco México" not in page  # kept

    keys.invalidate(keys.key(series), keys.key(person.organization))
    page = get_page(client, article.url_in("en")).text
    assert "Supplier parks of the Bajío" in page and "Jatco México" in page


def test_an_article_moved_to_another_series_shows_it_at_once(client):
    article = ArticleFactory(series=SeriesFactory(name_en="Supplier parks"))
    for _ in range(2):
        get_page(client, article.url_in("en"))
    # The row is read on every request: its new series shows even before its key is invalidated.
    Article.objects.filter(pk=article.pk).update(series=SeriesFactory(name_en="Energy transition"))
    assert "Energy transition" in get_page(client, article.url_in("en")).text
