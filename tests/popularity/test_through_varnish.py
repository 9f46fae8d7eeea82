"""Reads of pages that Varnish answers from memory, in a real Chromium: Django never sees the page,
and each showing is still counted once, by the beacon that Varnish passes through."""

import http.client

import pytest

from newsroom.popularity import reads
from newsroom.popularity.models import ReadCount
from tests.factories import ArticleFactory
from tests.servers import varnish_server

from .test_beacon_in_browser import CHROME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def context_options():
    return {"user_agent": CHROME}


@pytest.fixture
def varnish(live_server, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    settings.POPULARITY_FLUSH_SECONDS = 3600
    with varnish_server(int(live_server.url.rsplit(":", 1)[1])) as server:
        yield server


def warm_in_varnish(varnish, path: str):
    """Ask until Varnish answers from memory (Django lets a page be kept from its second rendering)."""
    for _attempt in range(5):
        connection = http.client.HTTPConnection("127.0.0.1", varnish.port, timeout=10)
        try:
            connection.request("GET", path, headers={"User-Agent": CHROME})
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        if response.headers["X-Cache"] == "HIT":
            return
    raise AssertionError(f"Varnish does not keep {path}: {response.headers['Cache-Control']}")


def test_each_showing_of_a_page_varnish_answers_is_counted_once(varnish, page):
    article = ArticleFactory()
    path = article.url_in("de")
    warm_in_varnish(varnish, path)
    reads.flush_reads()
    assert not ReadCount.objects.exists(), "a page fetched is no read"
    pages, beacons = [], []
    page.on("response", lambda r: (pages if r.url.endswith(path) else beacons if "/reads/" in r.url else []).append(r))

    for _ in range(3):
        with page.expect_response(lambda response: "/reads/" in response.url):
            page.goto(f"{varnish.url}{path}")
    reads.flush_reads()

    assert [(response.status, response.headers["x-cache"]) for response in pages] == [(200, "HIT")] * 3
    assert [(response.status, response.headers["x-cache"]) for response in beacons] == [(204, "PASS")] * 3
    assert not [response for response in pages + beacons if "set-cookie" in response.headers]
    assert ReadCount.objects.get(article=article, language="de").count == 3
