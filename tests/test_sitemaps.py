"""Sitemaps, the Google News sitemap and robots.txt, read as crawlers read them (xml.etree, urllib.robotparser):
every page in each language readers get it in, with the same hreflang alternates as the page itself."""

import datetime
import time
import xml.etree.ElementTree as ET
from urllib.robotparser import RobotFileParser

import pytest
from django.test import Client
from django.utils import timezone

from newsroom import sitemaps
from newsroom.articles.models import Article, Correction
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EventFactory,
    InterviewExchangeFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SeriesFactory,
    TagFactory,
)
from tests.pages import get_page, url_in
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
SERVER = "http://testserver"


def absolute(path: str) -> str:
    return f"{SERVER}{path}"


@pytest.fixture
def newsroom():
    now = timezone.now()
    series = SeriesFactory()
    section = series.section
    tag, author = TagFactory(), AuthorFactory(display_name="Ana Ruiz")
    translated = ArticleFactory(
        section=section,
        series=series,
        headline_en="Tachi-S creates 700 jobs",
        headline_de="Tachi-S schafft 700 Stellen",
        authors=[author],
        published_at=now - datetime.timedelta(hours=2),
    )
    translated.tags.add(tag)
    english_only = ArticleFactory(
        section=section,
        headline_en="Jatco expands in Aguascalientes",
        headline_de="",
        standfirst_de="",
        body_de="",
        slug_de="",
        published_at=now - datetime.timedelta(hours=3),
    )
    german_original = ArticleFactory(
        section=section,
        original_language="de",
        headline_en="",
        standfirst_en="",
        body_en="",
        slug_en="",
        headline_de="Zwölf Zulieferer reisen nach Japan",
        published_at=now - datetime.timedelta(hours=4),
    )
    unreleased = ArticleFactory(
        section=section,
        headline_en="Nissan doubles output",
        headline_de="Nissan verdoppelt die Produktion",
        released_translations=False,
        published_at=now - datetime.timedelta(hours=5),
    )
    # Released in German, but one answer is still missing there: not readable in German.
    interview = InterviewExchangeFactory(
        article__section=section, article__published_at=now - datetime.timedelta(hours=6), answer_de=""
    ).article
    old = ArticleFactory(
        section=section, headline_en="Kia's plant turns ten", published_at=now - datetime.timedelta(days=5)
    )
    draft = ArticleFactory(section=section, status=Article.Status.DRAFT, published_at=None, authors=[AuthorFactory()])
    draft.tags.add(TagFactory())
    scheduled = ArticleFactory(section=section, published_at=now + datetime.timedelta(hours=1))
    return {
        "section": section,
        "series": series,
        "tag": tag,
        "author": author,
        "translated": translated,
        "english_only": english_only,
        "german_original": german_original,
        "unreleased": unreleased,
        "interview": interview,
        "old": old,
        "draft": draft,
        "scheduled": scheduled,
        "organization": OrganizationFactory(),
        "hidden_organization": OrganizationFactory(is_published=False),
        "person": PersonFactory(),
        "place": PlaceFactory(),
        "event": EventFactory(),
        "hidden_event": EventFactory(is_published=False),
    }


def fetch_xml(url: str, **headers) -> ET.Element:
    response = Client().get(url, **headers)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def urls_in(root: ET.Element) -> dict[str, dict[str, str]]:
    """Each <url>'s location → its alternates, hreflang → href."""
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link[@rel='alternate']", NS)
        }
        for url in root.findall("sm:url", NS)
    }


