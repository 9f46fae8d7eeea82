"""The shared cache (newsroom/shared_cache.py) against a real Redis server that the tests stop, restart,
freeze and make refuse commands: readers never get an error because the cache is down, scheduled
changes still go out, and the outage is logged once."""

import contextlib
import datetime
import logging
import re
import signal
import time

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from redis.exceptions import DataError, RedisError, ResponseError
from reversion.models import Version

from newsroom.articles.models import Article
from newsroom.editorial.models import PendingChange
from newsroom.editorial.pending import NEXT_DUE_CACHE_KEY
from newsroom.images.models import Image
from newsroom.shared_cache import SOCKET_TIMEOUTS, check_shared_cache
from tests.factories import ArticleFactory, EditorFactory, SectionFactory
from tests.newsletter.conftest import sign_up
from tests.pages import change_url, logged_in, open_form, parse, url_in
from tests.quality.conftest import public_pages
from tests.servers import REDIS_RETRY_AFTER, RedisServer

# Saves invalidate what the cache holds when their transaction commits, so the tests commit.
pytestmark = pytest.mark.django_db(transaction=True)

RETRY_AFTER = REDIS_RETRY_AFTER  # seconds before the cache tries a server that failed again


@pytest.fixture
def outage_log(caplog):
    caplog.set_level(logging.INFO, logger="newsroom.shared_cache")

    def messages(word: str) -> list[str]:
        return [record.getMessage() for record in caplog.records if word in record.getMessage()]

    return messages


def reader_pages() -> list[str]:
    """Every kind of page a reader or a reader's app asks for, in both languages."""
    from newsroom.articles.models import Section
    from newsroom.events.models import Event
    from newsroom.organizations.models import Organization

    urls = [url for _name, url in public_pages()]
    urls += ["/robots.txt", "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-events.xml", "/news-sitemap.xml"]
    section, event = Section.objects.first(), Event.objects.published().first()
    organization = Organization.objects.published().first()
    for language in ("en", "de"):
        urls += [
            url_in(language, "articles:feed-rss"),
            url_in(language, "articles:feed-atom"),
            url_in(language, "articles:section-rss", slug=section.slug_in(language)),
            url_in(language, "events:calendar"),
            url_in(language, "events:detail-calendar", slug=event.slug_in(language)),
            url_in(language, "events:organization-calendar", slug=organization.slug_in(language)),
        ]
    return urls


def pictures_made():
    """The demo's pictures as a worker leaves them (their renditions made), so that pages link the
    same addresses from the first request to the last: these tests compare pages, not pictures."""
    Image.objects.update(renditions_ready=True)


def what_readers_get(url: str) -> tuple:
    """The status and what identifies the page's content: title and headline, or the whole body
    of a feed, sitemap or calendar."""
    response = Client().get(url)
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    if response["Content-Type"].startswith("text/html"):
        page = parse(response)
        return response.status_code, page.find("title").text, [h1.text for h1 in page.find_all("h1")]
    return response.status_code, response.content


def test_readers_get_every_page_while_redis_is_down_and_it_is_used_again_when_back(
    redis, outage_log, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open("/dev/null", "w"))
    pictures_made()
    urls = reader_pages()
    before = {url: what_readers_get(url) for url in urls}
    assert cache.get("nav-sections"), "the navigation is cached in Redis"

    redis.stop()
    during = {url: what_readers_get(url) for url in urls}

    assert during == before
    assert len(outage_log("unavailable")) == 1, "logged once, not per request"
    # A reader signing up for the newsletter is not refused because the rate limit cannot count.
    assert sign_up(Client(), "ana.ruiz@example.com").status_code == 302

    redis.start()
    time.sleep(RETRY_AFTER)
    after = {url: what_readers_get(url) for url in urls}

    assert after == before
    assert len(outage_log("back")) == 1 and len(outage_log("unavailable")) == 1
    assert cache.get("nav-sections"), "Redis is used again"


def navigation(url: str) -> list[str]:
    return parse(Client().get(url)).find("nav", class_="site-nav").texts("li")


