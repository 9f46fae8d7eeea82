"""The production WSGI application, called in the test's process."""

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory


def call(url: str, method: str = "GET", **headers) -> dict:
    """The production WSGI application (newsroom/wsgi.py), called as gunicorn calls it: the body read,
    then closed. As Django's test client does, the test's database connection is left open (it holds
    the test's transaction)."""
    from newsroom.wsgi import application

    environ = RequestFactory().generic(method, url, **headers).environ
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status[:3])
        answer["headers"] = dict(response_headers)

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = application(environ, start_response)
        try:
            answer["body"] = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer
