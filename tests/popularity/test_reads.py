"""Counting reads: what is a read, what is kept (no cookie, no address), and when it is written —
never on every request, and with no read lost to threads counting and flushing at once."""

import datetime
import os
import pickle
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.editorial.models import PreviewLink
from newsroom.popularity import reads
from newsroom.popularity.models import ReadCount
from tests.factories import ArticleFactory, EditorFactory
from tests.pages import get_page, logged_in, parse
from tests.servers import postgresql_cluster

from .conftest import BEACON_HEADERS, FIREFOX, beacon_url, post_beacon, read

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")
ROOT = Path(__file__).resolve().parents[2]


def stored(article=None, language=None) -> dict:
    """(article id, language, day) → reads, as written to the database."""
    rows = ReadCount.objects.all()
    if article is not None:
        rows = rows.filter(article=article)
    if language is not None:
        rows = rows.filter(language=language)
    return {(row.article_id, row.language, row.day): row.count for row in rows}


def writes(queries) -> list[str]:
    return [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]


def test_a_readers_visits_are_counted_for_the_day_and_the_page_language(client):
    article = ArticleFactory()

    for _ in range(3):
        read(client, article.url_in("en"))
    read(client, article.url_in("de"))
    written = reads.flush_reads()

    today = timezone.localdate()
    assert written == 4
    assert stored() == {(article.pk, "en", today): 3, (article.pk, "de", today): 1}


def test_a_flush_adds_to_the_counts_already_stored(client):
    article = ArticleFactory()
    ReadCount.objects.create(article=article, language="en", day=timezone.localdate(), count=40)

    read(client, article.url_in("en"))
    read(client, article.url_in("en"))
    reads.flush_reads()
    read(client, article.url_in("en"))
    reads.flush_reads()

    assert stored() == {(article.pk, "en", timezone.localdate()): 43}


GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
# Beacons answered, but not counted: the page was not read by a person.
NOT_READS = {
    "a search engine's robot": lambda client, url: post_beacon(client, url, **{"user-agent": GOOGLEBOT}),
    "a link preview": lambda client, url: post_beacon(client, url, **{"user-agent": "facebookexternalhit/1.1"}),
    "a script": lambda client, url: post_beacon(client, url, **{"user-agent": "python-requests/2.32.3"}),
    "a headless browser": lambda client, url: post_beacon(
        client, url, **{"user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0"}
    ),
    "no User-Agent at all": lambda client, url: post_beacon(client, url, **{"user-agent": ""}),
    "a prefetch (speculation rules)": lambda client, url: post_beacon(client, url, **{"sec-purpose": "prefetch"}),
    "a prerender": lambda client, url: post_beacon(client, url, **{"sec-purpose": "prefetch;prerender"}),
    "a prefetch (older Chrome)": lambda client, url: post_beacon(client, url, purpose="prefetch"),
    "a logged-in editor": lambda client, url: post_beacon(logged_in(EditorFactory()), url),
}


@pytest.mark.parametrize("visit", NOT_READS.values(), ids=NOT_READS.keys())
def test_what_is_not_a_person_reading_is_not_counted(client, visit):
    article = ArticleFactory()
    other = ArticleFactory()

    visit(client, beacon_url(get_page(client, article.url_in("en"))))
    read(client, other.url_in("en"))  # a reader meanwhile, so that counting is seen to work
    reads.flush_reads()

    assert stored() == {(other.pk, "en", timezone.localdate()): 1}


def test_a_page_served_is_not_a_read_until_its_beacon_says_it_was_shown(client):
    article = ArticleFactory()

    for _ in range(3):
        response = client.get(article.url_in("en"), headers={"user-agent": FIREFOX})
        assert response.status_code == 200
    reads.flush_reads()
    assert stored() == {}

    post_beacon(client, beacon_url(parse(response)))
    reads.flush_reads()
    assert stored() == {(article.pk, "en", timezone.localdate()): 1}