@pytest.mark.parametrize(
    ("refusing", "code"),
    [
        pytest.param(RedisServer.memory_full, "OOM", id="memory-full"),
        pytest.param(RedisServer.a_replica, "READONLY", id="a-replica"),
        pytest.param(RedisServer.without_its_replicas, "NOREPLICAS", id="no-replicas"),
        pytest.param(RedisServer.failing_its_snapshots, "MISCONF", id="failing-snapshots"),
        pytest.param(RedisServer.running_a_long_script, "BUSY", id="busy"),
    ],
)
def test_readers_and_editors_are_served_while_redis_refuses_commands_and_it_catches_up_when_mended(
    redis, outage_log, tmp_path, settings, refusing, code
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open("/dev/null", "w"))
    pictures_made()
    urls, home = reader_pages(), url_in("en", "home")
    section = SectionFactory(name_en="Steel", name_de="Stahl", order=99)  # in the navigation only
    assert "Steel" in navigation(home) and cache.get("nav-sections")
    editor = logged_in(EditorFactory(username="ines"))
    cache.delete(NEXT_DUE_CACHE_KEY)  # its minute is up: the next page looks it up and caches it again

    with refusing(redis):
        during = {url: what_readers_get(url) for url in urls}
        assert sign_up(Client(), "ana.ruiz@example.com").status_code == 302
        _page, data = open_form(editor, change_url(section), "section_form")
        data["name_en"] = ["Metallurgy"]
        assert editor.post(change_url(section), data).status_code == 302  # its save deletes the navigation
        assert "Metallurgy" in navigation(home)

    unavailable = outage_log("unavailable")
    assert len(unavailable) == 1 and code in unavailable[0], unavailable
    time.sleep(RETRY_AFTER)
    after = {url: what_readers_get(url) for url in urls}

    assert during == after, "what readers got without the cache is what they get with it"
    # Redis, which still held the old navigation, has been told to forget it.
    assert "Metallurgy" in navigation(home) and "Steel" not in navigation(home)
    assert "Metallurgy" in [cached.name_en for cached in cache.get("nav-sections")[0]], "Redis is used again"
    back = outage_log("back")
    assert len(back) == 1 and "deletions it missed" in back[0], back
    assert len(outage_log("unavailable")) == 1


def test_a_mistake_in_a_cache_call_is_raised_and_not_taken_for_an_outage(redis, outage_log):
    cache.set("sign-ups", "three")

    with pytest.raises(ResponseError, match="not an integer"):  # Redis's answer to this call, not its state
        cache.incr("sign-ups")
    with pytest.raises(DataError):  # refused by redis-py before anything is sent
        cache.incr("sign-ups", None)

    assert cache.get("sign-ups") == "three", "the cache is still used"
    assert outage_log("unavailable") == []


def test_ping_answers_for_readyz_and_is_not_fail_open(redis, outage_log):
    assert cache.ping() is True

    redis.freeze()
    started = time.monotonic()
    with pytest.raises(RedisError):
        cache.ping()
    # Bounded by the cache's own socket timeout, and no outage begun: the probe only asked.
    assert time.monotonic() - started < SOCKET_TIMEOUTS["socket_timeout"] * 2
    assert outage_log("unavailable") == []
    redis.thaw()
    redis.stop()
    with pytest.raises(RedisError):
        cache.ping()


def test_raise_to_only_raises_a_number_and_fails_open(redis, outage_log):
    """The replicas' wanted position (README, *Read replicas*): two editors saving at once cannot lower it."""
    assert cache.raise_to("replicas:wanted-lsn", 50_000_000) == 50_000_000
    assert cache.raise_to("replicas:wanted-lsn", 40_000_000) == 50_000_000
    assert cache.get("replicas:wanted-lsn") == 50_000_000
    assert cache.raise_to("replicas:wanted-lsn", 2**52) == 2**52
    assert 0 < redis.client().ttl("newsroom:1:replicas:wanted-lsn") <= 300
    assert cache.raise_to("kept", 7, timeout=None) == 7
    assert redis.client().ttl("newsroom:1:kept") == -1  # None: kept, as Django's set

    redis.stop()
    assert cache.raise_to("replicas:wanted-lsn", 2**53) is None
    assert len(outage_log("unavailable")) == 1


def test_a_change_scheduled_for_a_time_while_redis_is_down_is_published_by_a_reader_exactly_once(
    redis, outage_log, time_machine
):
    article = ArticleFactory(headline_en="Tachi-S creates 700 jobs in Aguascalientes")
    editor = logged_in(EditorFactory(username="ines"))
    when = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(hours=2)
    _page, data = open_form(editor, change_url(article), "article_form")
    data |= {
        "headline_en": ["Tachi-S creates 900 jobs in Aguascalientes"],
        "_changes_publish_at_0": [when.strftime("%Y-%m-%d")],
        "_changes_publish_at_1": [when.strftime("%H:%M:%S")],
        "_schedule_changes": ["1"],
    }
    assert editor.post(change_url(article), data).status_code == 302
    reader = Client()
    assert reader.get(article.url_in("en")).status_code == 200  # the next due time is now cached in Redis

    redis.stop()
    time_machine.move_to(when + datetime.timedelta(seconds=1), tick=False)
    pages = [reader.get(url) for url in (article.url_in("en"), url_in("en", "home"), article.url_in("de"))]

    assert [page.status_code for page in pages] == [200, 200, 200]
    assert parse(pages[0]).find("h1").text == "Tachi-S creates 900 jobs in Aguascalientes"
    assert not PendingChange.objects.exists()
    published = [v for v in Version.objects.get_for_object(article) if "Scheduled changes" in v.revision.comment]
    assert len(published) == 1
    assert Article.objects.get(pk=article.pk).headline_en == "Tachi-S creates 900 jobs in Aguascalientes"
    assert len(outage_log("unavailable")) == 1


