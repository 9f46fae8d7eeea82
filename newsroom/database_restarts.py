"""A reader's page that loses its database connection midway (PostgreSQL restarted, a failover)
is made once more on a new connection, rather than answered with an error.

Only requests that cannot have changed anything are tried again: GET and HEAD, and only when every
statement they sent was a SELECT (a read counted, a share link's opening, scheduled changes
published on the way: none of these is repeated). Errors in the view and in rendering its template
are caught here; the new connection itself is waited for by our PostgreSQL backend
(newsroom/postgresql). A connection that dies between requests is replaced by Django's health
check (CONN_HEALTH_CHECKS) before the request's first query.
"""

import contextlib
import contextvars
import logging

from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

SAFE_METHODS = {"GET", "HEAD"}


class StatementWatch:
    """Notes whether a request sent anything but SELECTs (noted before sending: a write cut off
    midway may have been committed)."""

    def __init__(self):
        self.wrote = False
        self.retried = False

    def __call__(self, execute, sql, params, many, context):
        if not sql.lstrip()[:6].upper() == "SELECT":
            self.wrote = True
        return execute(sql, params, many, context)


_watch: contextvars.ContextVar[StatementWatch | None] = contextvars.ContextVar("statement_watch", default=None)


def lost_connections():
    return [
        connection
        for connection in connections.all(initialized_only=True)
        if connection.connection is not None and not connection.is_usable()
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
        lost = lost_connections()
        if not lost or any(connection.in_atomic_block for connection in lost):
            return None
        for connection in lost:
            connection.close()
        watch.retried = True
        logger.warning(
            "%s %s lost its database connection (%s); trying once more.", request.method, request.path, exception
        )
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        return response
