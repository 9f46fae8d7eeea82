"""One line for every request, and an id to follow it by (README, "Operating").

`RequestLog` is the outermost WSGI layer (`newsroom/wsgi.py`): it sees page-cache hits, which never
reach Django, as well as everything else. Per request it keeps a `Record` in a context variable: the
request's id (the proxy's `X-Request-ID` when BEHIND_PROXY and well-formed, else a new one), its
start, the statements its database connections ran (counted by a wrapper every connection gets when
it opens, `count_queries`) and, for staff, the user's id (`StaffMiddleware`). The response carries
`X-Request-ID`; when its body is sent, one line is written to stderr.

The line is not a `logging` record: `json.dumps` and one `os.write` cost a page-cache hit ~25 µs of
CPU, the same line through `logging` and its JSON formatter ~80 µs (README, *Health and logs*). It
has the formatter's shape (`time`, `level`, `logger`, `message`), so one `jq` reads both. No client
address, user agent or cookie is logged, and a query string only for the admin and the API (a
reader's search words are the reader's).
"""

import contextvars
import json
import os
import re
import secrets
import time
from datetime import UTC, datetime

from django.conf import settings

from newsroom.version import VERSION

from . import metrics

LOGGER = "newsroom.requests"
# nginx's $request_id is 32 hexadecimal digits; anything else from outside is replaced.
INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Answered for balancers and Prometheus: no line, and not counted as requests (metrics.probe counts them).
PROBE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
QUERY_STRING_LOGGED = ("/admin/", "/api/")
STDERR = 2


class Record:
    __slots__ = ("id", "started", "cpu", "queries", "aliases", "user_id", "status", "cache", "bytes")

    def __init__(self, request_id: str):
        self.id = request_id
        self.started = time.perf_counter()
        self.cpu = time.thread_time()
        self.queries = 0
        self.aliases: set[str] = set()
        self.user_id = None
        self.status = None
        self.cache = None
        self.bytes = 0


_current: contextvars.ContextVar[Record | None] = contextvars.ContextVar("newsroom_request", default=None)


def current() -> Record | None:
    """The request being served in this thread, if any."""
    return _current.get()


def count_queries(sender, connection, **kwargs):
    """Receives `connection_created`: the connection counts its statements into the current request
    (one wrapper, ~1 µs a statement). Once per connection object: Django keeps the object and its
    `execute_wrappers` across reconnections (after a database restart, a closed connection), and a
    second wrapper would count every statement twice, and grow with every reconnection."""
    if not any(getattr(wrapper, "counts_statements", False) for wrapper in connection.execute_wrappers):
        # First, not last: a connection is usually made inside a request, while middleware's
        # `execute_wrapper()` blocks are open, and each of those takes off the *last* wrapper when it
        # ends (Django pops): appended, this one would be taken off at the end of the first request.
        connection.execute_wrappers.insert(0, _counting_wrapper(connection.alias))


def _counting_wrapper(alias: str):
    def counting(execute, sql, params, many, context):
        record = _current.get()
        if record is not None:
            record.queries += 1
            record.aliases.add(alias)
        return execute(sql, params, many, context)

    counting.counts_statements = True
    return counting


def request_id(environ) -> str:
    if settings.BEHIND_PROXY:
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        if INCOMING_ID.fullmatch(incoming):
            return incoming
    return secrets.token_hex(8)


class RequestLog:
    """The outermost WSGI layer: the request's id and record, the `X-Request-ID` header, the line."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") in PROBE_PATHS:
            return self.application(environ, start_response)
        record = Record(request_id(environ))
        token = _current.set(record)
        header = ("X-Request-ID", record.id)

        def noting_start_response(status, headers, exc_info=None):
            record.status = int(status[:3])
            # The page cache names a hit last: from the end, a hit is found at once.
            for name, value in reversed(headers):
                if name.lower() == "x-cache":
                    record.cache = value
                    break
            if exc_info is None:
                return start_response(status, [*headers, header])
            return start_response(status, [*headers, header], exc_info)

        try:
            result = self.application(environ, noting_start_response)
        except BaseException:
            record.status = record.status or 500
            self.write(environ, record)
            raise
        finally:
            # The body may be sent in another context: the record goes with `Body`.
            _current.reset(token)
        file_wrapper = environ.get("wsgi.file_wrapper")
        if isinstance(file_wrapper, type) and isinstance(result, file_wrapper):
            # A file the server sends by itself (sendfile): left as it is, its line written now.
            record.bytes = None
            self.write(environ, record)
            return result
        return Body(result, record, lambda: self.write(environ, record))

    def write(self, environ, record: Record) -> None:
        if metrics.ENABLED:
            seconds = time.perf_counter() - record.started
            metrics.observe(environ.get("PATH_INFO", ""), record.status or 0, seconds, record.queries, record.cache)
        which = settings.LOG_REQUESTS
        if which == "none" or (which == "uncached" and record.cache == "hit"):
            return
        line = access_line(environ, record)
        os.write(STDERR, line.encode())


class Body:
    """The response's body, counted as it is sent; the line is written when the server closes it."""

    __slots__ = ("result", "record", "done")

    def __init__(self, result, record: Record, done):
        self.result = result
        self.record = record
        self.done = done

    def __iter__(self):
        token = _current.set(self.record)
        try:
            for chunk in self.result:
                self.record.bytes += len(chunk)
                yield chunk
        finally:
            _current.reset(token)

    def close(self):
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            self.done()


def access_line(environ, record: Record) -> str:
    ms = (time.perf_counter() - record.started) * 1000
    cpu_ms = (time.thread_time() - record.cpu) * 1000
    method = environ.get("REQUEST_METHOD", "")
    path = environ.get("PATH_INFO", "")
    query = environ.get("QUERY_STRING", "")
    if query and path.startswith(QUERY_STRING_LOGGED):
        path = f"{path}?{query}"
    status = record.status or 0
    db = ("primary" if "default" in record.aliases else "replica") if record.aliases else None
    cache = record.cache if record.cache in ("hit", "miss") else None
    if settings.LOG_FORMAT == "text":
        parts = [method, path, str(status), f"{ms:.1f}ms", f"{record.queries}q", cache or "-", f"[{record.id}]"]
        return " ".join(parts) + "\n"
    fields = {
        "time": datetime.now(UTC).isoformat(),  # as python-json-logger writes it
        "level": "WARNING" if status >= 500 else "INFO",
        "logger": LOGGER,
        "message": f"{method} {path} {status}",
        "request_id": record.id,
        "method": method,
        "path": path,
        "status": status,
        "ms": round(ms, 2),
        "cpu_ms": round(cpu_ms, 2),
        "queries": record.queries,
        "db": db,
        "cache": cache,
        "bytes": record.bytes,
        "pid": os.getpid(),
        "version": VERSION,
    }
    if record.user_id is not None:
        fields["user_id"] = record.user_id
    return json.dumps(fields, ensure_ascii=False) + "\n"


class StaffMiddleware:
    """After AuthenticationMiddleware: a staff user's id on the request's record (an id, never the
    name). Only with a session cookie, so that readers never cost a session lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        record = _current.get()
        if record is not None and settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = request.user
            if user.is_staff:
                record.user_id = user.pk
        return self.get_response(request)
