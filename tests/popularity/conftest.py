import pytest
from django.core.cache import cache

from newsroom.popularity import reads
from tests.pages import parse

# A reader's browser; Django's test client sends no User-Agent, which is not counted as a read.
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
# What a browser sends with the beacon an article page of the test server posts.
BEACON_HEADERS = {
    "user-agent": FIREFOX,
    "origin": "http://testserver",
    "sec-fetch-site": "same-origin",
    "sec-fetch-mode": "no-cors",
}


@pytest.fixture(autouse=True)
def empty_read_buffer():
    """Reads are kept in the process between flushes, and what the beacon has looked up too: no
    test may inherit another's (a new test database reuses the ids) or leave its own."""
    reads.buffer.take()
    reads.buffer.pruned_on = None
    reads.published_ids.clear()
    reads.client_limit.clear()
    cache.clear()
    yield
    reads.buffer.take()
    reads.published_ids.clear()
    reads.client_limit.clear()


def beacon_url(page) -> str:
    """The address the page's read beacon posts to; it must have exactly one."""
    scripts = [script for script in page.find_all("script") if script.get("data-read-url")]
    assert len(scripts) == 1, scripts
    assert scripts[0]["src"].endswith("/js/read-beacon.js")
    return scripts[0]["data-read-url"]


def post_beacon(client, url: str, status: int = 204, **headers):
    """A beacon as a browser posts it; a header given as None is left out."""
    sent = {name: value for name, value in {**BEACON_HEADERS, **headers}.items() if value is not None}
    response = client.post(url, headers=sent)
    assert response.status_code == status, f"{url} answered {response.status_code}: {response.content[:200]}"
    return response


def read(client, url: str, **headers):
    """A reader's visit to an article page in a browser: the page, then the beacon it posts once shown."""
    response = client.get(url, headers={"user-agent": FIREFOX, **headers})
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    post_beacon(client, beacon_url(parse(response)), **headers)
    return response


# The page checkers of the quality gate, for the pages with the block.
from tests.quality.conftest import axe_source, vnu_jar  # noqa: E402, F401