def section_sitemaps() -> list[str]:
    index = fetch_xml("/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    return [sitemap.findtext("sm:loc", namespaces=NS) for sitemap in index.findall("sm:sitemap", NS)]


def every_url() -> dict[str, dict[str, str]]:
    found = {}
    for location in section_sitemaps():
        urls = urls_in(fetch_xml(location))
        assert not found.keys() & urls.keys(), "a URL is listed twice"
        found.update(urls)
    return found


def alternates_on_page(url: str) -> dict[str, str]:
    page = get_page(Client(), url)
    return {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}


def in_languages(obj, *languages) -> dict[str, str]:
    """The alternates a page of `obj` should have: `languages`, then x-default for the original."""
    alternates = {code: absolute(obj.url_in(code)) for code in languages}
    return {**alternates, "x-default": absolute(obj.url_in(obj.original_language))}


# The index and the sections


def test_the_index_lists_a_sitemap_for_every_section_and_each_parses(newsroom):
    locations = section_sitemaps()

    assert locations == [absolute(f"/sitemap-{name}.xml") for name in sitemaps.SITEMAPS]
    for location in locations:
        urls = urls_in(fetch_xml(location))
        assert urls, location
        for loc in urls:
            assert loc.startswith((f"{SERVER}/en/", f"{SERVER}/de/")), loc


@pytest.mark.parametrize("name", list(sitemaps.SITEMAPS))
def test_each_section_lists_its_pages_in_both_languages_whatever_language_asks(newsroom, name):
    english = urls_in(fetch_xml(f"/sitemap-{name}.xml", HTTP_ACCEPT_LANGUAGE="en"))
    german = urls_in(fetch_xml(f"/sitemap-{name}.xml", HTTP_ACCEPT_LANGUAGE="de"))

    assert english == german
    assert {loc.removeprefix(SERVER)[:4] for loc in english} == {"/en/", "/de/"}


def test_every_object_readers_can_see_is_listed_in_each_language_it_is_readable_in(newsroom):
    urls = every_url()

    expected = {
        "translated": ("en", "de"),
        "english_only": ("en",),
        "german_original": ("de",),
        "unreleased": ("en",),
        "interview": ("en",),
        "old": ("en", "de"),
        "section": ("en", "de"),
        "series": ("en", "de"),
        "tag": ("en", "de"),
        "author": ("en", "de"),
        "organization": ("en", "de"),
        "person": ("en", "de"),
        "place": ("en", "de"),
        "event": ("en", "de"),
    }
    for name, languages in expected.items():
        obj = newsroom[name]
        for code in languages:
            assert urls.get(absolute(obj.url_in(code))) == in_languages(obj, *languages), (name, code)
    for name in ("home", "articles:list", "events:list", "articles:corrections"):
        alternates = {"en": absolute(url_in("en", name)), "de": absolute(url_in("de", name))}
        alternates["x-default"] = alternates["en"]
        assert urls[alternates["en"]] == urls[alternates["de"]] == alternates, name


def test_an_untranslated_object_has_only_its_original_language_and_x_default(newsroom):
    urls = every_url()

    english_only, german_original = newsroom["english_only"], newsroom["german_original"]
    assert urls[absolute(english_only.url_in("en"))] == {
        "en": absolute(english_only.url_in("en")),
        "x-default": absolute(english_only.url_in("en")),
    }
    assert urls[absolute(german_original.url_in("de"))] == {
        "de": absolute(german_original.url_in("de")),
        "x-default": absolute(german_original.url_in("de")),
    }
    # Their URLs in the other language show the original with a notice: not advertised.
    assert absolute(english_only.url_in("de")) not in urls
    assert absolute(german_original.url_in("en")) not in urls


def test_a_translation_not_yet_released_is_not_advertised(newsroom):
    urls = every_url()

    unreleased = newsroom["unreleased"]
    assert unreleased.is_complete_in("de")
    assert absolute(unreleased.url_in("de")) not in urls
    assert set(urls[absolute(unreleased.url_in("en"))]) == {"en", "x-default"}


def test_drafts_scheduled_articles_and_hidden_objects_are_absent(newsroom):
    urls = every_url()
    listed = "\n".join(urls)

    for name in ("draft", "scheduled", "hidden_organization", "hidden_event"):
        for code in ("en", "de"):
            assert absolute(newsroom[name].url_in(code)) not in urls, name
    # A tag or author with only a draft has no page worth crawling.
    draft = newsroom["draft"]
    assert draft.tags.get().slug_in("en") not in listed
    assert draft.byline_authors()[0].slug not in listed


def test_a_scheduled_article_enters_the_sitemaps_at_its_publish_time(newsroom, time_machine):
    scheduled = newsroom["scheduled"]
    time_machine.move_to(scheduled.published_at + datetime.timedelta(seconds=1))

    assert absolute(scheduled.url_in("de")) in urls_in(fetch_xml("/sitemap-articles.xml"))
    assert absolute(scheduled.url_in("de")) in urls_in(fetch_xml("/news-sitemap.xml"))


# hreflang: reciprocal, and the same as the pages say


def test_every_alternate_is_itself_listed_and_links_back(newsroom):
    urls = every_url()

    for loc, alternates in urls.items():
        assert loc in alternates.values(), f"{loc} does not name itself"
        assert alternates["x-default"] in alternates.values(), loc
        for code, href in alternates.items():
            assert href in urls, f"{loc} names {href} ({code}), which is not listed"
            assert urls[href] == alternates, f"{href} does not link back to {loc}"


def test_the_sitemap_advertises_exactly_the_alternates_each_page_names(newsroom):
    urls = every_url()

    pages = [
        newsroom[name].url_in(code)
        for name in ("translated", "english_only", "german_original", "unreleased", "interview", "section")
        for code in ("en", "de")
    ]
    pages += [
        newsroom[name].url_in("de") for name in ("series", "tag", "author", "organization", "person", "place", "event")
    ]
    pages += [url_in("en", "home"), url_in("de", "articles:list"), url_in("de", "events:list")]
    for page in pages:
        on_page = alternates_on_page(page)
        # A page in a language the object is not readable in is not listed, but names the same alternates.
        listed = urls.get(absolute(page)) or urls[on_page["x-default"]]
        assert listed == on_page, page


# lastmod


def test_an_articles_lastmod_is_its_publish_time_or_its_latest_significant_correction(newsroom):
    old, translated = newsroom["old"], newsroom["translated"]
    corrected_at = timezone.now() - datetime.timedelta(days=2)
    Correction.objects.create(article=old, text_en="The plant is in Pesquería.", published_at=corrected_at)
    Correction.objects.create(
        article=old,
        text_en="Typo fixed.",
        is_significant=False,
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    Correction.objects.create(article=old, text_en="Not yet.", published_at=timezone.now() + datetime.timedelta(days=1))

    root = fetch_xml("/sitemap-articles.xml")

    lastmod = {url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS) for url in root}
    assert lastmod[absolute(old.url_in("de"))] == timezone.localdate(corrected_at).isoformat()
    assert lastmod[absolute(translated.url_in("en"))] == timezone.localdate(translated.published_at).isoformat()


# Google News


def news_entries() -> dict[str, ET.Element]:
    root = fetch_xml("/news-sitemap.xml")
    return {url.findtext("sm:loc", namespaces=NS): url for url in root.findall("sm:url", NS)}


def test_the_news_sitemap_holds_the_last_two_days_articles_in_each_readable_language(newsroom):
    entries = news_entries()

    expected = {
        absolute(newsroom[name].url_in(code))
        for name, languages in {
            "translated": ("en", "de"),
            "english_only": ("en",),
            "german_original": ("de",),
            "unreleased": ("en",),
            "interview": ("en",),
        }.items()
        for code in languages
    }
    assert set(entries) == expected


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Tachi-S creates 700 jobs"), ("de", "Tachi-S schafft 700 Stellen")]
)
def test_a_news_entry_names_the_publication_its_language_date_and_headline_in_that_language(newsroom, language, title):
    article = newsroom["translated"]

    entry = news_entries()[absolute(article.url_in(language))]

    news = entry.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Newsroom"
    assert news.findtext("news:publication/news:language", namespaces=NS) == language
    assert news.findtext("news:title", namespaces=NS) == title
    published = datetime.datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS))
    assert published == article.published_at and published.tzinfo is not None
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)}
    assert alternates == in_languages(article, "en", "de")


