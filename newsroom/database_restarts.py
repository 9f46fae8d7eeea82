"""A page that loses its database connection midway (PostgreSQL restarted, a failover) is made once
more on a new connection, rather than answered with an error.

Only requests that cannot have changed anything are tried again: GET and HEAD, and only when every
statement they sent was a read, a SELECT or a WITH that writes nothing (a read counted, a share
link's opening, scheduled changes published on the way: none of these is repeated). That holds for
a reader's page and for an editor's admin list or form alike, also when the view read inside a
transaction (every admin view does: leaving it, Django's rollback fails and drops the connection,
so the loss is noted when the statement fails). Errors in the view and in rendering its template
are caught here; the new connection itself is waited for by our PostgreSQL backend
(newsroom/postgresql). A connection that dies between requests is replaced by Django's health
check (CONN_HEALTH_CHECKS) before the request's first query.
"""

import contextlib
import contextvars
import logging
import re

from django.db import InterfaceError, OperationalError, connections
from django.dispatch import Signal

from newsroom.operations import metrics

logger = logging.getLogger(__name__)

# Sent with `aliases` (those whose connections were lost) before a request is made once more: the
# read replica's router sends the second attempt to the primary (newsroom/replicas.py).
connections_lost = Signal()

SAFE_METHODS = {"GET", "HEAD"}
# Statements that change nothing: reads, and the savepoints of a transaction inside a transaction
# (the admin's own inside django-reversion's), and SQLite's BEGIN IMMEDIATE of a transaction.
READING = ("SELECT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN")
# In a statement that begins with WITH or a parenthesis, the words that make it a write.
WRITING_WORD = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)


def writes(sql: str) -> bool:
    """Whether a statement may change data. A common table expression is a read unless one of its
    parts writes (`WITH moved AS (DELETE … RETURNING …)`): the search's statements begin with WITH."""
    start = sql.lstrip()[:24].upper()
    if start.startswith(READING):
        return False
    if start.startswith(("WITH", "(")):
        return WRITING_WORD.search(sql) is not None
    return True


class StatementWatch:
    """Notes whether a request sent anything but reads (noted before sending: a write cut off
    midway may have been committed), and which connections broke under a statement."""

    def __init__(self):
        self.wrote = False
        self.retried = False
        self.broken: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        if not self.wrote and writes(sql):
            self.wrote = True
        try:
            return execute(sql, params, many, context)
        except (OperationalError, InterfaceError):
            # Noted now: inside a transaction Django drops the connection on the way out.
            if is_broken(context["connection"]):
                self.broken.add(context["connection"].alias)
            raise


_watch: contextvars.ContextVar[StatementWatch | None] = contextvars.ContextVar("statement_watch", default=None)


def is_broken(connection) -> bool:
    """The server or the network ended the connection (psycopg knows: it is closed, not by us)."""
    return connection.connection is not None and bool(getattr(connection.connection, "closed", False))


def will_be_retried(error: Exception) -> bool:
    """Whether `error`, raised by this request, is a lost connection that this middleware will make
    the request again for: a view that turns database errors into its own answer lets it through."""
    watch = _watch.get()
    return (
        isinstance(error, OperationalError | InterfaceError)
        and watch is not None
        and not watch.wrote
        and not watch.retried
        and bool(watch.broken)
    )


def lost_connections(watch: StatementWatch):
    """Those that broke under one of the request's statements, and those open that no longer answer
    (a cursor's rows read after its statement)."""
    return [
        connection
        for connection in connections.all(initialized_only=True)
        if connection.alias in watch.broken or (connection.connection is not None and not connection.is_usable())
    ]


class RetryAfterLostConnectionMiddleware:
    """First in MIDDLEWARE, so that it sees every statement of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        watch = StatementWatch()
        token = _watch.set(watch)
        try:
            with contextlib.ExitStack() as stack:
                for connection in connections.all():
                    stack.enter_context(connection.execute_wrapper(watch))
                return self.get_response(request)
        finally:
            _watch.reset(token)

    def process_exception(self, request, exception):
        watch = _watch.get()
        if (
            watch is None
            or watch.wrote
            or watch.retried
            or not isinstance(exception, OperationalError | InterfaceError)
        ):
            return None
        lost = lost_connections(watch)
        if not lost or any(connection.in_atomic_block for connection in lost):
            return None
        for connection in lost:
            connection.close()
        watch.retried = True
        metrics.database_retry()
        connections_lost.send(sender=None, aliases={connection.alias for connection in lost})
        logger.warning(
            "%s %s lost its database connection (%s); trying once more.", request.method, request.path, exception
        )
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        return response
