"""Error reports to Sentry (or GlitchTip, or a self-hosted Sentry) when SENTRY_DSN is set (README,
"Errors and metrics"). Without it this module is never imported, nor is `sentry_sdk`.

The integrations are named, none found by looking: sentry-sdk's defaults probe every library
installed and so import botocore, flask, pydantic and more (+23 MB in every worker, boto3 where pages
must never load it, `tests/test_worker_memory.py`); these few cost +3.5 MB (README, *Errors and metrics*).

What is sent: an unhandled exception of a request or a task, and every `logging` record at ERROR or
above (one event each; INFO and WARNING records travel as its breadcrumbs), with the release, the
environment and the request's id as a tag; with SENTRY_TRACES_SAMPLE_RATE, transactions, scrubbed
alike. What never is: a client address, user agent or cookie, a reader's query string or request body
(a newsletter sign-up's email), a login's body or any field named like a password, token, secret or
key, the frames' local variables (a form's cleaned data holds passwords), and any user but a staff
member's id.
"""

import logging
import re

import sentry_sdk
from django.conf import settings
from sentry_sdk.integrations.atexit import AtexitIntegration
from sentry_sdk.integrations.dedupe import DedupeIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.excepthook import ExcepthookIntegration
from sentry_sdk.integrations.logging import LoggingIntegration
from sentry_sdk.integrations.threading import ThreadingIntegration

from newsroom.version import VERSION

from . import requests

SECRET_FIELD = re.compile(r"pass|token|secret|key|csrf", re.IGNORECASE)
FILTERED = "[Filtered]"
# Headers that say nothing about who sent the request; every other one is dropped.
HEADERS_KEPT = frozenset({"Host", "Content-Type", "Content-Length", "Accept-Language", "X-Request-Id"})
# Bodies are kept for the admin's forms only (an editor's mistake is in them); a reader's never (a
# newsletter sign-up's email, a comment), nor the admin's login and password forms.
BODIES_KEPT = "/admin/"
BODIES_DROPPED = ("/admin/login/", "/admin/password_change/")


def init_sentry() -> None:
    sentry_sdk.init(
        dsn=settings.SENTRY_DSN,
        environment=settings.SENTRY_ENVIRONMENT,
        release=VERSION,
        send_default_pii=False,
        include_local_variables=False,
        # Release health would send an envelope for every few requests; errors are what is wanted here.
        auto_session_tracking=False,
        traces_sample_rate=settings.SENTRY_TRACES_SAMPLE_RATE,
        default_integrations=False,
        auto_enabling_integrations=False,
        integrations=[
            DjangoIntegration(signals_spans=False),
            LoggingIntegration(level=logging.INFO, event_level=logging.ERROR),
            DedupeIntegration(),
            AtexitIntegration(),
            ExcepthookIntegration(),
            ThreadingIntegration(),
        ],
        before_send=scrub,
        # A transaction (SENTRY_TRACES_SAMPLE_RATE) carries the same request as an error does.
        before_send_transaction=scrub,
    )


def scrub(event: dict, hint: dict) -> dict:
    """Every event and transaction, before it is sent: the request's id and a staff user's id in, the rest out."""
    record = requests.current()
    if record is not None:
        event.setdefault("tags", {})["request_id"] = record.id
    if record is not None and record.user_id is not None:
        event["user"] = {"id": str(record.user_id)}
    else:
        event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        scrub_request(request)
    for span in event.get("spans") or ():
        # A template's span carries its context: a reader's search words, a form's fields.
        if isinstance(span.get("data"), dict):
            span["data"].pop("context", None)
    return event


def scrub_request(request: dict) -> None:
    request.pop("cookies", None)
    request.pop("env", None)  # REMOTE_ADDR, SERVER_NAME
    headers = request.get("headers")
    if isinstance(headers, dict):
        request["headers"] = {name: value for name, value in headers.items() if name.title() in HEADERS_KEPT}
    url = request.get("url") or ""
    path = url.split("://", 1)[-1].partition("/")[2]
    path = f"/{path}"
    # As in the access line: a reader's search words are the reader's.
    if not path.startswith(requests.QUERY_STRING_LOGGED):
        request.pop("query_string", None)
    if not path.startswith(BODIES_KEPT) or path.startswith(BODIES_DROPPED):
        request.pop("data", None)
    elif isinstance(request.get("data"), dict):
        request["data"] = {
            name: FILTERED if SECRET_FIELD.search(str(name)) else value for name, value in request["data"].items()
        }
    elif "data" in request and not isinstance(request["data"], dict):
        request["data"] = FILTERED  # a body not read as form fields may hold anything
