"""Read replicas against a real PostgreSQL streaming replica (README, "Read replicas").

A primary of the test's own (synchronous_commit on, as production), a replica made from it with
pg_basebackup on a spare port, a Redis of its own as the shared cache, and the site in gunicorn with
DATABASE_URL and DATABASE_REPLICA_URL. Each request's line in the access log says where it read
(`db`). Pausing the replica's replay (pg_wal_replay_pause) holds it behind on purpose, so a page
read from it shows what the primary no longer has. The tests run in order on one site; each reads
pages not requested before, since a cached page would hide where its data came from."""

import http.client
import json
import os
import shutil
import subprocess
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.pages import form_data, parse
from tests.servers import collected_static, gunicorn_server, migrated_database, postgresql_cluster, redis_server

ROOT = Path(__file__).resolve().parents[2]
PIN_SECONDS = 3
WORKERS = 2
METRICS_TOKEN = "replica-metrics-" + "t" * 24

# Run by the site's own settings in a process of its own: the whole small site of tests/whole_site.py
# in both languages, a few articles more (one per test, never requested before it), and an editor's
# session. Prints what the tests need as JSON.
BUILD = """
import json
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from newsroom.translations.models import LANGUAGE_CODES
from newsroom.translations.workflow import translate_and_release
from tests.factories import ArticleFactory
from tests.pages import url_in
from tests.whole_site import TEXTS, build_site, machine_documents, reader_pages

site = build_site("en", TEXTS["en"], other=lambda key: TEXTS["de"][key])
for obj in site.translatable_objects:
    translate_and_release(obj, "de", by=None)
articles = {}
for name in ("paused", "editor", "saved", "pinned", "stopped"):
    article = ArticleFactory(section=site.section, headline_en=f"The {name} story", slug_en=f"the-{name}-story")
    articles[name] = {"id": article.pk, "url": article.url_in("en")}
urls = {"robots.txt": "/robots.txt"}
for language in LANGUAGE_CODES:
    pages = {
        **reader_pages(site, language),
        **machine_documents(site, language),
        "AI labels": url_in(language, "articles:ai-labels"),
        "cookie settings": url_in(language, "cookie-settings"),
        "newsletter": url_in(language, "newsletter:subscribe"),
    }
    urls.update({f"{language} {name}": url for name, url in pages.items()})
editor = get_user_model().objects.create_superuser("editor", "editor@example.com", None)
session = SessionStore()
session[SESSION_KEY] = str(editor.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = editor.get_session_auth_hash()
session.create()
print(json.dumps({"urls": urls, "articles": articles, "session": session.session_key}))
"""


def sql(url: str, statement: str):
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement)
        return cursor.fetchone() if cursor.description else None


