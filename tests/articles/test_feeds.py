"""RSS and Atom feeds per language — everything, a section, a series, an organization, an author — as
feed readers parse them (feedparser): language, authors, categories, provenance, only readable items."""

import datetime
import time

import feedparser
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.images.models import DigitalSourceType, Image
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    OrganizationFactory,
    SectionFactory,
    SeriesFactory,
    TagFactory,
)
from tests.pages import url_in

pytestmark = pytest.mark.django_db

FORMATS = ("rss", "atom")


@pytest.fixture
def newsroom():
    section = SectionFactory(name_en="Automotive", name_de="Automobil")
    series = SeriesFactory(section=section)
    organization = OrganizationFactory()
    author = AuthorFactory(display_name="Ana Ruiz")
    tag = TagFactory(name_en="Jobs", name_de="Arbeitsplätze")
    translated = ArticleFactory(
        section=section,
        series=series,
        headline_en="Tachi-S creates 700 jobs",
        headline_de="Tachi-S schafft 700 Stellen",
        authors=[author],
        is_reported_by_ai=True,
        published_at=timezone.now() - datetime.timedelta(hours=2),
    )
    Article.objects.filter(pk=translated.pk).update(
        image=ImageFactory(digital_source_type=DigitalSourceType.GENERATED_BY_AI)
    )
    translated.tags.add(tag)
    translated.organizations.add(organization)
    english_only = ArticleFactory(
        section=section,
        series=series,
        headline_en="Jatco expands in Aguascalientes",
        headline_de="",
        standfirst_de="",
        body_de="",
        slug_de="",
        authors=[author],
        published_at=timezone.now() - datetime.timedelta(hours=3),
    )
    english_only.organizations.add(organization)
    ArticleFactory(section=section, status=Article.Status.DRAFT, published_at=None, headline_en="A draft")
    ArticleFactory(section=section, published_at=timezone.now() + datetime.timedelta(hours=1), headline_en="Later")
    return {"section": section, "series": series, "organization": organization, "author": author}


def feed_urls(newsroom, language):
    """Every feed, by name, in `language`."""
    urls = {}
    for kind in FORMATS:
        urls[f"all-{kind}"] = url_in(language, f"articles:feed-{kind}")
        urls[f"section-{kind}"] = url_in(
            language, f"articles:section-{kind}", slug=newsroom["section"].slug_in(language)
        )
        urls[f"series-{kind}"] = url_in(language, f"articles:series-{kind}", slug=newsroom["series"].slug_in(language))
        urls[f"organization-{kind}"] = url_in(
            language, f"articles:organization-{kind}", slug=newsroom["organization"].slug_in(language)
        )
        urls[f"author-{kind}"] = url_in(language, f"articles:author-{kind}", slug=newsroom["author"].slug)
    return urls