def test_the_news_sitemap_keeps_the_newest_entries_up_to_its_limit(newsroom, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 3)

    entries = news_entries()

    # Newest first: the translated article (two versions), then the English one; the next would pass 3.
    assert set(entries) == {
        absolute(newsroom["translated"].url_in("en")),
        absolute(newsroom["translated"].url_in("de")),
        absolute(newsroom["english_only"].url_in("en")),
    }
    assert Client().get("/news-sitemap.xml?p=2").status_code == 404


# Paging


def test_a_large_section_pages_by_objects_and_the_index_links_every_page(newsroom, monkeypatch):
    # Two articles a page: at most four URLs.
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 4)

    pages = [location for location in section_sitemaps() if "sitemap-articles" in location]

    # Pages of ids: two each, from the lowest id listed to the highest (a range of drafts' ids is
    # an empty page).
    ids = Article.objects.published().values_list("pk", flat=True)
    span = max(ids) - min(ids) + 1
    assert pages == [absolute("/sitemap-articles.xml")] + [
        absolute(f"/sitemap-articles.xml?p={number}") for number in range(2, (span + 1) // 2 + 1)
    ]
    found = {}
    for page in pages:
        urls = urls_in(fetch_xml(page))
        assert len(urls) <= 4
        # Each object's versions are on the same page, so every alternate is there too.
        assert all(href in urls for alternates in urls.values() for href in alternates.values())
        found.update(urls)
    assert absolute(newsroom["old"].url_in("de")) in found
    assert {absolute(article.url_in("en")) for article in Article.objects.published().filter(slug_en__gt="")} <= set(
        found
    )


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-unknown.xml",
        "/sitemap-.xml",
        "/sitemap-articles.xml?p=abc",
        "/sitemap-articles.xml?p=99999",
        "/sitemap-articles.xml?p=0",
        "/sitemap-articles.xml?p=-1",
        "/sitemap-articles.xml?p=1.5",
        "/sitemap-articles.xml?p=",
        "/sitemap-tags.xml?p=99999999999999999999999",
        "/news-sitemap.xml?p=2",
        "/news-sitemap.xml?p=%00",
    ],
)
def test_unknown_sections_and_pages_are_404s(newsroom, url):
    assert Client().get(url).status_code == 404


