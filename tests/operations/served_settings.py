"""The production settings for the tests' gunicorns of this folder, with two changes: static files
from the source folders (the manifest storage needs collectstatic, as bench/http_wsgi.py says), and
a few URLs that fail on purpose (`served_urls`), for the error reports."""

from newsroom.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ROOT_URLCONF = "tests.operations.served_urls"
MIDDLEWARE = [*MIDDLEWARE, "tests.operations.served_urls.FailingAfterTheLogin"]  # noqa: F405
