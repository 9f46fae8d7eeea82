"""The anonymous page cache (newsroom/pagecache/middleware.py) through HTTP: what it serves, to
whom, with which headers, and what it never keeps."""

import datetime

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from newsroom.editorial.models import PreviewLink
from newsroom.translations.models import LANGUAGE_CODES
from tests.factories import ArticleFactory, EditorFactory
from tests.pages import get_page, logged_in, url_in
from tests.whole_site import TEXTS, machine_documents, reader_pages

from .conftest import fetch, warm

# Changes are invalidated on commit: the tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_reader_page_feed_calendar_and_sitemap_is_served_from_the_cache_without_a_query(
    site, language, django_assert_num_queries
):
    client = Client()
    urls = {**reader_pages(site, language), **machine_documents(site, language), "robots": "/robots.txt"}
    for name, url in urls.items():
        first = warm(client, url)
        with django_assert_num_queries(0):
            again = fetch(client, url)
        assert again["X-Cache"] == "hit", name
        assert again.content == first.content, name
        cache_control = again["Cache-Control"]
        assert cache_control.startswith("public, max-age="), name
        assert "s-maxage=" in cache_control and "stale-if-error=" in cache_control, name
    article_page = fetch(client, site.article.url_in(language))
    shown = article_page["Surrogate-Key"].split()
    assert f"article-{site.article.pk}" in shown
    assert f"organization-{site.organization.pk}" in shown
    assert f"article-list-tag-{site.tag.pk}" in shown


def test_a_page_is_kept_per_language(site):
    client = Client()
    english = warm(client, site.article.url_in("en"))
    german = warm(client, site.article.url_in("de"))
    assert TEXTS["en"]["body"] in english.content.decode()
    assert TEXTS["de"]["body"] in german.content.decode()


