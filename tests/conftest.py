import copy
import os
import shutil
from pathlib import Path

import pytest
from django.utils import translation

from tests.servers import REDIS_RETRY_AFTER, redis_server, s3_server

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the test
# itself are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def empty_tables_with_delete():
    """Tables emptied after a transactional test (`transaction=True`, live_server) with DELETE, not
    TRUNCATE: PostgreSQL's TRUNCATE of the 55 tables took 1.6-2 s a test (it makes new files for
    every table and index), DELETE of the few rows a test leaves 10 ms. In one transaction, the
    foreign keys checked at its commit (Django makes them deferrable), as before; a flush that resets
    the sequences (`reset_sequences=True`) still truncates."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        deletes = [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in tables]
        return [f"{style.SQL_KEYWORD('SET CONSTRAINTS ALL DEFERRED')};", *deletes]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate


@pytest.fixture(scope="session", autouse=True)
def roles_after_a_flush():
    """A flush leaves the database as `migrate` does: Django makes the permissions and content types
    again (post_migrate), and here the roles that a data migration made (newsroom/roles.py). Without
    them, whether a test found the roles depended on which test ran before it (with two test
    processes, test_history.py's test of the roles failed after a transactional test)."""
    from django.apps import apps
    from django.core.management.commands import flush

    from newsroom.roles import create_roles

    emit = flush.emit_post_migrate_signal

    def emit_and_make_roles(*args, **kwargs):
        emit(*args, **kwargs)
        create_roles(apps)

    flush.emit_post_migrate_signal = emit_and_make_roles
    yield
    flush.emit_post_migrate_signal = emit


@pytest.fixture(autouse=True)
def media_apart(settings, tmp_path_factory):
    """Files a test stores (an image of the library, made by its factory) go to a folder of the test
    session, never to the project's media/. A test that looks at its files sets its own."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture
def media_root(settings, tmp_path):
    """A folder of the test's own as MEDIA_ROOT, for a test that looks at the files it stored."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request through the test client leaves the one it
    chose active in the test's thread (LocaleMiddleware activates it, nothing deactivates it), which
    made a test's labels German when the test before it asked for a German page."""
    translation.deactivate()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        message = f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def context_options():
    """Extra Playwright context options; a test module overrides this fixture to change them."""
    return {}


@pytest.fixture
def page(browser, context_options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", **context_options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture(autouse=True)
def test_settings(settings):
    # Production settings redirect to HTTPS and want collected static files; tests need neither.
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Inside a test's transaction nothing is ever invalidated (that waits for the commit): the page
    # cache is tested on its own, with committed changes (tests/pagecache/).
    settings.PAGE_CACHE_ENABLED = False
    from django.core.cache import cache

    from newsroom.editorial.pending import NEVER, NEXT_DUE_CACHE_KEY

    cache.clear()
    # A new test database holds no scheduled changes: no request needs to look for them.
    cache.set(NEXT_DUE_CACHE_KEY, NEVER)


@pytest.fixture
def new_worker(monkeypatch):
    """A process that has not yet warned about an unreadable X-Forwarded-For (newsroom/clients.py
    warns once per process)."""
    from newsroom import clients

    monkeypatch.setattr(clients, "_unreadable_header_logged", False)


@pytest.fixture
def redis(settings):
    """A Redis server of the test's own as the site's shared cache (never the machine's), tried
    again REDIS_RETRY_AFTER seconds after a failure rather than production's five."""
    with redis_server() as server:
        settings.CACHES = {
            "default": {
                "BACKEND": "newsroom.shared_cache.FailOpenRedisCache",
                "LOCATION": server.url,
                "KEY_PREFIX": "newsroom",
                "RETRY_AFTER": REDIS_RETRY_AFTER,
            }
        }
        yield server


@pytest.fixture
def s3(settings):
    """A bucket of the test's own (moto's S3, with the README's policy) holding the site's media, as
    S3_BUCKET and MEDIA_URL set it up: uploads and renditions in it, pages linking it, the policy
    allowing it."""
    with s3_server() as server:
        settings.STORAGES = server.storages(settings.STORAGES)
        settings.MEDIA_URL = server.media_url
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["img-src"].append(server.endpoint_url)
        settings.CONTENT_SECURITY_POLICY = policy
        yield server