def parsed(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_feed_parses_and_holds_only_what_readers_of_its_language_can_read(newsroom, language):
    expected = {
        "en": ["Tachi-S creates 700 jobs", "Jatco expands in Aguascalientes"],
        "de": ["Tachi-S schafft 700 Stellen"],
    }[language]

    for name, url in feed_urls(newsroom, language).items():
        feed = parsed(url)
        assert [entry.title for entry in feed.entries] == expected, name
        assert feed.feed.get("language", language).startswith(language), name
        first = feed.entries[0]
        assert first.link.startswith(f"http://testserver/{language}/"), name
        assert first.author == "Ana Ruiz", name


def test_items_carry_categories_dates_and_the_ai_provenance_in_words_and_for_machines(newsroom):
    rss = parsed(url_in("de", "articles:feed-rss")).entries[0]
    atom = parsed(url_in("de", "articles:feed-atom")).entries[0]

    for entry in (rss, atom):
        terms = [tag.term for tag in entry.tags]
        assert "Automobil" in terms and "Arbeitsplätze" in terms
        assert "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia" in terms
        assert "Von KI verfasst" in entry.summary
        assert "Bild von KI erzeugt" in entry.summary
        assert entry.published_parsed is not None


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_lead_image_goes_with_its_credit_copyright_and_caption_as_media_rss(newsroom, language, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Image.objects.update(
        copyright_notice="© 2026 Cuartoscuro", licence_url="https://creativecommons.org/licenses/by/4.0/"
    )
    for kind in FORMATS:
        response = Client().get(url_in(language, f"articles:feed-{kind}"))
        assert b'xmlns:media="http://search.yahoo.com/mrss/"' in response.content
        entry = feedparser.parse(response.content).entries[0]

        (content,) = entry.media_content
        assert content["url"].startswith("http://testserver/") and content["url"].endswith(".jpg"), kind
        assert (content["type"], content["medium"]) == ("image/jpeg", "image")
        # The social rendition of the factory's 64 × 48 picture: 1.91:1, no wider than the picture.
        assert (content["width"], content["height"]) == ("64", "34")
        assert entry.media_credit == [{"content": {"en": "Photo: Cuartoscuro", "de": "Foto: Cuartoscuro"}[language]}]
        assert entry.media_copyright == "© 2026 Cuartoscuro"
        assert entry.media_license["href"] == "https://creativecommons.org/licenses/by/4.0/"
        # feedparser files a picture's description as the entry's content.
        assert (
            entry.content[0]["value"]
            == {"en": "The plant in Aguascalientes.", "de": "Das Werk in Aguascalientes."}[language]
        )


def test_a_scheduled_article_enters_the_feed_at_its_publish_time(newsroom, time_machine):
    later = Article.objects.get(headline_en="Later")

    assert "Later" not in [e.title for e in parsed(url_in("en", "articles:feed-rss")).entries]
    time_machine.move_to(later.published_at, tick=False)
    assert "Later" in [e.title for e in parsed(url_in("en", "articles:feed-rss")).entries]


@pytest.mark.parametrize("name", ["section-rss", "series-atom", "organization-rss", "author-atom"])
def test_a_feed_of_something_that_does_not_exist_is_a_404(name):
    kind = name.partition("-")[0]
    url = url_in("en", f"articles:{name}", slug="no-such-thing")

    assert Client().get(url).status_code == 404, kind


def test_an_unpublished_organizations_feed_is_a_404(newsroom):
    organization = newsroom["organization"]
    type(organization).objects.filter(pk=organization.pk).update(is_published=False)

    assert Client().get(url_in("en", "articles:organization-rss", slug=organization.slug_in("en"))).status_code == 404


def test_a_feed_costs_the_same_queries_for_two_or_twenty_items(newsroom):
    def count():
        with CaptureQueriesContext(connection) as queries:
            parsed(url_in("en", "articles:section-rss", slug=newsroom["section"].slug_in("en")))
        return len(queries)

    few = count()
    for _ in range(18):
        ArticleFactory(section=newsroom["section"], authors=[AuthorFactory()])

    assert count() == few <= 10


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_page_points_feed_readers_to_the_feeds_of_its_language(newsroom, language):
    from tests.pages import get_page

    page = get_page(Client(), url_in(language, "home"))

    feeds = {link["type"]: link["href"] for link in page.find_all("link", rel="alternate") if link.get("type")}
    assert feeds == {
        "application/rss+xml": url_in(language, "articles:feed-rss"),
        "application/atom+xml": url_in(language, "articles:feed-atom"),
    }


def test_an_interview_with_untranslated_answers_stays_out_of_the_german_feed():
    from tests.factories import InterviewExchangeFactory

    whole = InterviewExchangeFactory(article__headline_en="Whole interview").article
    half = InterviewExchangeFactory(answer_de="", article__headline_en="Half-translated interview").article

    german = [entry.link for entry in parsed(url_in("de", "articles:feed-rss")).entries]
    english = [entry.title for entry in parsed(url_in("en", "articles:feed-rss")).entries]

    assert german == [f"http://testserver{whole.url_in('de')}"]
    assert half.headline_en in english and whole.headline_en in english


# Identifiers feed readers keep


def item_ids(url, **client_options) -> dict[str, str]:
    """Headline → the item's identifier (RSS guid, Atom id), as feedparser reads it."""
    return {entry.title: entry.id for entry in parsed_with(url, **client_options).entries}


def parsed_with(url, **client_options):
    response = Client(**client_options).get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


def test_rss_guids_are_absolute_ids_marked_as_no_permalink_and_atom_ids_the_same(newsroom):
    import xml.etree.ElementTree as ET
    from urllib.parse import urlsplit

    for language in ("en", "de"):
        rss = Client().get(url_in(language, "articles:feed-rss")).content
        guids = ET.fromstring(rss).findall("./channel/item/guid")
        assert guids and all(guid.get("isPermaLink") == "false" for guid in guids)
        assert all(urlsplit(guid.text).scheme == "urn" for guid in guids), [guid.text for guid in guids]
        assert item_ids(url_in(language, "articles:feed-atom")) == item_ids(url_in(language, "articles:feed-rss"))
        for entry in parsed(url_in(language, "articles:feed-rss")).entries:
            # The link is the permalink, absolute.
            assert entry.link.startswith(f"http://testserver/{language}/")


def test_an_items_id_survives_a_new_slug_and_headline_and_another_host(newsroom, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example.com"]
    article = Article.objects.get(headline_en="Tachi-S creates 700 jobs")
    before = {language: item_ids(url_in(language, "articles:feed-rss")) for language in ("en", "de")}

    article.headline_en, article.slug_en = "Tachi-S creates 700 jobs in Aguascalientes", "tachi-s-700-jobs"
    article.save()

    after = item_ids(url_in("en", "articles:feed-rss"), HTTP_HOST="news.example.com")
    assert after[article.headline_en] == before["en"]["Tachi-S creates 700 jobs"]
    # Each language version is an item of its own.
    assert before["de"]["Tachi-S schafft 700 Stellen"] != before["en"]["Tachi-S creates 700 jobs"]
    # The same article in every feed of one language: everything, its section, its author …
    section_feed = url_in("en", "articles:section-atom", slug=newsroom["section"].slug_in("en"))
    assert item_ids(section_feed)[article.headline_en] == after[article.headline_en]


# Items kept in the cache per article and language


def rendered_now(url) -> bytes:
    """The feed as it is with the items in the cache, checked against the feed from an empty
    cache; then kept in the cache again."""
    from django.core.cache import cache

    kept = Client().get(url).content
    cache.clear()
    assert kept == Client().get(url).content, "an item was served from the cache after it changed"
    warm_feed(url)
    return kept


def warm_feed(url):
    # The first request gives the items' keys versions and keeps nothing; the second keeps them
    # (once the clock has moved on from those versions).
    for _ in range(2):
        Client().get(url)
        time.sleep(0.002)


def headline_changed(newsroom, article):
    article.headline_en = "Tachi-S creates 900 jobs"
    article.save()
    return "Tachi-S creates 900 jobs"


def author_renamed(newsroom, article):
    newsroom["author"].display_name = "Ana Ruiz López"
    newsroom["author"].save()
    return "Ana Ruiz López"


def tag_renamed(newsroom, article):
    tag = article.tags.get()
    tag.name_en = "Employment"
    tag.save()
    return "Employment"


def section_renamed(newsroom, article):
    newsroom["section"].name_en = "Cars"
    newsroom["section"].save()
    return "Cars"


def byline_added(newsroom, article):
    from newsroom.articles.models import Byline

    Byline.objects.create(article=article, author=AuthorFactory(display_name="Luis Peña"), order=2)
    return "Luis Peña"


def correction_published(newsroom, article):
    from newsroom.articles.models import Correction

    correction = Correction.objects.create(article=article, text_en="700, not 600.", published_at=timezone.now())
    return f"<updated>{correction.published_at.isoformat()}</updated>"


ITEM_CHANGES = [headline_changed, author_renamed, tag_renamed, section_renamed, byline_added, correction_published]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", ITEM_CHANGES, ids=[change.__name__ for change in ITEM_CHANGES])
def test_a_cached_item_gives_way_to_a_change_it_shows_at_once(newsroom, change):
    article = Article.objects.get(headline_en="Tachi-S creates 700 jobs")
    rss, atom = url_in("en", "articles:feed-rss"), url_in("en", "articles:author-atom", slug=newsroom["author"].slug)
    for url in (rss, atom):
        warm_feed(url)
    before = {url: Client().get(url).content for url in (rss, atom)}

    shown = change(newsroom, article)

    after = {url: rendered_now(url) for url in (rss, atom)}
    assert after[rss] != before[rss] and after[atom] != before[atom]
    assert shown.encode() in after[atom]


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_correction_updates_the_item_at_its_time(newsroom, time_machine):
    from newsroom.articles.models import Correction

    article = Article.objects.get(headline_en="Tachi-S creates 700 jobs")
    due = timezone.now() + datetime.timedelta(minutes=5)
    Correction.objects.create(article=article, text_en="700, not 600.", published_at=due)
    url = url_in("en", "articles:author-atom", slug=newsroom["author"].slug)
    warm_feed(url)
    assert f"<updated>{due.isoformat()}</updated>".encode() not in rendered_now(url)

    time_machine.move_to(due)
    assert f"<updated>{due.isoformat()}</updated>".encode() in rendered_now(url)


@pytest.mark.django_db(transaction=True)
def test_a_feed_with_its_items_cached_asks_only_for_their_ids(newsroom, django_assert_num_queries):
    everything = url_in("de", "articles:feed-rss")
    section = url_in("en", "articles:section-atom", slug=newsroom["section"].slug_in("en"))
    for url in (everything, section):
        warm_feed(url)

    with django_assert_num_queries(1):
        Client().get(everything)
    with django_assert_num_queries(2):  # the section, then the ids
        Client().get(section)
