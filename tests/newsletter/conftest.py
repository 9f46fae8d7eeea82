import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from newsroom.newsletter.models import Subscription
from newsroom.worker.testing import run_tasks
from tests.pages import url_in

LINK = re.compile(r"https?://[^\s<>\"]+")


def sign_up(client, email: str, language: str = "en", **extra):
    """Submit the sign-up form as a reader would (the address typed, the hidden field left empty),
    then let the worker send what it enqueued."""
    data = {"email": email, "website": "", **extra.pop("data", {})}
    response = client.post(url_in(language, "newsletter:subscribe"), data, **extra)
    run_tasks()
    return response


def links(message, name: str) -> list[str]:
    """The paths of the links to the newsletter's page `name` in a mail's text and HTML."""
    found = []
    bodies = [message.body, *(content for content, _type in getattr(message, "alternatives", []))]
    for body in bodies:
        for url in LINK.findall(body):
            path = urlsplit(url).path
            try:
                # Translated paths resolve in their own language.
                with translation.override(path.strip("/").split("/")[0] or None):
                    match = resolve(path)
            except Resolver404:
                continue
            if match.view_name == f"newsletter:{name}":
                found.append(path)
    return found


def link(message, name: str) -> str:
    """The one link to page `name` in `message` (the same in its text and its HTML)."""
    found = set(links(message, name))
    assert len(found) == 1, f"expected one newsletter:{name} link, found {found}"
    return found.pop()


def last_mail():
    assert mail.outbox, "no mail was sent"
    return mail.outbox[-1]


def subscription(email="ana.ruiz@example.com", language="en", status=Subscription.Status.CONFIRMED, **fields):
    now = timezone.now()
    if status == Subscription.Status.CONFIRMED:
        fields.setdefault("confirmed_at", now)
    if status == Subscription.Status.UNSUBSCRIBED:
        fields.setdefault("unsubscribed_at", now)
    return Subscription.objects.create(email=email, language=language, status=status, **fields)


@pytest.fixture
def confirmed():
    return subscription()