# robots.txt


def test_robots_txt_allows_readers_pages_and_points_at_both_sitemaps(newsroom):
    response = Client().get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    robots = RobotFileParser()
    robots.parse(response.content.decode().splitlines())
    assert robots.site_maps() == [absolute("/sitemap.xml"), absolute("/news-sitemap.xml")]
    for path in ("/admin/", "/admin/articles/article/", "/preview/abc/", "/preview/abc/de/"):
        assert not robots.can_fetch("Googlebot", path), path
    for path in ("/", "/en/", newsroom["translated"].url_in("de"), "/sitemap.xml", "/news-sitemap.xml"):
        assert robots.can_fetch("Googlebot", path), path


def test_robots_txt_names_the_sitemaps_on_the_host_it_was_asked_on(settings):
    settings.ALLOWED_HOSTS = ["news.example.com"]

    response = Client().get("/robots.txt", HTTP_HOST="news.example.com", secure=True)

    robots = RobotFileParser()
    robots.parse(response.content.decode().splitlines())
    assert robots.site_maps() == ["https://news.example.com/sitemap.xml", "https://news.example.com/news-sitemap.xml"]


# Cost


def test_sitemaps_cost_the_same_queries_for_a_small_and_a_larger_archive(newsroom, django_assert_max_num_queries):
    client = Client()
    urls = ["/sitemap.xml", "/news-sitemap.xml", *(f"/sitemap-{name}.xml" for name in sitemaps.SITEMAPS)]

    def counts():
        return {url: count_queries(client, url) for url in urls}

    before = counts()
    for _ in range(4):
        article = ArticleFactory(section=newsroom["section"], series=newsroom["series"], authors=[AuthorFactory()])
        article.tags.add(TagFactory())
        InterviewExchangeFactory(article__section=newsroom["section"])
        OrganizationFactory(), PersonFactory(), PlaceFactory(), EventFactory()
    after = counts()

    assert after == before
    # The index: the sizes of all sitemaps in one query, the articles' latest change in two.
    with django_assert_max_num_queries(3):
        client.get("/sitemap.xml")
    for url in urls[1:]:
        with django_assert_max_num_queries(3):
            client.get(url)


# The index's sizes and latest change, kept in the cache


def index_now() -> bytes:
    """The index with its facts from the cache, checked against the index from an empty cache;
    then kept in the cache again."""
    from django.core.cache import cache

    kept = Client().get("/sitemap.xml").content
    cache.clear()
    assert kept == Client().get("/sitemap.xml").content, "the index was served from the cache after a change"
    warm_index()
    return kept


def warm_index():
    # The first request gives the keys versions and keeps nothing; the second keeps them (once
    # the clock has moved on from those versions).
    for _ in range(2):
        Client().get("/sitemap.xml")
        time.sleep(0.002)


@pytest.mark.django_db(transaction=True)
def test_the_index_with_its_facts_cached_asks_nothing(newsroom, django_assert_num_queries):
    warm_index()

    with django_assert_num_queries(0):
        Client().get("/sitemap.xml")


