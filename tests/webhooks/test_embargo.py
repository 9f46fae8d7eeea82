"""An embargoed article reaches partners at its embargo's second, never before: no delivery while
the embargo holds, the `published` event at the second, through a real receiver."""

import datetime

import pytest
from django.utils import timezone

from newsroom.syndication.tasks import refresh_documents
from newsroom.webhooks.models import Delivery

from . import worker
from .conftest import english_article

pytestmark = pytest.mark.django_db


def test_no_delivery_before_the_embargo_and_the_published_event_at_its_second(receiver, subscription, time_machine):
    until = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=2)
    article = english_article(
        published_at=until, embargo_until=until, embargo_conditions="INEGI, no mention before release"
    )
    refresh_documents.enqueue([article.pk])
    worker.run_due()

    time_machine.move_to(until - datetime.timedelta(seconds=1), tick=False)
    worker.run_due()
    assert receiver.received == [] and not Delivery.objects.exists()

    time_machine.move_to(until, tick=False)
    worker.run_due()

    [request] = receiver.received
    assert request.refusal is None
    assert request.json["type"] == "article.published"
    assert request.json["data"]["document"]["headlines"][0]["value"].startswith("Nissan's Aguascalientes plant")
    assert Delivery.objects.get().status == "delivered"
