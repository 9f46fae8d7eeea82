"""`/healthz` and `/readyz`, for systemd, balancers and Varnish's probe (README, "Operating").

`Health` is a WSGI layer inside the request log and before the page cache (`newsroom/wsgi.py`): the
probes never meet the page cache, sessions, locale or ALLOWED_HOSTS (balancers probe by address),
are never cached (`no-store`), never logged as requests and never counted as reads.

- `/healthz` answers 200 while the process runs; it touches nothing.
- `/readyz` answers 503 when this server should get no requests: the database does not answer, a
  migration of this release is not applied (new code on an old schema), or the drain file exists
  (an upgrade is taking this server out). It answers 200 "degraded" when the site serves without
  something: the shared cache, the media storage, the read replica. The checks' details (they can
  name hosts) go to a loopback client or one sending the metrics token only.

A frozen PostgreSQL would hang a query for minutes, so the database checks run in one thread of
their own per process, with its own connection (2 s to connect, no retry); the probe waits 2 s for
it, and while a check is still hanging answers "not answering" without starting another.
"""

import hmac
import json
import os
import queue
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

from newsroom import replicas
from newsroom.version import VERSION

from . import metrics

DATABASE_SECONDS = 2
STORAGE_SECONDS = 2
LOOPBACK = {"127.0.0.1", "::1"}
# What a failing check means: these take the server out of the balancer; the others leave it serving.
REQUIRED = ("database", "migrations", "drain")
REPLICA = "replica"


class Health:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO")
        if path == "/healthz":
            metrics.probe("healthz", 200)
            return respond(environ, start_response, 200, {"status": "alive", "version": VERSION, "pid": os.getpid()})
        if path == "/readyz":
            checks = readiness_checks()
            status, word = verdict(checks)
            body = {"status": word}
            if may_see_details(environ):
                body |= {"version": VERSION, "checks": checks}
            metrics.probe("readyz", status)
            return respond(environ, start_response, status, body)
        if path == "/metrics":
            # 404, not 401, without metrics or the token: nothing here to discover.
            if not metrics.ENABLED or not sends_the_token(environ):
                return respond(environ, start_response, 404, {"status": "not found"})
            metrics.probe("metrics", 200)
            content_type, content = metrics.scrape()
            start_response(
                "200 OK",
                [("Content-Type", content_type), ("Cache-Control", "no-store"), ("Content-Length", str(len(content)))],
            )
            return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else content]
        return self.application(environ, start_response)


def respond(environ, start_response, status: int, body: dict):
    content = json.dumps(body).encode()
    phrase = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}[status]
    start_response(
        f"{status} {phrase}",
        [
            ("Content-Type", "application/json"),
            ("Cache-Control", "no-store"),
            ("Content-Length", str(len(content))),
        ],
    )
    return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else content]


def may_see_details(environ) -> bool:
    if environ.get("REMOTE_ADDR") in LOOPBACK and not environ.get("HTTP_X_FORWARDED_FOR"):
        return True
    return sends_the_token(environ)


def sends_the_token(environ) -> bool:
    """`Authorization: Bearer METRICS_TOKEN`, compared in constant time; never true without a token."""
    token = settings.METRICS_TOKEN
    sent = environ.get("HTTP_AUTHORIZATION", "")
    return bool(token) and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


def verdict(checks: dict) -> tuple[int, str]:
    if any(not checks[name]["ok"] for name in REQUIRED if name in checks):
        return 503, "not ready"
    if any(not check["ok"] for check in checks.values()):
        return 200, "degraded"
    return 200, "ready"


def readiness_checks() -> dict:
    checks = {"drain": check_drain()}
    checks |= PROBE.ask(DATABASE_SECONDS)
    checks["cache"] = timed(check_cache)
    checks["storage"] = timed(check_storage)
    return checks


def timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = {"ok": True, **(check() or {})}
    except Exception as error:  # noqa: BLE001 - every failure is an answer here
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_drain() -> dict:
    drain = settings.READYZ_DRAIN_FILE
    if drain and Path(drain).exists():
        return {"ok": False, "error": f"draining: {drain} exists"}
    return {"ok": True}


def check_cache():
    cache = caches["default"]
    if not hasattr(cache, "ping"):
        return {"kind": "local"}
    cache.ping()  # not fail-open: raises while Redis is away
    return None


