"""The site's URLs and three that fail on purpose, for tests/operations/test_error_reporting.py."""

import logging

from django.http import HttpResponse
from django.urls import path

import newsroom.urls
from newsroom.urls import handler400, handler403, handler500  # noqa: F401 - the site's error pages

logger = logging.getLogger("newsroom.tests")


def broken(request):
    raise RuntimeError("a bug in a view")


def logs_an_error(request):
    logger.error("Something the operator must see")
    return HttpResponse("logged")


class FailingAfterTheLogin:
    """A bug met after a failed login, or after a reader's form (X-Fail): its report must not carry the
    password or the email address that was sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and "X-Fail" in request.headers:
            raise RuntimeError("a bug after a login" if request.path == "/admin/login/" else "a bug after a form")
        return response


urlpatterns = [path("broken/", broken), path("logs-an-error/", logs_an_error), *newsroom.urls.urlpatterns]