class Site:
    def __init__(self, cluster, replica, server, made: dict, database: str):
        self.cluster = cluster
        self.replica = replica
        self.server = server
        self.urls = made["urls"]
        self.articles = made["articles"]
        self.session = made["session"]
        self.primary_url = cluster.url(database)
        self.replica_url = replica.url(database)

    # The replica's replay.

    def caught_up(self, seconds: float = 30):
        """Waits until the replica has replayed everything the primary has written so far."""
        (wanted,) = sql(self.primary_url, "SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            (replayed,) = sql(self.replica_url, "SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn")
            if replayed >= wanted:
                return
            time.sleep(0.05)
        raise AssertionError(f"the replica has not replayed {wanted} after {seconds} s")

    def pause(self):
        self.caught_up()
        sql(self.replica_url, "SELECT pg_wal_replay_pause()")

    def resume(self):
        sql(self.replica_url, "SELECT pg_wal_replay_resume()")
        self.caught_up()

    # HTTP.

    def request(self, method: str, path: str, cookies: dict | None = None, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        headers = {"Host": "127.0.0.1"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            set_cookies = SimpleCookie()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    set_cookies.load(value)
            return Answer(response.status, dict(response.getheaders()), response.read(), set_cookies)
        finally:
            connection.close()

    def get(self, path: str, **cookies) -> "Answer":
        return self.request("GET", path, cookies)

    def line(self, answer: "Answer", seconds: float = 10) -> dict:
        """The access log's line of the request that got `answer` (written once its body is sent)."""
        request_id = answer.headers["X-Request-ID"]
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for line in self.log_lines():
                if line.get("request_id") == request_id and line["logger"] == "newsroom.requests":
                    return line
            time.sleep(0.05)
        raise AssertionError(f"no line for request {request_id}")

    def read_from(self, answer: "Answer") -> str | None:
        line = self.line(answer)
        print(line)  # shown when a test fails
        return line["db"]

    def log_lines(self) -> list[dict]:
        lines = []
        for text in self.server.log.read_text(errors="replace").splitlines():
            try:
                lines.append(json.loads(text))
            except ValueError:
                continue  # gunicorn's own lines
        return lines

    def editor_saves_headline(self, article: dict, headline: str):
        cookies = {"sessionid": self.session}
        url = f"/admin/articles/article/{article['id']}/change/"
        page = self.request("GET", url, cookies)
        assert page.status == 200, page.status
        cookies["csrftoken"] = page.cookies["csrftoken"].value
        data = form_data(parse(page.text), "article_form")
        data["headline_en"] = [headline]
        data["_publish_changes"] = ["1"]  # the article is live: readers get it at once
        saved = self.request("POST", url, cookies, data)
        assert saved.status == 302, parse(saved.text).text if saved.status == 200 else saved.status
        return [page, saved]


class Answer:
    def __init__(self, status: int, headers: dict, body: bytes, cookies: SimpleCookie):
        self.status = status
        self.headers = headers
        self.body = body
        self.cookies = cookies

    @property
    def text(self) -> str:
        return self.body.decode()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with postgresql_cluster(synchronous_commit="on") as cluster, redis_server() as redis:
        replica = cluster.replica()
        try:
            migrated_database(cluster)
            environment = {
                "DATABASE_URL": cluster.url("newsroom"),
                "DATABASE_REPLICA_URL": replica.url("newsroom"),
                "CACHE_URL": redis.url,
                "MEDIA_ROOT": str(media),
                "STATIC_ROOT": str(collected_static()),
                "REPLICA_PIN_SECONDS": str(PIN_SECONDS),
                "LOG_FORMAT": "json",
                "LOG_REQUESTS": "all",
                "PROMETHEUS_MULTIPROC_DIR": str(tmp_path_factory.mktemp("metrics")),
                "METRICS_TOKEN": METRICS_TOKEN,
                # The same for the site and the process that makes the editor's session.
                "SECRET_KEY": "replica-test-" + "x" * 40,
            }
            built = subprocess.run(
                [str(ROOT / ".venv" / "bin" / "python"), "-c", BUILD],
                env={k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}}
                | environment
                | {"DJANGO_SETTINGS_MODULE": "newsroom.settings"},
                cwd=ROOT, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            assert built.returncode == 0, built.stderr[-3000:]
            made = json.loads(built.stdout.strip().splitlines()[-1])
            with gunicorn_server(environment, workers=WORKERS) as server:
                yield Site(cluster, replica, server, made, "newsroom")
        finally:
            replica.stop()
            shutil.rmtree(replica.folder, ignore_errors=True)


def fallbacks(site, reason: str) -> float:
    """newsroom_replica_fallbacks_total{reason} summed over the server's workers (its /metrics)."""
    status, _, content = site.server.get("/metrics", Authorization=f"Bearer {METRICS_TOKEN}")
    assert status == 200
    return sum(
        sample.value
        for family in text_string_to_metric_families(content.decode())
        for sample in family.samples
        if sample.name == "newsroom_replica_fallbacks_total" and sample.labels.get("reason") == reason
    )


def test_an_anonymous_reader_is_served_from_the_replica(site):
    article = site.articles["paused"]
    site.pause()
    try:
        sql(
            site.primary_url,
            f"UPDATE articles_article SET headline_en = 'Changed on the primary' WHERE id = {article['id']}",
        )  # noqa: E501
        page = site.get(article["url"])
        assert page.status == 200
        assert "The paused story" in page.text and "Changed on the primary" not in page.text
        assert site.read_from(page) == "replica"
    finally:
        site.resume()

    for name in ("en home", "en section", "en rss feed", "en articles sitemap", "de articles"):
        answer = site.get(site.urls[name])
        assert answer.status == 200, name
        assert site.read_from(answer) == "replica", name


def test_a_logged_in_editor_reads_the_primary(site):
    article = site.articles["editor"]
    site.pause()
    try:
        sql(
            site.primary_url,
            f"UPDATE articles_article SET headline_en = 'The editor sees this' WHERE id = {article['id']}",
        )  # noqa: E501
        session = {"sessionid": site.session}
        admin_list = site.get("/admin/articles/article/?q=editor", **session)
        public = site.get(article["url"], **session)
        reader = site.get(article["url"])
    finally:
        site.resume()

    assert admin_list.status == 200 and "The editor sees this" in admin_list.text
    assert public.status == 200 and "The editor sees this" in public.text
    assert [site.read_from(admin_list), site.read_from(public)] == ["primary", "primary"]
    assert site.line(admin_list)["user_id"] == site.line(public)["user_id"]
    # The reader, at the same moment, got the replica's (older) page.
    assert "The editor sees this" not in reader.text and site.read_from(reader) == "replica"


def test_an_editor_who_saves_sees_the_change_and_readers_do_not_get_a_stale_cached_page(site):
    article = site.articles["saved"]
    site.caught_up()
    before = site.get(article["url"])
    assert "The saved story" in before.text and site.read_from(before) == "replica"
    assert site.get(article["url"]).headers.get("X-Cache") == "hit"

    site.pause()
    try:
        editor = site.editor_saves_headline(article, "Saved by the editor")
        assert all(site.read_from(answer) == "primary" for answer in editor)
        seen = site.get(article["url"], sessionid=site.session)
        assert "Saved by the editor" in seen.text

        # The reader's next page is a miss (the change invalidated it) while the replica has not
        # replayed the change: read from the primary, so what the page cache keeps is new.
        miss = site.get(article["url"])
        assert miss.headers.get("X-Cache") != "hit"
        assert "Saved by the editor" in miss.text and "The saved story" not in miss.text
        assert site.read_from(miss) == "primary"
        assert fallbacks(site, "behind") >= 1
    finally:
        site.resume()

    hit = site.get(article["url"])
    assert hit.headers.get("X-Cache") == "hit" and "Saved by the editor" in hit.text
    # Caught up: readers' misses are back on the replica.
    after = site.get(site.urls["de article"])
    assert site.read_from(after) == "replica"


def test_a_reader_who_signed_up_reads_the_primary_for_the_pin_seconds(site):
    form_page = site.get(site.urls["en newsletter"])
    cookies = {name: morsel.value for name, morsel in form_page.cookies.items()}
    data = form_data(parse(form_page.text), "newsletter_form")
    data["email"] = ["reader@example.com"]
    signed_up = site.request("POST", site.urls["en newsletter"], cookies, data)
    assert signed_up.status == 302, signed_up.status
    pin = signed_up.cookies["primary_until"]
    assert pin["httponly"] and pin["samesite"] == "Lax" and int(pin["max-age"]) == PIN_SECONDS
    assert int(pin.value) - PIN_SECONDS <= time.time() + 1

    cookies["primary_until"] = pin.value
    site.caught_up()
    pinned = site.request("GET", site.articles["pinned"]["url"], cookies)
    assert pinned.status == 200 and site.read_from(pinned) == "primary"
    assert "primary_until" not in pinned.cookies  # only a write pins

    time.sleep(max(0.0, int(pin.value) - time.time()) + 0.1)
    unpinned = site.request("GET", site.articles["pinned"]["url"] + "?after=pin", cookies)
    assert unpinned.status == 200 and site.read_from(unpinned) == "replica"


def test_writes_never_reach_the_replica(site):
    site.caught_up()
    statuses = {name: site.get(url) for name, url in site.urls.items()}
    failed = {name: answer.status for name, answer in statuses.items() if answer.status != 200}
    assert failed == {}
    # Every reader's page that read the database read the replica.
    where = {name: site.read_from(answer) for name, answer in statuses.items()}
    assert {name: db for name, db in where.items() if db not in ("replica", None)} == {}
    assert "read-only transaction" not in site.replica.log.read_text()
    assert "25006" not in site.server.log.read_text()
    assert "ReadOnlySqlTransaction" not in site.server.log.read_text()


def test_a_stopped_replica_costs_readers_no_page(site):
    site.caught_up()
    failures, answers = [], []
    stop = threading.Event()

    def reader(number: int):
        count = 0
        while not stop.is_set():
            count += 1
            try:
                answer = site.get(f"{site.urls['en search'].split('?')[0]}?q=reader{number}x{count}")
                answers.append(answer)
                if answer.status != 200:
                    failures.append(answer.status)
            except OSError as error:
                failures.append(repr(error))

    threads = [threading.Thread(target=reader, args=(number,)) for number in range(3)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.5)
        site.replica.stop()
        time.sleep(3)
        status, readiness = ready(site)
        assert status == 200 and readiness["status"] == "degraded"
        assert readiness["checks"]["replica"]["ok"] is False
        during = site.get(site.articles["stopped"]["url"])
        assert during.status == 200 and site.read_from(during) == "primary"
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)

    assert failures == []
    assert len(answers) > 10
    warnings = [
        line for line in site.log_lines() if line.get("message", "").startswith("The read replica is unavailable")
    ]
    assert 1 <= len(warnings) <= WORKERS + 1  # one per process (the probe's thread shares its process's)

    site.replica.start()
    site.caught_up()
    deadline = time.monotonic() + 10  # marked down for five seconds after the last failure
    number = 0
    while True:
        number += 1
        answer = site.get(f"{site.urls['de search'].split('?')[0]}?q=back{number}")
        if site.read_from(answer) == "replica":
            break
        assert time.monotonic() < deadline, "readers are not back on the replica"
        time.sleep(0.2)
    status, readiness = ready(site)
    assert (status, readiness["status"]) == (200, "ready"), readiness
    back = [line for line in site.log_lines() if line.get("message", "").startswith("The read replica is back")]
    assert back


def ready(site) -> tuple[int, dict]:
    answer = site.get("/readyz")
    return answer.status, json.loads(answer.body)
