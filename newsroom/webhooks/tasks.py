"""Deliveries, one attempt per task run, in the worker: never in an editor's request.

A run claims its delivery by one conditional UPDATE, so two workers never send it at once and a
task run again (or a stray retry) finds nothing to do. A claim older than STALL was a worker's that
stopped mid-attempt: it is taken over, and that attempt logged as abandoned. 2xx is delivered; 410
switches the subscription off (the partner said the address is gone); anything else is tried again
after the next wait of WAITS, MAX_ATTEMPTS in all (about 22 hours), then the delivery has failed.
"""

import email.utils
import random
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

from newsroom import outbound

from . import signing
from .models import Delivery, DeliveryAttempt

WAITS = [timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 180, 360, 720)]
MAX_ATTEMPTS = len(WAITS) + 1
JITTER = 0.1
STALL = timedelta(seconds=60)
ABANDONED = "abandoned by a stopped worker"
USER_AGENT = "Newsroom-Webhooks/1"


@task(queue_name="webhooks")
def deliver(delivery_id: int) -> None:
    delivery = claim(delivery_id)
    if delivery is None:
        return
    subscription, event = delivery.subscription, delivery.event
    started_at = timezone.now()
    body = event.body(subscription.ninjs_version)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        **signing.headers(subscription.signing_secrets(started_at), event.message_id, started_at, body),
    }
    clock = time.perf_counter()
    answer, error = None, ""
    try:
        answer = outbound.post(subscription.url, body, headers, private_hosts=settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS)
    except (outbound.Refused, outbound.Failed) as reason:
        error = str(reason)
    attempt = DeliveryAttempt(
        delivery=delivery,
        started_at=started_at,
        duration_ms=round((time.perf_counter() - clock) * 1000),
        status_code=answer.status if answer else None,
        error=error[:300],
        response_excerpt=answer.body[:500].decode(errors="replace") if answer else "",
    )
    with transaction.atomic():
        attempt.save()
        record(delivery, answer, error)


def claim(delivery_id: int) -> Delivery | None:
    """The delivery, if this run may send it now; a stalled attempt before it logged."""
    now = timezone.now()
    delivery = Delivery.objects.select_related("event", "subscription").filter(pk=delivery_id).first()
    if delivery is None:
        return None
    if not delivery.subscription.is_active:
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(status=Delivery.Status.CANCELLED)
        return None
    claimable = Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Delivery.Status.SENDING, last_attempt_at__lt=now - STALL
    )
    # `attempts` as read: what was taken over is exactly what was seen.
    claimed = Delivery.objects.filter(claimable, pk=delivery_id, attempts=delivery.attempts).update(
        status=Delivery.Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
    )
    if not claimed:
        return None
    if delivery.status == Delivery.Status.SENDING:
        DeliveryAttempt.objects.create(delivery=delivery, started_at=delivery.last_attempt_at, error=ABANDONED)
    delivery.status, delivery.attempts, delivery.last_attempt_at = Delivery.Status.SENDING, delivery.attempts + 1, now
    return delivery


def record(delivery: Delivery, answer: outbound.Answer | None, error: str) -> None:
    now = timezone.now()
    changes = {"last_status_code": answer.status if answer else None, "last_error": error[:300]}
    if answer and 200 <= answer.status < 300:
        changes |= {"status": Delivery.Status.DELIVERED, "delivered_at": now, "next_attempt_at": None}
    elif answer and answer.status == 410:
        changes |= {"status": Delivery.Status.FAILED, "next_attempt_at": None}
        delivery.subscription.disable(gettext("The receiver answered 410 Gone on %(date)s.") % {"date": now.date()})
    elif delivery.attempts >= MAX_ATTEMPTS:
        changes |= {"status": Delivery.Status.FAILED, "next_attempt_at": None}
    else:
        next_attempt_at = now + wait(delivery.attempts, answer)
        changes |= {"status": Delivery.Status.PENDING, "next_attempt_at": next_attempt_at}
        deliver.using(run_after=next_attempt_at).enqueue(delivery.pk)
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING, attempts=delivery.attempts).update(
        **changes
    )


def wait(attempts: int, answer: outbound.Answer | None) -> timedelta:
    """How long after attempt number `attempts` the next one goes: the step with its jitter, longer
    if a 429 or 503 asked for it with Retry-After, but never beyond the step after."""
    step = min(attempts, len(WAITS)) - 1
    delay = WAITS[step] * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311 (not a secret)
    asked = retry_after(answer) if answer and answer.status in (429, 503) else None
    if asked is not None:
        delay = max(delay, min(asked, WAITS[min(step + 1, len(WAITS) - 1)]))
    return delay


def retry_after(answer: outbound.Answer) -> timedelta | None:
    value = (answer.headers.get("Retry-After") or "").strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when - timezone.now(), timedelta(0)) if when.tzinfo else None
