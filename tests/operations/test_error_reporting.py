"""Error reports (newsroom/operations/errors.py) from a gunicorn and a background worker with
SENTRY_DSN at an envelope receiver of the test's own: one event per error with the release, the
environment and the request's id, a staff member's id and nobody else's, no password, address, user
agent or cookie; nothing of sentry_sdk without a DSN, and none of the libraries sentry-sdk would
otherwise probe with one; and pages answered as usual while the receiver is away."""

import contextlib
import http.client
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.operations.wsgi import call
from tests.servers import (
    POSTGRESQL_BIN,
    envelope_items,
    envelope_receiver,
    gunicorn_server,
    migrated_database,
    postgresql_cluster,
    require_program,
)

ROOT = Path(__file__).resolve().parents[2]
RELEASE = "release-for-the-test"
PASSWORD = "correct-horse-battery-7781"
WRONG_PASSWORD = "wrong-horse-battery-5512"
USER_AGENT = "Firefox/150.0-error-report-test"
READERS_EMAIL = "reader-4471@example.org"
SETTINGS = "tests.operations.served_settings"


def environment(**variables: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "REDIS_URL", "SENTRY_DSN"}}
    return inherited | {"SECRET_KEY": "errors-" + "x" * 40, "DJANGO_SETTINGS_MODULE": SETTINGS} | variables


