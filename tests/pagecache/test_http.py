"""Validators and Vary on what Django renders: an ETag and 304 on every reader's page, and Vary
only on what changes a response (never Cookie for anonymous readers, which would split a CDN's
cache by every reader's analytics cookies)."""

import pytest
from django.utils.cache import cc_delim_re

from newsroom.articles.models import Article
from newsroom.editorial.models import PreviewLink
from tests.factories import ArticleFactory, EditorFactory
from tests.whole_site import TEXTS, build_site, machine_documents, reader_pages

pytestmark = pytest.mark.django_db


def vary(response) -> set[str]:
    return {value.lower() for value in cc_delim_re.split(response.get("Vary", "")) if value}


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_site("en", TEXTS["en"], other=lambda key: TEXTS["de"][key])


def every_address(site) -> dict[str, str]:
    addresses = {"robots.txt": "/robots.txt"}
    for language in ("en", "de"):
        pages = {**reader_pages(site, language), **machine_documents(site, language)}
        addresses.update({f"{name} ({language})": url for name, url in pages.items()})
    return addresses


def test_every_page_feed_and_sitemap_has_an_etag_and_answers_a_conditional_get_with_304(client, site):
    not_validated, not_304 = [], []
    for name, url in every_address(site).items():
        response = client.get(url)
        assert response.status_code == 200, name
        if not response.has_header("ETag"):
            not_validated.append(name)
            continue
        is_feed = b"</feed>" in response.content or b"</rss>" in response.content
        if is_feed and b"<entry>" not in response.content and b"<item>" not in response.content:
            # An empty feed says it was updated now (Django's latest_post_date), so it differs from
            # one request to the next (the German feeds of this site are empty).
            continue
        again = client.get(url, headers={"If-None-Match": response["ETag"]})
        if again.status_code != 304 or again.content or again["ETag"] != response["ETag"]:
            not_304.append(name)
    assert not_validated == []
    assert not_304 == []


def test_no_anonymous_response_varies_on_cookie_or_on_accept_language_under_a_language_prefix(client, site):
    varying = {}
    for name, url in every_address(site).items():
        response = client.get(url, headers={"Accept-Language": "de", "Cookie": "consent=accepted; _pk_id.1.a=b"})
        if vary(response):
            varying[name] = response["Vary"]
    assert varying == {}


def test_sitemaps_and_robots_txt_are_the_same_in_every_language(client, site):
    for url in ["/robots.txt", "/sitemap.xml", "/sitemap-articles.xml", "/news-sitemap.xml"]:
        english = client.get(url, headers={"Accept-Language": "en"})
        german = client.get(url, headers={"Accept-Language": "de"})
        assert german.content == english.content, url
        assert german["Content-Language"] == english["Content-Language"] == "en"
        assert "accept-language" not in vary(german)


def test_the_roots_redirect_still_varies_on_the_readers_language(client):
    response = client.get("/", headers={"Accept-Language": "de"})
    assert response.status_code == 302
    assert response["Location"] == "/de/"
    assert {"accept-language", "cookie"} <= vary(response)


def test_a_changed_page_answers_its_old_etag_with_the_new_page(client):
    article = ArticleFactory(headline_en="Nissan doubles Aguascalientes output")
    url = article.url_in("en")
    before = client.get(url)
    Article.objects.filter(pk=article.pk).update(headline_en="Nissan triples Aguascalientes output")
    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert "Nissan triples Aguascalientes output" in after.text
    assert after["ETag"] != before["ETag"]


def test_if_modified_since_alone_gets_the_whole_page(client):
    ArticleFactory()
    feed = client.get("/en/feed/rss/")
    # Django's feed names its newest significant update; a corrected typo is not one.
    assert feed.has_header("Last-Modified")
    again = client.get("/en/feed/rss/", headers={"If-Modified-Since": feed["Last-Modified"]})
    assert again.status_code == 200
    assert again.content == feed.content


def test_previews_are_neither_stored_nor_validated(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    link = PreviewLink.objects.create(article=draft, language="en")
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_an_editors_admin_page_is_validated_for_them_only(client):
    client.force_login(EditorFactory())
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "cookie" in vary(response)
