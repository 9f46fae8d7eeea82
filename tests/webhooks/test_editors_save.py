"""An editor's save never waits for a partner: it only enqueues the document's refresh, and the
webhook goes out from the worker afterwards. With the partner's receiver down or hanging, the save
costs what it costs without any subscription."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsroom import outbound
from newsroom.articles.models import Article
from newsroom.syndication.tasks import refresh_documents
from newsroom.webhooks.models import Delivery
from tests.factories import EditorFactory
from tests.pages import change_url, logged_in, open_form

from . import worker
from .conftest import english_article, subscribe
from .receiver import Answer

pytestmark = pytest.mark.django_db


def save_headline(client, article, headline: str, **changes):
    _page, data = open_form(client, change_url(article), "article_form")
    data["headline_en"] = [headline]
    data.update({name: [value] for name, value in changes.items()})
    data["_save"] = ["1"]
    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        response = client.post(change_url(article), data)
        elapsed = time.monotonic() - started
    assert response.status_code == 302
    return elapsed, len(queries)


def refreshes_enqueued() -> list:
    """The `refresh_documents` tasks waiting, by their arguments."""
    rows = DBTaskResult.objects.filter(task_path=refresh_documents.module_path, status=TaskResultStatus.READY)
    return [row.args_kwargs["args"] for row in rows]


def test_an_editors_save_costs_the_same_with_a_partner_down_and_the_webhook_follows_from_the_worker(
    receiver, monkeypatch
):
    monkeypatch.setattr(outbound, "TOTAL_TIMEOUT", 1.0)
    editor = logged_in(EditorFactory())
    article = english_article(status=Article.Status.DRAFT, published_at=None)
    save_headline(editor, article, "Nissan's Aguascalientes plant adds a second shift")  # the first save's extras
    quiet = save_headline(editor, article, "Nissan's Aguascalientes plant adds a third shift", status="published")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT, published_at=None)

    hanging = subscribe(receiver.url, name="Hanging partner")
    receiver.answer(*[Answer(200, delay=3)] * 3)
    down = subscribe(receiver.url.replace(str(receiver.port), "9"), name="Partner that is down")
    worker.forget()
    busy = save_headline(editor, article, "Nissan's Aguascalientes plant adds a fourth shift", status="published")

    assert busy[1] == quiet[1]  # the same queries: nothing of webhooks in the request
    assert busy[0] < 1.0
    assert receiver.received == []
    assert not Delivery.objects.exists()
    assert {tuple(ids) for ids, *_ in refreshes_enqueued()} == {(article.pk,)}

    worker.run_due()  # the worker's refresh of the documents: the deliveries are enqueued
    assert sorted(Delivery.objects.values_list("subscription__name", flat=True)) == [hanging.name, down.name]
    worker.run_due()
    assert dict(Delivery.objects.values_list("subscription__name", "last_error")) == {
        hanging.name: "timeout",
        down.name: "connection refused",
    }