class Overdue(Exception):
    pass


@contextlib.contextmanager
def deadline(seconds: float):
    """Interrupt what the test waits for (a socket read without a timeout would wait for ever)."""

    def interrupt(signum, frame):
        raise Overdue(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load(urls) -> list[float]:
    """How long each page took, failing if one waits for ever."""
    waits = []
    for url in urls:
        started = time.monotonic()
        with deadline(10):
            response = Client().get(url)
        waits.append(time.monotonic() - started)
        assert response.status_code == 200
    return waits


def test_a_hung_redis_costs_one_call_one_short_timeout_and_the_pages_after_it_nothing(redis, outage_log, settings):
    settings.CACHES["default"]["RETRY_AFTER"] = 60  # no second try during the test
    ArticleFactory.create_batch(3)
    urls = [url_in(language, name) for language in ("en", "de") for name in ("home", "articles:list")] * 3
    load(urls)

    redis.freeze()
    started = time.monotonic()
    with deadline(10):
        assert cache.get("nav-sections") is None
    waited = time.monotonic() - started
    failed_at = cache._outage.retry_at
    load(urls)

    timeout = SOCKET_TIMEOUTS["socket_timeout"]
    assert len(outage_log("unavailable")) == 1 and "Timeout" in outage_log("unavailable")[0]
    # One wait for one answer: a second try (as redis-py makes where told to) would wait twice.
    assert timeout <= waited < timeout * 1.5, waited
    # The pages after it do not ask Redis: a page that did would have failed again and moved the
    # time of the next try. Counted, not timed: on a loaded machine (CI beside other test runs) one
    # page's ordinary slowness passed a timeout, twelve pages' sum did too, without asking Redis.
    assert cache._outage.retry_at == failed_at


@time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_the_newsletters_rate_limit_counts_in_redis_and_lets_readers_through_while_it_is_down(redis):
    for number in range(10):
        assert sign_up(Client(), f"reader{number}@example.com", REMOTE_ADDR="203.0.113.7").status_code == 302
    assert sign_up(Client(), "reader10@example.com", REMOTE_ADDR="203.0.113.7").status_code == 429

    redis.stop()
    answers = {sign_up(Client(), f"late{n}@example.com", REMOTE_ADDR="203.0.113.8").status_code for n in range(12)}

    assert answers == {302}


def test_deletions_missed_while_redis_was_unreachable_are_made_when_it_answers_again(redis, outage_log):
    ArticleFactory(section__name_en="Automotive")
    assert "Automotive" in Client().get(url_in("en", "home")).content.decode()
    section = Article.objects.get().section

    redis.freeze()  # unreachable, but it keeps what it holds
    section.name_en = "Automotive and Aerospace"
    with deadline(10):
        section.save()  # deletes the cached navigation: missed
    redis.thaw()
    time.sleep(RETRY_AFTER)
    page = Client().get(url_in("en", "home")).content.decode()

    assert "Automotive and Aerospace" in page
    # A section's save moves on the versions of several keys (its own, the navigation's, …): all made.
    assert re.search(r"the [1-9]\d* deletions it missed are made", outage_log("back")[0])


@pytest.mark.parametrize(
    ("backend", "words"),
    [
        ("django.core.cache.backends.locmem.LocMemCache", "10 per worker"),
        ("newsroom.pagecache.local.LocalMemoryCache", "keeps serving pages that a change saved in another worker"),
        ("django.core.cache.backends.dummy.DummyCache", "limit nobody"),
    ],
)
def test_a_cache_of_each_process_alone_is_warned_about_in_production(settings, backend, words):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": backend}}

    (warning,) = check_shared_cache(None)

    assert warning.id == "newsroom.W001" and words in warning.msg
    settings.CACHES = {"default": {"BACKEND": "newsroom.shared_cache.FailOpenRedisCache", "LOCATION": "redis://x"}}
    assert check_shared_cache(None) == []