def test_a_hit_answers_a_conditional_get_with_304_and_a_head_without_a_body(site):
    client = Client()
    url = site.article.url_in("en")
    hit = warm(client, url)
    assert hit["ETag"]

    not_modified = client.get(url, HTTP_IF_NONE_MATCH=hit["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == hit["ETag"]

    head = client.head(url)
    assert head.status_code == 200 and head["X-Cache"] == "hit"
    assert head.content == b""
    assert int(head["Content-Length"]) == len(hit.content)


def test_a_hit_says_how_old_it_is_and_how_long_it_may_still_be_kept(site, time_machine):
    client = Client()
    url = site.article.url_in("en")
    warm(client, url)
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=100))

    later = fetch(client, url)

    assert later["X-Cache"] == "hit"
    # Its lifetime and its age, as HTTP counts them: caches in front keep it for the difference.
    age = int(later["Age"])
    s_maxage = int(later["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert age >= 100 and s_maxage <= 600
    assert s_maxage - age <= 500


def test_logged_in_staff_never_get_nor_fill_the_cache(site):
    url = site.article.url_in("en")
    editor = logged_in(EditorFactory())
    for _attempt in range(3):
        response = editor.get(url)
        assert "X-Cache" not in response
        assert "private" in response["Cache-Control"]
    first_reader_visit = fetch(Client(), url)
    assert first_reader_visit["X-Cache"] == "miss"

    warm(Client(), url)
    assert "X-Cache" not in editor.get(url)


def test_previews_and_share_links_are_never_cached(site, page_cache):
    draft = ArticleFactory(status="draft", published_at=None, headline_en="Not for readers yet")
    link = PreviewLink.objects.create(article=draft, language="en")
    editor = logged_in(EditorFactory())
    for _attempt in range(3):
        shared = fetch(Client(), link.get_absolute_url())
        assert shared.status_code == 200 and "X-Cache" not in shared
        assert "no-cache" in shared["Cache-Control"] or "no-store" in shared["Cache-Control"]
        preview = editor.get(f"/admin/articles/article/{draft.pk}/preview/en/")
        assert "X-Cache" not in preview
    assert fetch(Client(), draft.url_in("en")).status_code == 404


def test_a_page_with_a_csrf_token_and_its_cookie_is_never_cached(site):
    client = Client()
    url = url_in("en", "newsletter:subscribe")
    for _attempt in range(3):
        response = fetch(client, url)
        assert response.get("X-Cache") != "hit"
        assert "private" in response["Cache-Control"]
    assert response.cookies  # its CSRF cookie: never shared


def test_a_post_is_never_answered_from_the_cache(site):
    client = Client()
    warm(client, "/en/")
    response = client.post("/en/", {})
    assert "X-Cache" not in response


def test_a_cached_page_never_carries_a_cookie_even_to_a_reader_who_has_one(site):
    client = Client()
    url = site.article.url_in("en")
    warm(client, url)
    client.cookies["csrftoken"] = "x" * 32  # a reader who once opened the newsletter form
    response = fetch(client, url)
    assert response["X-Cache"] == "hit"
    assert not response.cookies


def test_each_consent_state_is_kept_apart(site, settings):
    settings.ANALYTICS_SCRIPT_URL = "/static/js/analytics-demo.js"
    url = site.article.url_in("en")
    states = {}
    for choice in ("", "accepted", "declined"):
        client = Client()
        if choice:
            client.cookies["consent"] = choice
        page = warm(client, url).content.decode()
        states[choice] = ('class="consent"' in page, "analytics-demo.js" in page)
    assert states == {"": (True, False), "accepted": (False, True), "declined": (False, False)}


def test_a_missing_page_is_kept_briefly_and_appears_once_published(site):
    client = Client()
    draft = ArticleFactory(status="draft", published_at=None, headline_en="Coming soon")
    url = draft.url_in("en")
    missing = warm(client, url)
    assert missing.status_code == 404
    assert "s-maxage=60," in missing["Cache-Control"] or "s-maxage=59," in missing["Cache-Control"]

    draft.status = "published"
    draft.published_at = timezone.now() - datetime.timedelta(minutes=1)
    draft.save()

    assert "Coming soon" in get_page(client, url).text


def call_wsgi(url, method="GET", **headers):
    """The production WSGI application (newsroom/wsgi.py), called as gunicorn calls it."""
    from django.core.signals import request_started

    from newsroom.wsgi import application

    environ = RequestFactory().generic(method, url, **headers).environ
    answer, started = {}, []

    def start_response(status, response_headers):
        answer["status"], answer["headers"] = status, dict(response_headers)

    def count(**kwargs):
        started.append(True)

    request_started.connect(count)
    try:
        answer["body"] = b"".join(application(environ, start_response))
    finally:
        request_started.disconnect(count)
    answer["through_django"] = bool(started)
    return answer


def test_the_wsgi_application_answers_a_hit_before_django_builds_a_request(site, django_assert_num_queries):
    url = site.article.url_in("en")
    cached = warm(Client(), url)

    with django_assert_num_queries(0):
        hit = call_wsgi(url)
    assert not hit["through_django"]
    assert hit["status"] == "200 OK" and hit["headers"]["X-Cache"] == "hit"
    assert hit["body"] == cached.content
    assert hit["headers"]["Surrogate-Key"] == cached["Surrogate-Key"]
    assert hit["headers"]["Content-Type"] == cached["Content-Type"]

    assert call_wsgi(url, HTTP_IF_NONE_MATCH=cached["ETag"])["status"] == "304 Not Modified"
    head = call_wsgi(url, "HEAD")
    assert head["body"] == b"" and head["headers"]["X-Cache"] == "hit"
    with_session = call_wsgi(url, HTTP_COOKIE="sessionid=abc")
    assert with_session["through_django"] and "X-Cache" not in with_session["headers"]
    assert call_wsgi("/robots.txt")["through_django"], "unprefixed addresses are answered by Django"