def check_storage():
    options = settings.STORAGES["default"].get("OPTIONS", {})
    if bucket := options.get("bucket_name"):
        endpoint = options.get("endpoint_url") or (
            f"https://s3.{options['region_name']}.amazonaws.com"
            if options.get("region_name")
            else "https://s3.amazonaws.com"
        )
        # Unsigned: reachable is any answer but a server error (never boto3 in a page-serving process).
        request = urllib.request.Request(f"{endpoint.rstrip('/')}/{bucket}", method="HEAD")
        try:
            with urllib.request.urlopen(request, timeout=STORAGE_SECONDS):  # noqa: S310 - our own setting
                pass
        except urllib.error.HTTPError as error:
            if error.code >= 500:
                raise
        return {"kind": "bucket"}
    folder = Path(settings.MEDIA_ROOT)
    # Not made yet (the first upload makes it): its nearest existing parent must take it.
    existing = next(parent for parent in (folder, *folder.parents) if parent.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise OSError(f"{folder} is not a folder this process can write to")
    return {"kind": "folder"}


# The database's checks, in their own thread.


def migration_files() -> set[tuple[str, str]]:
    """(app label, name) of every migration file of the installed apps, found by name (nothing imported)."""
    found = set()
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        if folder.is_dir():
            found |= {(config.label, path.stem) for path in folder.glob("*.py") if path.stem != "__init__"}
    return found


class DatabaseProbe:
    """One daemon thread per process running the database's checks, each asked with a deadline."""

    def __init__(self):
        self._lock = threading.Lock()
        self._requests: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._running: tuple[Future, float] | None = None
        self._migrated = False
        self._files: set[tuple[str, str]] | None = None

    def ask(self, seconds: float) -> dict:
        with self._lock:
            if self._running is not None and not self._running[0].done():
                waited = time.monotonic() - self._running[1]
                return hanging(f"not answering for {waited:.1f} s")
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="newsroom-readyz", daemon=True)
                self._thread.start()
            future: Future = Future()
            self._running = (future, time.monotonic())
            self._requests.put(future)
        try:
            return future.result(seconds)
        except FutureTimeout:
            return hanging(f"no answer within {seconds} s")

    def stop(self):
        """Closes the thread's connections (a test database is dropped at the end of the tests)."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None and thread.is_alive():
            self._requests.put(None)
            thread.join(5)

    def _serve(self):
        while True:
            future = self._requests.get()
            if future is None:
                connections.close_all()
                return
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(self._checks())
                except BaseException as error:  # noqa: BLE001 - handed to the waiting probe
                    future.set_exception(error)

    def _checks(self) -> dict:
        checks = {"database": self._timed(DEFAULT_DB_ALIAS, "SELECT 1")}
        if not checks["database"]["ok"]:
            checks["migrations"] = {"ok": False, "error": "the database does not answer"}
        elif self._migrated:
            checks["migrations"] = {"ok": True}
        else:
            checks["migrations"] = self._migrations()
        if REPLICA in settings.DATABASES:
            checks[REPLICA] = self._replica()
        return checks

    def _replica(self) -> dict:
        """Degraded, never unready: without the replica every read goes to the primary."""
        connection = connections[REPLICA]
        prepare(connection)
        started = time.perf_counter()
        try:
            result = replicas.readiness()
        except Exception as error:  # noqa: BLE001
            close_quietly(connection)
            replicas.STATE.went_away(error)
            return {"ok": False, "error": f"{type(error).__name__}: {error}"[:300], "ms": elapsed(started)}
        return {**result, "ms": elapsed(started)}

    def _timed(self, alias: str, sql: str) -> dict:
        connection = connections[alias]
        prepare(connection)
        started = time.perf_counter()
        # A connection the server cut (a restart) fails at its first use after: asked once more on a new
        # connection, the probe says whether the server answers now, as a page's retry does. Without it
        # each worker was unready for one probe after a restart, and two such probes in a row took a
        # server out of Varnish's director (bench/soak.py's PostgreSQL fault).
        for attempt in (1, 2):
            was_open = connection.connection is not None
            try:
                with connection.cursor() as cursor:
                    cursor.execute(sql)
                    cursor.fetchone()
            except Exception as error:  # noqa: BLE001
                close_quietly(connection)
                if attempt == 1 and was_open:
                    continue
                return {"ok": False, "error": f"{type(error).__name__}: {error}"[:300], "ms": elapsed(started)}
            return {"ok": True, "ms": elapsed(started)}

    def _migrations(self) -> dict:
        started = time.perf_counter()
        if self._files is None:
            self._files = migration_files()
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            if MigrationRecorder.Migration._meta.db_table in connection.introspection.table_names():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT app, name FROM django_migrations")
                    applied = set(cursor.fetchall())
            else:
                applied = set()  # a database never migrated
        except Exception as error:  # noqa: BLE001
            close_quietly(connection)
            return {"ok": False, "error": f"{type(error).__name__}: {error}"[:300], "ms": elapsed(started)}
        missing = sorted(self._files - applied)
        if missing:
            names = ", ".join(f"{app}.{name}" for app, name in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            return {"ok": False, "error": f"not applied: {names}{more}", "ms": elapsed(started)}
        self._migrated = True  # not asked again by this process
        return {"ok": True, "ms": elapsed(started)}


def prepare(connection) -> None:
    """This thread's connection: 2 s to connect, not the requests' wait for a restarting server."""
    if getattr(connection, "_newsroom_probe", False):
        return
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        options = {**settings_dict.get("OPTIONS", {}), "connect_timeout": DATABASE_SECONDS}
        connection.settings_dict = {**settings_dict, "OPTIONS": options, "CONNECT_RETRY_SECONDS": 0}
    connection._newsroom_probe = True


def close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001, S110 - already broken
        pass


def elapsed(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def hanging(error: str) -> dict:
    checks = {
        "database": {"ok": False, "error": error},
        "migrations": {"ok": False, "error": "the database does not answer"},
    }
    if REPLICA in settings.DATABASES:
        checks[REPLICA] = {"ok": False, "error": "not checked: the database does not answer"}
    return checks


PROBE = DatabaseProbe()