def manage(*arguments: str, **variables: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT, env=environment(**variables), capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def site():
    require_program(POSTGRESQL_BIN / "initdb", "postgresql")
    with postgresql_cluster() as cluster, envelope_receiver() as receiver:
        url = migrated_database(cluster)
        create = (
            "from django.contrib.auth import get_user_model; "
            f"print(get_user_model().objects.create_superuser('night-editor', 'e@example.com', {PASSWORD!r}).pk)"
        )
        editor_id = manage("shell", "-c", create, DATABASE_URL=url).split()[-1]
        variables = {
            "DATABASE_URL": url,
            "SENTRY_DSN": receiver.dsn,
            "SENTRY_ENVIRONMENT": "staging",
            "NEWSROOM_VERSION": RELEASE,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
        }
        with gunicorn_server(variables) as server:
            server.receiver = receiver
            server.variables = variables
            server.editor_id = editor_id
            yield server


class Browser:
    """Requests with the cookies the site set, kept by hand (the session cookie is `Secure`)."""

    def __init__(self, server):
        self.server = server
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict | None = None, **headers: str):
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        headers = {"Host": "127.0.0.1", "User-Agent": USER_AGENT, **headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def log_in(self, password: str, **headers: str) -> int:
        _status, _headers, page = self.request("GET", "/admin/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        fields = {"csrfmiddlewaretoken": token, "username": "night-editor", "password": password, "next": "/admin/"}
        return self.request("POST", "/admin/login/", fields, **headers)[0]


def waited_for(receiver, matches, seconds: float = 30) -> list[dict]:
    deadline = time.monotonic() + seconds
    while not (found := [e for e in receiver.events if matches(e)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def events_after_the_next(server, matches) -> list[dict]:
    """The events `matches` takes, once all of them have come: a request made after (a server error,
    under an id of its own; never cached, unlike /logs-an-error/) is reported by the same worker (the
    site has one) through the SDK's one sending thread, in order, each envelope answered before the next
    goes — so when its event is in, every event made before it is too. No time waited is taken for
    proof that no second event comes."""
    assert waited_for(server.receiver, matches)
    _status, headers, _page = Browser(server).request("GET", "/broken/")
    marker = headers["X-Request-ID"]
    assert waited_for(server.receiver, lambda e: e.get("tags", {}).get("request_id") == marker)
    return [e for e in server.receiver.events if matches(e)]


def events_of(server, request_id: str) -> list[dict]:
    return events_after_the_next(server, lambda e: e.get("tags", {}).get("request_id") == request_id)


def events_saying(server, words: str) -> list[dict]:
    """The events of an exception saying `words` (not of another one whose source lines, sent with it,
    hold them)."""
    return events_after_the_next(
        server, lambda e: words in [v.get("value") for v in e.get("exception", {}).get("values", [])]
    )


def test_a_readers_server_error_is_one_event_with_release_environment_and_request_id_and_no_user(site):
    status, headers, page = Browser(site).request("GET", "/broken/", **{"X-Forwarded-For": "203.0.113.9"})
    request_id = headers["X-Request-ID"]

    assert status == 500
    assert f"Reference: {request_id}".encode() in page
    [event] = events_of(site, request_id)
    assert event["release"] == RELEASE
    assert event["environment"] == "staging"
    assert event["exception"]["values"][-1]["value"] == "a bug in a view"
    assert "user" not in event
    body = b"".join(site.receiver.bodies)
    assert USER_AGENT.encode() not in body
    assert b"203.0.113.9" not in body and b"REMOTE_ADDR" not in body


def test_an_editors_server_error_carries_the_editors_id_only(site):
    browser = Browser(site)
    assert browser.log_in(PASSWORD) == 302
    status, headers, _page = browser.request("GET", "/broken/")

    assert status == 500
    [event] = events_of(site, headers["X-Request-ID"])
    assert event["user"] == {"id": site.editor_id}
    body = b"".join(site.receiver.bodies)
    assert browser.cookies["sessionid"].encode() not in body
    assert b"night-editor" not in body and b"e@example.com" not in body


def test_a_report_after_a_failed_login_has_no_password(site):
    browser = Browser(site)
    status = browser.log_in(WRONG_PASSWORD, **{"X-Fail": "1"})

    assert status == 500
    [event] = events_saying(site, "a bug after a login")
    assert "user" not in event
    assert WRONG_PASSWORD.encode() not in b"".join(site.receiver.bodies)


def test_an_error_logged_is_one_event(site):
    status, headers, _page = Browser(site).request("GET", "/logs-an-error/")

    assert status == 200
    [event] = events_of(site, headers["X-Request-ID"])
    assert event["level"] == "error"
    assert event["logentry"]["message"] == "Something the operator must see"
    assert event["logger"] == "newsroom.tests"


def test_the_background_worker_reports_a_failed_task(site):
    url = site.variables["DATABASE_URL"]
    manage("shell", "-c", "from tests.operations.served_tasks import fail; fail.enqueue()", DATABASE_URL=url)
    manage("run_worker", "--batch", **site.variables)

    # run_worker has exited: what it sent has come (the SDK waits for each answer, flushed at exit).
    events = waited_for(site.receiver, lambda e: "a bug in a task" in json.dumps(e))
    assert len(events) == 1
    assert events[0]["release"] == RELEASE
    assert "request_id" not in events[0].get("tags", {})


def loaded_after_a_page(**variables: str) -> set[str]:
    """The packages a process that loaded the site and served the home page has imported."""
    script = (
        "import json, sys; from django.test import RequestFactory; from newsroom.wsgi import application; "
        "answer = {}; "
        "body = application(RequestFactory().get('/en/').environ, lambda s, h, e=None: answer.setdefault('s', s)); "
        "b''.join(body); body.close(); "
        "print(json.dumps([answer['s'], sorted({name.split('.')[0] for name in sys.modules})]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment(**variables), capture_output=True, text=True,
        timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    status, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert status.startswith("200"), status
    return set(loaded)


def test_sentry_sdk_is_imported_with_a_dsn_only_and_probes_no_other_library(site):
    without = loaded_after_a_page(DATABASE_URL=site.variables["DATABASE_URL"], ALLOWED_HOSTS="testserver")
    with_dsn = loaded_after_a_page(**site.variables, ALLOWED_HOSTS="testserver")

    assert "sentry_sdk" not in without
    # The SDK, its HTTP client and what it checks for its own use; none of the libraries its
    # default integrations would have imported to look for them (botocore, flask, pydantic…).
    assert with_dsn - without == {"sentry_sdk", "urllib3", "certifi", "greenlet"}
    assert not {"boto3", "botocore", "flask", "werkzeug", "starlette"} & with_dsn


def test_the_500_page_names_the_request_in_the_readers_language(db, monkeypatch):
    def broken(self, path):
        raise RuntimeError("a bug")

    monkeypatch.setattr("django.urls.resolvers.URLResolver.resolve", broken)
    for path, words in (("/en/", b"Reference: "), ("/de/", b"Referenz: ")):
        answer = call(path)
        assert answer["status"] == 500
        assert words + answer["headers"]["X-Request-ID"].encode() in answer["body"]


@contextlib.contextmanager
def site_of_its_own(site, **variables: str):
    """A gunicorn of the test's own with a receiver of its own, on the module's database: what the test
    does to them (a receiver stopped, traces on) touches no other test."""
    with (
        envelope_receiver() as receiver,
        gunicorn_server(site.variables | {"SENTRY_DSN": receiver.dsn, **variables}) as server,
    ):
        server.receiver = receiver
        yield server


def test_pages_are_answered_as_usual_while_the_receiver_is_away(site):
    with site_of_its_own(site) as own:
        own.receiver.stop()
        browser = Browser(own)
        began = time.monotonic()
        paths = ("/broken/", "/en/", "/logs-an-error/", "/broken/", "/en/")
        answers = [browser.request("GET", path)[0] for path in paths]
        took = time.monotonic() - began

    assert answers == [500, 200, 200, 500, 200]
    assert took < 10, took


def sign_up(browser, email: str, **headers: str) -> int:
    _status, _headers, page = browser.request("GET", "/en/newsletter/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    return browser.request("POST", "/en/newsletter/", {"csrfmiddlewaretoken": token, "email": email}, **headers)[0]


def test_a_report_after_a_readers_form_has_none_of_its_fields(site):
    assert sign_up(Browser(site), READERS_EMAIL, **{"X-Fail": "1"}) == 500

    [event] = events_saying(site, "a bug after a form")
    assert "data" not in event["request"]
    assert READERS_EMAIL.encode() not in b"".join(site.receiver.bodies)


def test_traces_carry_no_user_agent_cookie_query_or_form(site):
    with site_of_its_own(site, SENTRY_TRACES_SAMPLE_RATE="1.0") as own:
        browser = Browser(own)
        browser.cookies["tracker"] = "cookie-value-5521"
        assert browser.request("GET", "/en/search/?q=words-of-a-reader")[0] == 200
        assert sign_up(browser, READERS_EMAIL) == 302

        def transactions() -> list[dict]:
            bodies = list(own.receiver.bodies)
            return [item for body in bodies for kind, item in envelope_items(body) if kind == "transaction"]

        deadline = time.monotonic() + 30
        while len(transactions()) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        sent = b"".join(own.receiver.bodies)

    urls = [transaction["request"]["url"] for transaction in transactions()]
    assert sorted(urls) == sorted(f"http://127.0.0.1/en/{path}" for path in ("search/", "newsletter/", "newsletter/"))
    assert {name for t in transactions() for name in t["request"].get("headers", {})} <= {
        "Host",
        "Content-Type",
        "Content-Length",
    }
    for words in (USER_AGENT, "cookie-value-5521", "words-of-a-reader", READERS_EMAIL, browser.cookies["csrftoken"]):
        assert words.encode() not in sent, words


def test_a_malformed_dsn_costs_the_reports_only_and_says_so(site):
    # The process serves the home page (asserted in loaded_after_a_page) and reports nothing.
    loaded_after_a_page(
        DATABASE_URL=site.variables["DATABASE_URL"], ALLOWED_HOSTS="testserver", SENTRY_DSN="https://no-key-here/1"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True, timeout=180,
        env=environment(SENTRY_DSN="sentry.example.com/1", DJANGO_SETTINGS_MODULE="newsroom.settings"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "operations.W002" in done.stderr and "SENTRY_DSN is not a valid DSN" in done.stderr
    assert "Errors are not reported: SENTRY_DSN is not usable" in done.stderr


def test_a_dsn_without_the_sdk_starts_the_site_with_a_warning():
    # sentry_sdk made unimportable, as on an install without it (None in sys.modules blocks an import).
    script = (
        "import sys; sys.modules['sentry_sdk'] = None; import django; django.setup(); "
        "from django.core.management import call_command; call_command('check')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=180,
        env=environment(SENTRY_DSN="http://public@127.0.0.1:9/1", DJANGO_SETTINGS_MODULE="newsroom.settings"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "operations.W001" in done.stderr and "SENTRY_DSN is set, but sentry_sdk cannot be imported" in done.stderr


def test_no_warning_with_the_sdk_or_without_a_dsn(settings):
    from django.core import checks

    for dsn in ("", "http://public@127.0.0.1:9/1"):
        settings.SENTRY_DSN = dsn
        found = [message.id for message in checks.run_checks()]
        assert "operations.W001" not in found and "operations.W002" not in found
