"""Deliveries against a real receiver that checks each request with the reference library
(`standardwebhooks`): signed, sent once per change that `documents.reconcile` announces, retried on
the schedule while the partner fails, and never more than the time limits allow."""

import datetime
import time

import pytest
from django.utils import timezone

from newsroom import outbound
from newsroom.articles.models import Article
from newsroom.syndication import documents, validation
from newsroom.webhooks import tasks
from newsroom.webhooks.models import Delivery, WebhookEvent

from . import worker
from .conftest import english_article, subscribe
from .receiver import Answer

pytestmark = pytest.mark.django_db


def test_a_published_article_reaches_the_partner_signed_as_standard_webhooks_asks(receiver, subscription):
    article = english_article()

    documents.reconcile([article.pk])
    assert receiver.received == []  # announced; the worker sends it
    worker.run_due()

    [request] = receiver.received
    assert request.refusal is None
    event = WebhookEvent.objects.get()
    assert request.headers["webhook-id"] == f"msg_{event.id.hex}"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "Newsroom-Webhooks/1"
    assert abs(int(request.headers["webhook-timestamp"]) - time.time()) < 5
    body = request.json
    assert body["type"] == "article.published"
    assert body["data"]["language"] == "en"
    assert body["data"]["version"] == "1"
    assert body["data"]["href"] == f"https://news.example.com/api/v1/articles/{article.pk}/en?version=2"
    assert body["data"]["document"]["headlines"][0]["value"].startswith("Nissan's Aguascalientes plant")
    assert "newsroom.invalid" not in request.body.decode()
    assert validation.errors(body["data"]["document"], "2.2") == []
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    assert [(a.status_code, a.error) for a in delivery.attempt_log.all()] == [(200, "")]


def test_a_changed_body_byte_an_old_timestamp_or_another_secret_fail_verification(receiver, subscription, time_machine):
    documents.reconcile([english_article().pk])
    worker.run_due()
    [request] = receiver.received
    assert receiver.verify(request.body, request.headers) is None

    changed = request.body.replace(b"Kicks", b"Kickz")
    assert receiver.verify(changed, request.headers) == "No matching signature found"
    assert receiver.verify(request.body, request.headers, secret=subscribe(receiver.url).secret) is not None
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=6))
    assert receiver.verify(request.body, request.headers) == "Message timestamp too old"


def test_each_partner_gets_the_ninjs_version_it_asked_for(receiver, subscription):
    subscribe(receiver.url, name="Nachrichtenagentur Süd", ninjs_version="3.1", secret=subscription.secret)

    documents.reconcile([english_article().pk])
    worker.run_due()

    versions = sorted(request.json["data"]["document"]["standard"]["version"] for request in receiver.received)
    assert versions == ["2.2", "3.1"]
    assert all(request.refusal is None for request in receiver.received)
    assert len({request.headers["webhook-id"] for request in receiver.received}) == 1
    for request in receiver.received:
        document = request.json["data"]["document"]
        assert validation.errors(document, document["standard"]["version"]) == []


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW])
def test_drafts_are_never_delivered(receiver, subscription, status):
    article = english_article(status=status, published_at=None)

    documents.reconcile([article.pk])
    worker.run_due()

    assert not Delivery.objects.exists()
    assert receiver.received == []


def test_partners_get_only_the_kinds_and_languages_they_subscribed_to(receiver, subscription):
    subscription.events, subscription.languages = ["unpublished"], ["en"]
    subscription.save()
    german_only = subscribe(receiver.url, name="Nachrichtenagentur Süd", languages=["de"])
    article = english_article()

    documents.reconcile([article.pk])
    article.status = Article.Status.DRAFT
    article.save()
    documents.reconcile([article.pk])
    worker.run_due()

    [request] = receiver.received
    assert request.json["type"] == "article.unpublished"
    assert request.json["data"]["document"]["pubstatus"] == "canceled"
    assert not german_only.deliveries.exists()


def attempt_times(receiver, time_machine, limit=20) -> list[datetime.datetime]:
    """Run the deliveries, moving the clock to each retry, until none is left."""
    for _ in range(limit):
        worker.run_due()
        when = worker.next_run_after()
        if when is None:
            break
        time_machine.move_to(when)
    return [attempt.started_at for attempt in Delivery.objects.get().attempt_log.all()]


def test_a_failing_partner_is_tried_eight_times_over_a_day_then_the_delivery_has_failed(
    receiver, subscription, time_machine
):
    receiver.answer(*[Answer(500)] * 10)
    time_machine.move_to(timezone.now(), tick=False)
    documents.reconcile([english_article().pk])

    times = attempt_times(receiver, time_machine)

    assert len(times) == len(receiver.received) == 8
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    for gap, step in zip(gaps, tasks.WAITS, strict=True):
        assert step * 0.9 <= gap <= step * 1.1
    assert datetime.timedelta(hours=20) < times[-1] - times[0] < datetime.timedelta(hours=25)
    assert all(request.refusal is None for request in receiver.received)
    assert len({request.headers["webhook-id"] for request in receiver.received}) == 1
    assert len({request.headers["webhook-timestamp"] for request in receiver.received}) == 8
    assert len({request.body for request in receiver.received}) == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 8, 500)
    assert Delivery.objects.failed().count() == 1


