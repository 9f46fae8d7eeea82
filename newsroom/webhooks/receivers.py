"""What syndication announces becomes deliveries: for each `document_changed`, in reconcile's own
transaction, one WebhookEvent with its payloads rendered once (in ninjs 2.2 and 3.1) and one
Delivery per active subscription that wants that kind and language, each with its `deliver` task.
Nothing here runs in an editor's request: `reconcile` runs in the worker.
"""

import json

from django.conf import settings
from django.utils import timezone

from newsroom.syndication import documents, ninjs

from . import tasks
from .models import Delivery, WebhookEvent, WebhookSubscription, deliveries_due

# The API's detail of the document (design §5), ninjs version as its `?version=`.
DETAIL = "{site}/api/v1/articles/{article_id}/{language}?version={major}"


def announce(sender, document, kind, **kwargs):
    subscriptions = list(WebhookSubscription.objects.active().wanting(kind, document.language))
    if not subscriptions:
        return
    now = timezone.now()
    item = json.loads(documents.on_site(document.document, settings.SITE_URL))
    event = WebhookEvent.objects.create(
        kind=kind,
        article_id=document.article_id,
        language=document.language,
        version=document.version,
        payload_v2=payload(document, kind, item, "2", now),
        payload_v3=payload(document, kind, ninjs.to_v3(item), "3", now),
        created_at=now,
    )
    deliveries = Delivery.objects.bulk_create(
        Delivery(event=event, subscription=subscription, next_attempt_at=now) for subscription in subscriptions
    )
    enqueue([delivery.pk for delivery in deliveries])


def payload(document, kind: str, item: dict, major: str, at) -> str:
    site = settings.SITE_URL.rstrip("/")
    href = DETAIL.format(site=site, article_id=document.article_id, language=document.language, major=major)
    return documents.canonical(
        {
            "type": f"article.{kind}",
            "timestamp": ninjs.timestamp(at),
            "data": {
                "uri": item["uri"],
                "language": document.language,
                "version": str(document.version),
                "href": href,
                "document": item,
            },
        }
    )


def enqueue(ids) -> None:
    for pk in ids:
        tasks.deliver.enqueue(pk)


def deliveries_sent_again(sender, ids, **kwargs):
    enqueue(ids)


def connect() -> None:
    documents.document_changed.connect(announce, dispatch_uid="webhooks")
    deliveries_due.connect(deliveries_sent_again, dispatch_uid="webhooks")
