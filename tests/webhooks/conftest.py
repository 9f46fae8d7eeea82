import pytest

from newsroom.webhooks.models import WebhookSubscription
from tests.factories import ArticleFactory

from . import worker
from .receiver import Receiver

EVERYTHING = ["published", "updated", "corrected", "unpublished", "translation_released"]


@pytest.fixture(autouse=True)
def no_tasks_left(settings):
    # The receiver's address is local: allowed, as a partner's test machine would be.
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.SITE_URL = "https://news.example.com"
    worker.forget()
    yield
    worker.forget()


def subscribe(url: str, **fields) -> WebhookSubscription:
    fields = {"name": "Agencia Bajío", "events": EVERYTHING, "languages": ["en", "de"], **fields}
    subscription = WebhookSubscription(url=url, **fields)
    subscription.full_clean()
    subscription.save()
    return subscription


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running
    running.stop()


@pytest.fixture
def subscription(receiver):
    subscription = subscribe(receiver.url)
    receiver.secret = subscription.secret
    return subscription


def english_article(**fields):
    return ArticleFactory(
        headline_en="Nissan's Aguascalientes plant adds a third shift for the Kicks",
        headline_de="",
        standfirst_de="",
        body_de="",
        **fields,
    )