@pytest.mark.django_db(transaction=True)
def test_the_index_follows_a_new_article_a_new_tag_and_a_correction_at_once(newsroom, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 4)  # two articles a page
    monkeypatch.setattr(sitemaps.TagSitemap, "limit", 2)  # one tag a page
    warm_index()
    before = index_now()

    ArticleFactory(section=newsroom["section"], published_at=timezone.now() - datetime.timedelta(days=6))
    ArticleFactory(section=newsroom["section"], published_at=timezone.now() - datetime.timedelta(days=7))
    more_articles = index_now()
    # Pages of ids, two each: as many as the span of ids listed takes (the first has no `?p=`).
    ids = Article.objects.published().values_list("pk", flat=True)
    assert more_articles.count(b"sitemap-articles.xml?p=") == (max(ids) - min(ids) + 1 + 1) // 2 - 1
    assert more_articles.count(b"sitemap-articles.xml?p=") > before.count(b"sitemap-articles.xml?p=")

    newsroom["translated"].tags.add(TagFactory())
    more_tags = index_now()
    assert more_tags.count(b"sitemap-tags.xml?p=") == more_articles.count(b"sitemap-tags.xml?p=") + 1

    corrected_at = timezone.now()
    Correction.objects.create(article=newsroom["old"], text_en="The plant is in Pesquería.", published_at=corrected_at)
    assert timezone.localtime(corrected_at).isoformat().encode() in index_now()


@pytest.mark.django_db(transaction=True)
def test_the_index_follows_a_scheduled_article_and_correction_at_their_time(newsroom, time_machine):
    scheduled = newsroom["scheduled"]
    correction = Correction.objects.create(
        article=newsroom["old"],
        text_en="Not yet.",
        published_at=scheduled.published_at + datetime.timedelta(minutes=1),
    )
    warm_index()
    assert timezone.localtime(scheduled.published_at).isoformat().encode() not in index_now()

    time_machine.move_to(scheduled.published_at)
    assert timezone.localtime(scheduled.published_at).isoformat().encode() in index_now()
    time_machine.move_to(correction.published_at)
    assert timezone.localtime(correction.published_at).isoformat().encode() in index_now()


# Written without a template


def test_a_page_is_written_as_djangos_template_writes_it(newsroom):
    """The sitemaps write their XML themselves (10,000 URLs through the template engine took most
    of a second): the same bytes as Django's `sitemap.xml` given the same URLs."""
    from django.template.loader import render_to_string

    for name in sitemaps.SITEMAPS:
        content = Client().get(f"/sitemap-{name}.xml").content.decode()
        urlset = [
            {
                "location": url.findtext("sm:loc", namespaces=NS),
                "lastmod": url.findtext("sm:lastmod", namespaces=NS)
                and datetime.date.fromisoformat(url.findtext("sm:lastmod", namespaces=NS)),
                "alternates": [
                    {"lang_code": link.get("hreflang"), "location": link.get("href")}
                    for link in url.findall("xhtml:link", NS)
                ],
            }
            for url in ET.fromstring(content).findall("sm:url", NS)
        ]
        assert urlset, name
        assert content == render_to_string("sitemap.xml", {"urlset": urlset}), name


def test_a_sitemap_page_asks_for_its_size_and_its_rows_and_the_news_sitemap_for_its_rows(
    newsroom, django_assert_num_queries
):
    with django_assert_num_queries(2):
        Client().get("/sitemap-articles.xml")
    with django_assert_num_queries(1):
        Client().get("/news-sitemap.xml")


def test_the_index_is_written_as_djangos_index_view_writes_it(newsroom, monkeypatch, rf):
    """The index writes its XML itself (~2,000 pages at a million articles through the template
    took 40 ms): the same bytes and Last-Modified as Django's view given the same sitemaps."""
    from django.contrib.sitemaps import views as sitemap_views

    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 4)  # several pages
    response = Client().get("/sitemap.xml")
    assert response.content.count(b"sitemap-articles.xml?p=") >= 2
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"

    theirs = sitemap_views.index(
        rf.get("/sitemap.xml"), {name: cls() for name, cls in sitemaps.SITEMAPS.items()}, sitemap_url_name="sitemap"
    )
    theirs.render()
    assert response.content == theirs.content
    assert response.get("Last-Modified") == theirs.get("Last-Modified")