def test_two_errors_then_success_is_delivered_on_the_third_attempt(receiver, subscription, time_machine):
    receiver.answer(Answer(500), Answer(502))
    time_machine.move_to(timezone.now(), tick=False)
    documents.reconcile([english_article().pk])

    times = attempt_times(receiver, time_machine)

    assert len(times) == 3
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 200)
    assert [attempt.status_code for attempt in delivery.attempt_log.all()] == [500, 502, 200]


def test_a_partner_that_is_down_gets_it_once_it_is_back_on_the_same_port(receiver, subscription, time_machine):
    receiver.stop()
    time_machine.move_to(timezone.now(), tick=False)
    documents.reconcile([english_article().pk])

    worker.run_due()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_error) == ("pending", "connection refused")
    receiver.start()
    time_machine.move_to(worker.next_run_after())
    worker.run_due()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert len(receiver.received) == 1
    assert receiver.received[0].refusal is None


def test_a_partner_slower_than_the_time_limit_is_given_up_and_tried_again(receiver, subscription, monkeypatch):
    monkeypatch.setattr(outbound, "TOTAL_TIMEOUT", 1.0)
    receiver.answer(Answer(200, delay=4))
    documents.reconcile([english_article().pk])

    started = time.monotonic()
    worker.run_due()

    assert time.monotonic() - started < 2.5
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_error, delivery.last_status_code) == ("pending", "timeout", None)
    [attempt] = delivery.attempt_log.all()
    assert 900 <= attempt.duration_ms < 2500


@pytest.mark.parametrize("asked, gap", [("240", 240), ("86400", 300)])
def test_retry_after_is_honoured_up_to_the_next_step(receiver, subscription, time_machine, asked, gap):
    receiver.answer(Answer(503, headers={"Retry-After": asked}))
    time_machine.move_to(timezone.now(), tick=False)
    documents.reconcile([english_article().pk])

    worker.run_due()

    delivery = Delivery.objects.get()
    assert delivery.next_attempt_at - delivery.last_attempt_at == datetime.timedelta(seconds=gap)
    assert worker.next_run_after() == delivery.next_attempt_at


def test_410_switches_the_subscription_off_and_cancels_what_it_still_had_coming(receiver, subscription):
    receiver.answer(Answer(410))
    first, second = english_article(), english_article()
    documents.reconcile([first.pk])
    documents.reconcile([second.pk])

    worker.run_due()

    subscription.refresh_from_db()
    assert not subscription.is_active
    assert "410" in subscription.disabled_reason
    assert sorted(Delivery.objects.values_list("status", flat=True)) == ["cancelled", "failed"]
    assert len(receiver.received) == 1
    documents.reconcile([english_article().pk])
    assert Delivery.objects.count() == 2


def test_a_delivery_run_twice_is_sent_once(receiver, subscription):
    documents.reconcile([english_article().pk])
    delivery = Delivery.objects.get()

    tasks.deliver.call(delivery.pk)
    tasks.deliver.call(delivery.pk)

    assert len(receiver.received) == 1


def test_a_claim_left_by_a_stopped_worker_is_taken_over_after_a_minute(receiver, subscription, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    documents.reconcile([english_article().pk])
    delivery = Delivery.objects.get()
    claimed_at = timezone.now() - datetime.timedelta(seconds=30)
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", attempts=1, last_attempt_at=claimed_at)

    tasks.deliver.call(delivery.pk)
    assert receiver.received == []
    time_machine.move_to(claimed_at + datetime.timedelta(seconds=61))
    tasks.deliver.call(delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert [(a.started_at, a.error) for a in delivery.attempt_log.all()] == [
        (claimed_at, "abandoned by a stopped worker"),
        (timezone.now(), ""),
    ]
    assert len(receiver.received) == 1


def test_send_again_sends_the_stored_body_once_more(receiver, subscription):
    documents.reconcile([english_article().pk])
    worker.run_due()
    delivery = Delivery.objects.get()

    assert Delivery.objects.filter(pk=delivery.pk).send_again() == 1
    worker.run_due()

    first, second = receiver.received
    assert first.body == second.body
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert second.refusal is None
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_during_a_rotation_both_secrets_verify_for_a_day_then_only_the_new_one(receiver, subscription, time_machine):
    old = subscription.secret
    subscription.rotate_secret()
    article = english_article()
    documents.reconcile([article.pk])
    worker.run_due()

    [request] = receiver.received
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert receiver.verify(request.body, request.headers, secret=old) is None
    assert receiver.verify(request.body, request.headers, secret=subscription.secret) is None

    time_machine.move_to(timezone.now() + datetime.timedelta(hours=25))
    article.headline_en = "Nissan's Aguascalientes plant adds a fourth shift"
    article.save()
    documents.reconcile([article.pk])
    worker.run_due()
    latest = receiver.received[-1]
    assert latest.json["type"] == "article.updated"
    assert receiver.verify(latest.body, latest.headers, secret=old) == "No matching signature found"
    assert receiver.verify(latest.body, latest.headers, secret=subscription.secret) is None
