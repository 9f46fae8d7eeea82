"""The production WSGI application, called in the test's process."""

from django.test import RequestFactory


def call(url: str, method: str = "GET", **headers) -> dict:
    """The production WSGI application (newsroom/wsgi.py), called as gunicorn calls it: the body read,
    then closed."""
    from newsroom.wsgi import application

    environ = RequestFactory().generic(method, url, **headers).environ
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status[:3])
        answer["headers"] = dict(response_headers)

    body = application(environ, start_response)
    try:
        answer["body"] = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return answer