# Requests the beacon refuses, with the reason in the page's language; none is counted.
REFUSED = {
    "a GET": (405, lambda client, url: client.get(url, headers=BEACON_HEADERS)),
    "a HEAD": (405, lambda client, url: client.head(url, headers=BEACON_HEADERS)),
    "a PUT": (405, lambda client, url: client.put(url, headers=BEACON_HEADERS)),
    "another site's page": (
        403,
        lambda client, url: client.post(url, headers={**BEACON_HEADERS, "origin": "https://evil.example"}),
    ),
    "another site, by Sec-Fetch-Site": (
        403,
        lambda client, url: client.post(url, headers={**BEACON_HEADERS, "sec-fetch-site": "cross-site"}),
    ),
    "a sandboxed page (Origin null)": (
        403,
        lambda client, url: client.post(url, headers={**BEACON_HEADERS, "origin": "null"}),
    ),
    "no Origin nor Referer": (403, lambda client, url: client.post(url, headers={"user-agent": FIREFOX})),
}


@pytest.mark.parametrize(("status", "request_"), REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_beacon_refuses_what_no_article_page_sends_and_says_why(client, status, request_, language):
    article = ArticleFactory()
    url = beacon_url(get_page(client, article.url_in(language)))

    response = request_(client, url)
    reads.flush_reads()

    assert response.status_code == status
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    if status == 405:
        assert response["Allow"] == "POST"
    if request_ is not REFUSED["a HEAD"][1]:
        message = {
            (405, "en"): "Reads are counted by the article page itself, with a POST.",
            (405, "de"): "Lesevorgänge zählt die Artikelseite selbst, mit einem POST.",
            (403, "en"): "Reads are counted only from this site's own pages.",
            (403, "de"): "Lesevorgänge werden nur von den Seiten dieser Website gezählt.",
        }[status, language]
        assert response.content.decode() == message
    assert stored() == {}


@pytest.mark.parametrize(
    "path",
    [
        "/en/reads/{unknown}/",
        "/en/reads/{draft}/",
        "/en/reads/{scheduled}/",
        "/en/reads/{unpublished}/",
        "/en/reads/99999999999999999999999/",
        "/en/reads/-1/",
        "/en/reads/twelve/",
        "/fr/reads/{published}/",
    ],
)
def test_a_beacon_for_no_published_article_is_a_404_and_not_counted(client, path):
    published = ArticleFactory()
    ids = {
        "published": published.pk,
        "draft": ArticleFactory(status=Article.Status.DRAFT).pk,
        "scheduled": ArticleFactory(published_at=timezone.now() + datetime.timedelta(hours=1)).pk,
        "unpublished": ArticleFactory(status=Article.Status.UNPUBLISHED).pk,
        "unknown": published.pk + 1000,
    }

    response = client.post(path.format(**ids), headers=BEACON_HEADERS)
    reads.flush_reads()

    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers
    assert stored() == {}


def test_a_404_from_the_beacon_says_why_in_german_on_the_german_site(client):
    response = client.post("/de/reads/12345/", headers=BEACON_HEADERS)

    assert response.status_code == 404
    assert response.content.decode() == "Es gibt keinen veröffentlichten Artikel mit dieser Nummer."


def test_a_share_link_preview_posts_no_beacon(client):
    article = ArticleFactory()
    link = PreviewLink.objects.create(article=article, language="en")

    page = get_page(client, link.get_absolute_url())

    assert [script for script in page.find_all("script") if script.get("data-read-url")] == []


def test_an_article_page_and_its_beacon_give_a_reader_no_cookie_and_keep_no_address(client):
    article = ArticleFactory()

    response = client.get(article.url_in("en"), headers={"user-agent": FIREFOX, "x-forwarded-for": "198.51.100.23"})
    counted = post_beacon(client, beacon_url(parse(response)), **{"x-forwarded-for": "198.51.100.23"})
    reads.flush_reads()

    for answer in (response, counted):
        assert answer.cookies == {}
        assert "Set-Cookie" not in answer.headers
    assert counted["Cache-Control"] == "no-store"
    assert counted.content == b""
    assert not Session.objects.exists()
    # Nothing about the reader in the database or the cache: the article, language, day and a count.
    assert stored() == {(article.pk, "en", timezone.localdate()): 1}
    assert [field.name for field in ReadCount._meta.fields] == ["id", "article", "language", "day", "count"]
    kept = pickle.dumps([(key, value) for key, value in cache._cache.items()])  # the local-memory cache
    assert b"127.0.0.1" not in kept and b"198.51.100.23" not in kept


def test_one_client_counts_at_most_the_limit_of_reads_a_minute(client, settings):
    settings.POPULARITY_READS_PER_MINUTE = 3
    article = ArticleFactory()
    url = beacon_url(get_page(client, article.url_in("en")))

    for _ in range(5):
        post_beacon(client, url)  # answered the same: the client is not told
    assert client.post(url, headers=BEACON_HEADERS, REMOTE_ADDR="203.0.113.9").status_code == 204
    reads.flush_reads()

    assert stored() == {(article.pk, "en", timezone.localdate()): 4}


ANSWERED_FROM_OUR_PAGES = {
    "Origin, as browsers send with a POST": {"origin": "http://testserver"},
    "only a Referer (an older browser)": {"origin": None, "sec-fetch-site": None, "referer": "http://testserver/en/"},
    # Behind a proxy that does not tell Django it speaks HTTPS: the browser has compared the schemes.
    "HTTPS seen by the browser, HTTP by Django": {"origin": "https://testserver"},
}


@pytest.mark.parametrize("headers", ANSWERED_FROM_OUR_PAGES.values(), ids=ANSWERED_FROM_OUR_PAGES.keys())
def test_a_beacon_from_our_own_pages_is_counted(client, headers):
    article = ArticleFactory()
    url = beacon_url(get_page(client, article.url_in("en")))

    post_beacon(client, url, **headers)
    reads.flush_reads()

    assert stored() == {(article.pk, "en", timezone.localdate()): 1}


def test_a_reader_with_a_session_cookie_that_names_no_session_is_counted(client):
    article = ArticleFactory()
    url = beacon_url(get_page(client, article.url_in("de")))
    client.cookies["sessionid"] = "expired-long-ago"

    response = post_beacon(client, url)
    reads.flush_reads()

    assert "Set-Cookie" not in response.headers
    assert stored() == {(article.pk, "de", timezone.localdate()): 1}


def test_a_beacon_without_a_session_cookie_reads_no_session(client, django_assert_num_queries):
    article = ArticleFactory()
    url = beacon_url(get_page(client, article.url_in("en")))
    post_beacon(client, url)

    # The article is known to be published now: a reader's beacon costs no query at all.
    with django_assert_num_queries(0):
        post_beacon(client, url)


def test_reading_writes_nothing_to_the_database_until_the_flush_is_due(client, settings, time_machine):
    settings.POPULARITY_FLUSH_SECONDS = 60
    time_machine.move_to(timezone.now(), tick=False)
    article = ArticleFactory()
    url = article.url_in("en")

    with CaptureQueriesContext(connection) as first:
        read(client, url)
    time_machine.shift(datetime.timedelta(seconds=59))
    with CaptureQueriesContext(connection) as later:
        for _ in range(5):
            read(client, url)
    assert writes(first) == writes(later) == []
    assert stored() == {}

    time_machine.shift(datetime.timedelta(seconds=1))
    with CaptureQueriesContext(connection) as due:
        read(client, url)

    inserts = [sql for sql in writes(due) if sql.startswith("INSERT")]
    assert len(inserts) == 1 and '"popularity_readcount"' in inserts[0]
    assert all('"popularity_readcount"' in sql for sql in writes(due))
    assert stored() == {(article.pk, "en", timezone.localdate()): 7}


def test_many_different_articles_are_written_before_the_interval_is_over(client, settings, monkeypatch):
    settings.POPULARITY_FLUSH_SECONDS = 3600
    monkeypatch.setattr(reads, "MAX_KEYS", 3)
    articles = ArticleFactory.create_batch(3)

    read(client, articles[0].url_in("en"))
    read(client, articles[1].url_in("en"))
    assert stored() == {}
    read(client, articles[2].url_in("en"))

    assert sum(stored().values()) == 3


def test_an_article_deleted_before_the_flush_does_not_stop_the_others_being_written(client):
    kept, deleted = ArticleFactory(), ArticleFactory()
    read(client, kept.url_in("en"))
    read(client, deleted.url_in("en"))

    Article.objects.filter(pk=deleted.pk).delete()
    assert reads.flush_reads() == 1

    assert stored() == {(kept.pk, "en", timezone.localdate()): 1}


def test_reads_the_database_refused_are_written_by_the_next_flush(client, monkeypatch):
    article = ArticleFactory()
    read(client, article.url_in("en"))
    read(client, article.url_in("en"))
    upsert = reads.upsert

    def refuse(counts):
        raise DatabaseError("the database is restarting")

    monkeypatch.setattr(reads, "upsert", refuse)
    assert reads.flush_reads() == 0
    monkeypatch.setattr(reads, "upsert", upsert)
    read(client, article.url_in("en"))
    assert reads.flush_reads() == 3

    assert stored() == {(article.pk, "en", timezone.localdate()): 3}


def test_counts_older_than_thirty_days_are_deleted_by_the_days_first_flush(client):
    article = ArticleFactory()
    today = timezone.localdate()
    for days in (31, 30, 1):
        ReadCount.objects.create(article=article, language="en", day=today - datetime.timedelta(days=days), count=5)

    read(client, article.url_in("en"))
    reads.flush_reads()

    assert sorted(stored().values()) == [1, 5, 5]
    assert min(day for _article, _language, day in stored()) == today - datetime.timedelta(days=30)


# Concurrency: threads of one worker counting and flushing at the same time.


def in_threads(count: int, work) -> list[BaseException]:
    """Run `work(index)` in `count` threads started together; the errors they raised."""
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(index):
        try:
            start.wait()
            work(index)
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


@pytest.mark.django_db(transaction=True)
def test_no_read_is_lost_when_many_threads_count_and_flush_at_once(settings):
    # Every read makes its thread flush: the buffer is swapped and written while others add to it.
    settings.POPULARITY_FLUSH_SECONDS = 0
    articles = ArticleFactory.create_batch(3)
    threads, per_thread = 8, 250

    def count(index):
        for number in range(per_thread):
            reads.count_read(articles[number % 3].pk, ("en", "de")[index % 2])

    errors = in_threads(threads, count)
    reads.flush_reads()

    assert errors == []
    assert ReadCount.objects.aggregate(total=Sum("count"))["total"] == threads * per_thread
    per_language = dict(ReadCount.objects.values_list("language").annotate(Sum("count")))
    assert per_language == {"en": threads * per_thread // 2, "de": threads * per_thread // 2}


@pytest.mark.django_db(transaction=True)
def test_no_read_is_lost_when_readers_request_pages_and_beacons_at_once(settings):
    # On PostgreSQL every read makes its thread flush, as pages are rendered in the others. SQLite's
    # in-memory test database answers a page's query with "table is locked" rather than waiting
    # while another connection writes, so there the flushes at once are the test above's.
    settings.POPULARITY_FLUSH_SECONDS = 0 if connection.vendor == "postgresql" else 3600
    settings.POPULARITY_READS_PER_MINUTE = 0  # every thread is the same client here
    articles = ArticleFactory.create_batch(2)
    pages = [article.url_in(language) for article in articles for language in ("en", "de")]
    beacons = [beacon_url(get_page(Client(), url)) for url in pages]
    threads, per_thread = 6, 20
    statuses: list[int] = []

    def browse(index):
        client = Client(headers=BEACON_HEADERS)
        for number in range(per_thread):
            which = (index + number) % len(pages)
            statuses.append(client.get(pages[which]).status_code)
            statuses.append(client.post(beacons[which]).status_code)

    errors = in_threads(threads, browse)
    reads.flush_reads()

    assert errors == []
    assert sorted(statuses) == [200] * threads * per_thread + [204] * threads * per_thread
    assert ReadCount.objects.aggregate(total=Sum("count"))["total"] == threads * per_thread
    assert sorted(ReadCount.objects.values_list("count", flat=True)) == [threads * per_thread // 4] * 4


EXITING_WORKER = """
import django

django.setup()
from django.core.management import call_command

call_command("migrate", verbosity=0)
from newsroom.popularity import reads
from tests.factories import ArticleFactory

article = ArticleFactory()
reads.count_read(article.pk, "en")
reads.count_read(article.pk, "de")
reads.count_read(article.pk, "de")
print(article.pk, len(reads.buffer))
"""


def test_reads_waiting_in_a_worker_are_written_when_it_exits(tmp_path):
    database = tmp_path / "worker.sqlite3"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "test-only",
        "DATABASE_URL": f"sqlite:///{database}",
        "POPULARITY_FLUSH_SECONDS": "3600",
    }

    worker = subprocess.run(
        [sys.executable, "-c", EXITING_WORKER],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert worker.returncode == 0, worker.stderr
    article_id, waiting_at_exit = map(int, worker.stdout.split())
    assert waiting_at_exit == 3
    with closing(sqlite3.connect(database)) as written:
        rows = written.execute("SELECT article_id, language, count FROM popularity_readcount ORDER BY language")
        assert rows.fetchall() == [(article_id, "de", 2), (article_id, "en", 1)]


# The database away: a worker of its own on a PostgreSQL cluster of its own, stopped and started
# between the steps the test sends it on its standard input.
WORKER_WHILE_THE_DATABASE_IS_AWAY = """
import sys

import django

django.setup()
from django.core.management import call_command
from django.db import connection
from django.test import Client

call_command("migrate", verbosity=0)
from newsroom.popularity import reads
from tests.factories import ArticleFactory
from tests.popularity.conftest import BEACON_HEADERS

article = ArticleFactory()
# The test cluster runs without synchronous commits and is stopped outright: a checkpoint makes
# sure the article outlives the stop, as a real server's durable commit would.
with connection.cursor() as cursor:
    cursor.execute("CHECKPOINT")
connection.close()
print("ready", flush=True)
sys.stdin.readline()  # the cluster is stopped
answer = Client(headers=BEACON_HEADERS).post(f"/en/reads/{article.pk}/")
print(answer.status_code, reads.flush_reads(), len(reads.buffer), flush=True)
sys.stdin.readline()  # the cluster is started again
print(reads.flush_reads(), article.read_counts.get().count, flush=True)
"""


def test_a_beacon_while_the_database_is_away_is_answered_and_its_read_written_once_it_is_back(tmp_path):
    with postgresql_cluster() as cluster:
        cluster.create_database("beacon")
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "SECRET_KEY": "test-only",
            "DATABASE_URL": cluster.url("beacon"),
            "DB_CONNECT_RETRY_SECONDS": "0.5",
            "POPULARITY_FLUSH_SECONDS": "3600",
            "ALLOWED_HOSTS": "testserver",
        }
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER_WHILE_THE_DATABASE_IS_AWAY],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert worker.stdout.readline().split() == ["ready"], worker.stderr.read()
            cluster.stop()
            worker.stdin.write("stopped\n")
            worker.stdin.flush()
            status, written, waiting = map(int, worker.stdout.readline().split() or [0, 0, 0])
            cluster.start()
            worker.stdin.write("started\n")
            worker.stdin.flush()
            after = worker.stdout.readline().split()
        finally:
            worker.stdin.close()
            worker.wait(timeout=60)
            errors = worker.stderr.read()

    assert (status, written, waiting) == (204, 0, 1), errors[-3000:]
    assert after == ["1", "1"], errors[-3000:]
