"""The site as bench/http_bench.py serves it with gunicorn, plus Django hello-worlds in the same processes.

    gunicorn bench.http_wsgi:application

- `/hello/` is Django's hello-world: a view returning a short text response through Django's own
  request handling (WSGIRequest, URL resolving, the request_started/request_finished signals) with
  no middleware at all, which is what "a Django hello-world" costs before any site adds to it.
- `/hello/stack/` is the same view behind the site's whole middleware stack (sessions, locale,
  CSRF, CSP, …), marked private so that no cache answers it: what every uncached page pays
  before its view runs.
- Everything else is the production site (`newsroom.wsgi.application` with `newsroom.urls`, the
  settings from the environment), with static files from the source folders, as in bench/run.py
  and the tests (no collectstatic).

A request carrying `X-Bench-Queries: 1` is answered with an `X-Bench-Queries` header giving the
number of SQL statements it ran; only such requests count, so the timed load pays nothing for it.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
settings.ROOT_URLCONF = __name__
# The manifest storage needs collectstatic; {% static %} is a dictionary lookup either way.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.handlers.exception import convert_exception_to_response  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

import newsroom.urls  # noqa: E402


def hello(request):
    return HttpResponse(b"Hello, world!", content_type="text/plain; charset=utf-8")


def hello_uncached(request):
    response = hello(request)
    response["Cache-Control"] = "private"
    return response


# First, so that resolving /hello/ tries nothing else.
urlpatterns = [path("hello/", hello), path("hello/stack/", hello_uncached), *newsroom.urls.urlpatterns]
handler403 = newsroom.urls.handler403


class BareHandler(WSGIHandler):
    """Django's WSGI handler with an empty middleware chain."""

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


# The site's own WSGI application: whatever newsroom/wsgi.py wraps around Django (the page cache's
# early answers) runs here as in production.
from newsroom.wsgi import application as site  # noqa: E402

bare = BareHandler()


def counted(app, environ, start_response):
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Bench-Queries", str(queries))], exc_info)

    with connection.execute_wrapper(count):
        return app(environ, start)


def application(environ, start_response):
    app = bare if environ.get("PATH_INFO") == "/hello/" else site
    if environ.get("HTTP_X_BENCH_QUERIES"):
        return counted(app, environ, start_response)
    return app(environ, start_response)
