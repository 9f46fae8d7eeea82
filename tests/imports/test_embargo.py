"""An agency's embargo on an imported document: the draft carries it as its embargo — the floor
under the publish time the database holds, listed among the upcoming embargoes and kept by share
links — not as a bare publish time; a re-sent document moves it; and the changes a document brings
to a live article under an embargo reach readers at its second, not before."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.editorial.models import PendingChange, PreviewLink
from newsroom.imports import importing
from newsroom.imports.models import ImportRecord
from newsroom.syndication import ninjs
from tests.factories import EditorFactory

from .documents import agency_document

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)
HEADLINE = "Nissan's Aguascalientes plant adds a third shift for the new Kicks"


@pytest.fixture
def editor():
    return EditorFactory(username="desk")


@pytest.fixture
def until():
    return timezone.now().replace(microsecond=0) + datetime.timedelta(hours=3)


def imported(document, by):
    return importing.import_document(json.dumps(document), by=by, source=ImportRecord.Source.ADMIN)


def shows(response) -> bool:
    return HEADLINE in response.content.decode()


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_an_embargoed_document_becomes_a_draft_under_its_embargo_not_a_bare_publish_time(editor, until, version):
    document = agency_document(embargoed=until.isoformat())
    # 3.x names it `embargoedUntil`.
    result = imported(ninjs.to_v3(document) if version == "3.1" else document, editor)

    article = Article.objects.get(pk=result.article.pk)
    assert article.embargo_until == until
    assert article.published_at is None
    assert article.embargo_conditions == ("Embargo of the document from urn:agency:2026:nissan-third-shift (version 1)")
    assert list(Article.objects.embargoed()) == [article]
    assert "embargoed" in [note["field"] for note in result.report]


def test_once_published_it_reaches_readers_and_share_links_at_the_embargos_second(editor, until, time_machine):
    article = imported(agency_document(embargoed=until.isoformat()), editor).article
    Article.objects.filter(pk=article.pk).publish()
    article.refresh_from_db()
    link = PreviewLink.objects.create(article=article, language="en")

    time_machine.move_to(until - SECOND, tick=False)
    page, shared = Client().get(article.url_in("en")), Client().get(link.get_absolute_url())
    assert article.published_at == until
    assert page.status_code == 404 and not shows(page)
    assert shared.status_code == 403 and not shows(shared)

    time_machine.move_to(until, tick=False)
    assert shows(Client().get(article.url_in("en")))
    assert shows(Client().get(link.get_absolute_url()))


def test_a_re_sent_document_moving_the_embargo_later_moves_it_and_the_publish_time_with_it(editor, until):
    document = agency_document(embargoed=until.isoformat())
    article = imported(document, editor).article
    Article.objects.filter(pk=article.pk).publish()
    later = until + datetime.timedelta(days=1)

    result = imported(document | {"version": "2", "embargoed": later.isoformat()}, editor)

    assert result.outcome == "updated"
    article.refresh_from_db()
    assert article.embargo_until == later and article.published_at == later
    assert article.embargo_conditions.endswith("(version 2)")
    assert list(Article.objects.embargoed(at=until + SECOND)) == [article]


def test_a_live_articles_update_under_embargo_reaches_readers_at_its_second_not_before(editor, until, time_machine):
    document = agency_document()
    article = imported(document, editor).article
    Article.objects.filter(pk=article.pk).publish()
    newer = "Nissan adds a third shift in A2"

    result = imported(
        document | {"version": "2", "embargoed": until.isoformat(), "headlines": [{"role": "main", "value": newer}]},
        editor,
    )

    assert result.outcome == "updated"
    assert PendingChange.objects.get(article=article).publish_at == until
    time_machine.move_to(until - SECOND, tick=False)
    before = Client().get(article.url_in("en")).content.decode()
    assert HEADLINE in before and newer not in before
    time_machine.move_to(until, tick=False)
    at = Client().get(article.url_in("en")).content.decode()
    assert newer in at
    assert not PendingChange.objects.filter(article=article).exists()
