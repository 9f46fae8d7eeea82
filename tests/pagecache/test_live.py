"""A live page's polls cost a cache hit between updates: the fragment is kept in the page cache and
in Varnish under the article's keys, and an update posted through the live desk ends both copies at
its commit (as it ends the page's)."""

import http.client

import pytest
from django.test import Client

from newsroom.pagecache import cdn
from tests.factories import ArticleFactory, EditorFactory
from tests.pages import logged_in, open_form, url_in
from tests.servers import varnish_server

from .conftest import fetch, warm

pytestmark = pytest.mark.django_db(transaction=True)


def post_update(article, text: str) -> None:
    editor = logged_in(EditorFactory())
    url = f"/admin/articles/article/{article.pk}/live/"
    _page, data = open_form(editor, url, "live-update-form")
    data["body_en"] = [f"<p>{text}</p>"]
    assert editor.post(url, data).status_code == 302


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_second_poll_is_a_page_cache_hit_and_a_new_update_ends_it(page_cache, language):
    article = ArticleFactory(is_live=True)
    fragment = url_in(language, "articles:live-updates", slug=article.slug_in(language))
    page = article.url_in(language)
    reader = Client()
    warm(reader, fragment)
    warm(reader, page)

    post_update(article, "The governor cuts the ribbon.")

    polled = fetch(reader, fragment)
    assert polled.get("X-Cache") != "hit"
    assert "The governor cuts the ribbon." in polled.content.decode()
    assert "The governor cuts the ribbon." in fetch(reader, page).content.decode()
    assert warm(reader, fragment).get("X-Cache") == "hit"


@pytest.fixture(scope="module")
def varnish(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    with varnish_server(port) as server:
        yield server


@pytest.fixture
def through(varnish, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    settings.CDN_PURGE_BACKENDS = [
        {"BACKEND": "newsroom.pagecache.cdn.VarnishPurger", "OPTIONS": {"url": f"{varnish.url}/"}}
    ]
    varnish.forget_everything()
    varnish.backend_up()

    def get(path: str) -> tuple[str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", varnish.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.headers["X-Cache"], response.read().decode()
        finally:
            connection.close()

    yield get
    for backend in cdn.backends():
        backend.stop()


def test_varnish_keeps_the_fragment_until_an_update_is_posted(through):
    article = ArticleFactory(is_live=True)
    fragment = url_in("en", "articles:live-updates", slug=article.slug_in("en"))
    for _attempt in range(4):
        if through(fragment)[0] == "HIT":
            break
    assert through(fragment)[0] == "HIT"

    post_update(article, "The first metro car rolls out.")

    cache, text = through(fragment)
    assert cache == "MISS"
    assert "The first metro car rolls out." in text
