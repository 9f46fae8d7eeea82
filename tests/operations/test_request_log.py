"""One line per request (newsroom/operations/requests.py): JSON with the request's id, its timing,
its statements and, for staff, the user's id; the id in `X-Request-ID`, and on every `logging` line
written while the request was served."""

import io
import json
import logging
import time

import pytest
from django.db import connection
from django.db.backends.signals import connection_created
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsroom.operations.logs import JsonFormatter, RequestContextFilter
from tests.factories import ArticleFactory, EditorFactory
from tests.operations.wsgi import call
from tests.pages import logged_in

YESTERDAY = timezone.timedelta(days=1)


def request_lines(capfd) -> list[dict]:
    lines = [json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")]
    return [line for line in lines if line["logger"] == "newsroom.requests"]


@pytest.fixture
def article(db):
    return ArticleFactory(
        headline_en="Querétaro's aerospace cluster adds a runway", published_at=timezone.now() - YESTERDAY
    )


def test_each_request_has_one_json_line_with_its_id_timing_and_statements(article, capfd):
    url = article.url_in("en")
    capfd.readouterr()
    with CaptureQueriesContext(connection) as queries:
        answer = call(url)

    [line] = request_lines(capfd)
    assert answer["status"] == 200
    assert line["request_id"] == answer["headers"]["X-Request-ID"]
    assert len(line["request_id"]) == 16
    assert (line["method"], line["path"], line["status"]) == ("GET", url, 200)
    assert line["message"] == f"GET {url} 200"
    assert line["level"] == "INFO"
    assert line["queries"] == len(queries.captured_queries) > 0
    assert line["db"] == "primary"
    assert line["bytes"] == len(answer["body"])
    assert line["ms"] > 0 and line["cpu_ms"] > 0
    assert line["pid"] and line["version"] and line["time"].startswith(str(timezone.now().year))
    assert "user_id" not in line


def test_a_reconnected_database_counts_each_statement_once(article, capfd):
    url = article.url_in("en")
    # As after a database restart: Django connects the same connection object again, and says so.
    for _ in range(3):
        connection_created.send(sender=type(connection), connection=connection)
    capfd.readouterr()
    with CaptureQueriesContext(connection) as queries:
        call(url)

    [line] = request_lines(capfd)
    assert line["queries"] == len(queries.captured_queries) > 0


def test_no_client_address_user_agent_cookie_or_readers_search_words_are_logged(db, capfd):
    capfd.readouterr()
    call(
        "/en/search/?q=my+neighbour+Ana",
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Firefox/150",
        HTTP_COOKIE="consent=accepted",
    )
    call("/admin/login/?next=/admin/articles/")

    reader, admin = request_lines(capfd)
    assert reader["path"] == "/en/search/"
    text = json.dumps(reader)
    assert "Ana" not in text and "203.0.113" not in text and "Firefox" not in text and "consent" not in text
    assert admin["path"] == "/admin/login/?next=/admin/articles/"


def test_an_editors_requests_carry_their_id_and_a_readers_cost_no_session_lookup(article, capfd):
    editor = EditorFactory(username="ines")
    session = logged_in(editor).cookies["sessionid"].value
    capfd.readouterr()

    call("/admin/", HTTP_COOKIE=f"sessionid={session}")
    with CaptureQueriesContext(connection) as queries:
        call(article.url_in("en"))

    staff, reader = request_lines(capfd)
    assert staff["user_id"] == editor.pk
    assert "ines" not in json.dumps(staff)
    assert "user_id" not in reader
    assert not [query for query in queries.captured_queries if "django_session" in query["sql"]]


def test_the_proxys_request_id_is_kept_behind_the_proxy_and_replaced_otherwise(db, settings, capfd):
    nginx_id = "3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7"

    assert call("/en/", HTTP_X_REQUEST_ID=nginx_id)["headers"]["X-Request-ID"] != nginx_id
    settings.BEHIND_PROXY = True
    assert call("/en/", HTTP_X_REQUEST_ID=nginx_id)["headers"]["X-Request-ID"] == nginx_id
    for malformed in ("short", "x" * 65, "a b c d e f g h", 'abc"defgh\n{"status": 200}'):
        assert call("/en/", HTTP_X_REQUEST_ID=malformed)["headers"]["X-Request-ID"] != malformed

    ids = [line["request_id"] for line in request_lines(capfd)]
    assert ids[1] == nginx_id and nginx_id not in ids[:1] + ids[2:]


def test_a_line_logged_during_a_request_carries_its_id(article, capfd):
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("newsroom.test_request_log")
    logger.addHandler(handler)

    def warn_at_the_first_statement(execute, sql, params, many, context):
        if not written.getvalue():
            logger.warning("The cache at redis://cache.internal:6379/0 is unavailable")
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(warn_at_the_first_statement):
            answer = call(article.url_in("en"))
        logger.warning("outside any request")
    finally:
        logger.removeHandler(handler)

    inside, outside = (json.loads(line) for line in written.getvalue().splitlines())
    assert inside["request_id"] == answer["headers"]["X-Request-ID"]
    assert (inside["level"], inside["logger"]) == ("WARNING", "newsroom.test_request_log")
    assert inside["message"] == "The cache at redis://cache.internal:6379/0 is unavailable"
    assert inside["time"].startswith(str(timezone.now().year))
    assert "request_id" not in outside


@pytest.mark.django_db(transaction=True)
def test_a_page_cache_hit_has_its_id_and_line_and_uncached_leaves_hits_out(settings, capfd):
    settings.PAGE_CACHE_ENABLED = True
    article = ArticleFactory(published_at=timezone.now() - YESTERDAY)
    url = article.url_in("en")
    for _attempt in range(4):  # the first time a key is seen, its page is not kept (tests/pagecache)
        if call(url)["headers"]["X-Cache"] == "hit":
            break
        time.sleep(0.002)
    capfd.readouterr()

    hit = call(url)
    [line] = request_lines(capfd)
    assert hit["headers"]["X-Cache"] == "hit"
    assert line["request_id"] == hit["headers"]["X-Request-ID"]
    assert (line["cache"], line["queries"], line["db"]) == ("hit", 0, None)

    settings.LOG_REQUESTS = "uncached"
    assert "X-Request-ID" in call(url)["headers"]
    call("/admin/login/")
    assert [line["path"] for line in request_lines(capfd)] == ["/admin/login/"]

    settings.LOG_REQUESTS = "none"
    call("/admin/login/")
    assert request_lines(capfd) == []


def test_the_line_is_written_without_logging(article, capfd, monkeypatch):
    """Through `logging` and its JSON formatter a line cost a cached page ~80 µs of CPU, written
    directly ~25 µs (README, *Health and logs*)."""
    make_record = logging.Logger.makeRecord

    def refuse_the_request_log(self, name, *args, **kwargs):
        assert not name.startswith("newsroom.requests"), "the request line went through logging"
        return make_record(self, name, *args, **kwargs)

    monkeypatch.setattr(logging.Logger, "makeRecord", refuse_the_request_log)
    capfd.readouterr()
    call(article.url_in("en"))

    assert len(request_lines(capfd)) == 1


def test_a_server_error_is_a_warning_line(db, capfd, monkeypatch):
    def broken(self, path):
        raise RuntimeError("a bug")

    monkeypatch.setattr("django.urls.resolvers.URLResolver.resolve", broken)
    capfd.readouterr()

    answer = call("/en/")

    [line] = request_lines(capfd)
    assert answer["status"] == 500
    assert (line["status"], line["level"]) == (500, "WARNING")
    assert line["request_id"] == answer["headers"]["X-Request-ID"]


def test_text_lines_for_development(db, settings, capfd):
    settings.LOG_FORMAT = "text"
    capfd.readouterr()

    answer = call("/admin/login/")

    [line] = [line for line in capfd.readouterr().err.splitlines() if line.startswith("GET /admin/login/")]
    method, path, status, ms, queries, cache, request_id = line.split(" ")
    assert (status, cache, request_id) == ("200", "-", f"[{answer['headers']['X-Request-ID']}]")
    assert ms.endswith("ms") and queries.endswith("q")


def test_the_probes_have_no_line(capfd):
    capfd.readouterr()
    call("/healthz")

    assert request_lines(capfd) == []
