"""Pages kept near, in each process's memory, with Redis as the shared cache
(newsroom/pagecache/near.py): a hit reads only the versions of what the page shows, and is never
stale, whichever process changed it, nor served while Redis is away."""

import datetime
import pickle
import time

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.pagecache import keys, near
from newsroom.pagecache.middleware import PageCacheApplication, page_key
from tests.factories import ArticleFactory
from tests.servers import REDIS_RETRY_AFTER

from .conftest import fetch, warm
from .test_review_fixes import _OlderEntry

pytestmark = pytest.mark.django_db(transaction=True)
YESTERDAY = datetime.timedelta(days=1)


@pytest.fixture
def redis_pages(redis, page_cache):
    """The page cache on a Redis server of the test's own, with nothing kept near yet."""
    near._near.clear()
    yield redis
    near._near.clear()


def kept_near() -> near.NearPages:
    return near.near_pages(caches["default"])


def commands(redis) -> dict[str, int]:
    stats = redis.client().info("commandstats")
    return {name.removeprefix("cmdstat_"): value["calls"] for name, value in stats.items()}


def wsgi_hit(url):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": url, "QUERY_STRING": "", "HTTP_HOST": ""}
    return PageCacheApplication(None).hit(environ | {"wsgi.url_scheme": "http", "SCRIPT_NAME": ""})


def article(headline="A story kept near"):
    return ArticleFactory(headline_en=headline, published_at=timezone.now() - YESTERDAY)


def test_a_page_kept_near_is_served_after_one_read_of_its_versions(redis_pages):
    url = article().url_in("en")
    client = Client()
    first = warm(client, url)
    assert len(kept_near()) == 1

    before = commands(redis_pages)
    again = fetch(client, url)
    status, _headers, body = wsgi_hit(url)
    after = commands(redis_pages)

    assert again["X-Cache"] == "hit" and again.content == first.content
    assert status == "200 OK" and body == first.content
    assert after.get("mget", 0) - before.get("mget", 0) == 2, "one MGET a hit"
    assert after.get("get", 0) == before.get("get", 0), "the page itself is not read from Redis"


def test_a_change_made_in_another_process_is_served_at_once(redis_pages):
    story = article("Headline before")
    url = story.url_in("en")
    client = Client()
    warm(client, url)
    assert wsgi_hit(url) is not None

    # Another worker saves the article: its row changes, and its key's version moves in Redis; this
    # process hears of it only from Redis.
    Article.objects.filter(pk=story.pk).update(headline_en="Headline after")
    version_key = cache.make_key(keys.version_key(keys.key(story)))
    redis_pages.client().set(version_key, pickle.dumps(time.time(), pickle.HIGHEST_PROTOCOL))

    assert wsgi_hit(url) is None
    changed = fetch(client, url)
    assert changed["X-Cache"] == "miss"
    assert "Headline after" in changed.content.decode()
    assert "Headline after" in warm(client, url).content.decode()


def test_pages_kept_near_are_not_served_while_redis_is_down_nor_after_it_restarted_empty(redis_pages):
    stories = [article(f"Story {n}") for n in range(2)]
    urls = [story.url_in("en") for story in stories]
    client = Client()
    for url in urls:
        warm(client, url)
    assert len(kept_near()) == 2

    redis_pages.stop()
    during = [fetch(client, url) for url in urls]
    assert [r.status_code for r in during] == [200, 200]
    assert all(r["X-Cache"] == "miss" for r in during)
    assert wsgi_hit(urls[0]) is None

    redis_pages.start()  # empty: every version is gone
    time.sleep(REDIS_RETRY_AFTER + 0.1)
    assert wsgi_hit(urls[1]) is None
    after = fetch(client, urls[1])
    assert after.status_code == 200 and after["X-Cache"] == "miss"
    assert warm(client, urls[1])["X-Cache"] == "hit", "Redis is used again"


def test_the_pages_kept_near_stay_within_their_bytes(redis_pages, settings):
    urls = [article(f"Story {n}").url_in("en") for n in range(10)]
    client = Client()
    warm(client, urls[0])
    size = kept_near().size
    # Room for about eight pages (none may be larger than an eighth).
    settings.PAGE_CACHE_NEAR_BYTES = size * 8 + size // 2
    for url in urls:
        warm(client, url)
    assert kept_near().size <= settings.PAGE_CACHE_NEAR_BYTES
    assert 7 <= len(kept_near()) <= 8
    first = cache.make_key(page_key("http", "", urls[0], "", "en", None))
    assert kept_near().get(first) is None, "the least recently served went first"
    assert [fetch(client, url)["X-Cache"] for url in urls] == ["hit"] * 10, "still served from Redis"

    settings.PAGE_CACHE_NEAR_BYTES = size * 4  # now larger than an eighth: not kept
    near._near.clear()
    assert [warm(client, url)["X-Cache"] for url in urls[:3]] == ["hit"] * 3
    assert len(kept_near()) == 0


def test_a_page_kept_near_is_not_served_past_its_end(redis_pages, settings, time_machine):
    url = article().url_in("en")
    client = Client()
    warm(client, url)
    assert len(kept_near()) == 1
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS + 1))
    assert wsgi_hit(url) is None
    assert fetch(client, url)["X-Cache"] == "miss"


def test_an_entry_stored_by_another_deploy_is_a_miss_with_redis_too(redis_pages):
    story = article("Live headline")
    url = story.url_in("en")
    cache.set(page_key("http", "", url, "", "en", None), (_OlderEntry(), {}), 300)
    assert wsgi_hit(url) is None
    response = Client().get(url)
    assert response.status_code == 200 and "Live headline" in response.content.decode()


def test_nothing_is_kept_near_with_the_local_memory_cache(page_cache):
    url = article().url_in("en")
    near._near.clear()
    assert warm(Client(), url)["X-Cache"] == "hit"
    assert near._near == {}
