"""Stored ninjs documents follow their articles (`documents.reconcile`): a version per real change,
the canceled stub once an article leaves readers, each change said once and only for what readers
may see. The worker that runs it is tested in tests/worker; here it is called as the worker does."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from newsroom.articles.models import Article, Correction
from newsroom.syndication import documents, validation
from newsroom.syndication.models import PublishedDocument
from newsroom.translations.models import Translation
from newsroom.translations.workflow import translate_and_release, withdraw
from newsroom.worker.testing import run_tasks
from tests.factories import ArticleFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def said():
    """What `document_changed` says, as (article id, language, kind, version)."""
    heard = []

    def listener(sender, document, kind, **kwargs):
        heard.append((document.article_id, document.language, kind, document.version))

    documents.document_changed.connect(listener)
    yield heard
    documents.document_changed.disconnect(listener)


def english_article(**fields) -> Article:
    return ArticleFactory(
        headline_en="Nissan's Aguascalientes plant adds a third shift for the Kicks",
        headline_de="",
        standfirst_de="",
        body_de="",
        **fields,
    )


def stored(article, language) -> dict:
    return json.loads(PublishedDocument.objects.get(article=article, language=language).document)


def test_a_published_article_gets_version_1_and_is_said_once(said):
    article = english_article()

    documents.reconcile([article.pk])
    documents.reconcile([article.pk])

    assert said == [(article.pk, "en", "published", 1)]
    item = stored(article, "en")
    assert item["version"] == "1"
    assert item["headlines"][0]["value"].startswith("Nissan's Aguascalientes plant")
    assert validation.errors(json.loads(documents.on_site(json.dumps(item), "https://example.com")), "2.2") == []
    assert not PublishedDocument.objects.filter(article=article, language="de").exists()


@pytest.mark.parametrize(
    "status, published_at",
    [
        (Article.Status.DRAFT, None),
        (Article.Status.IN_REVIEW, None),
        (Article.Status.PUBLISHED, timezone.now() + datetime.timedelta(days=1)),
    ],
)
def test_drafts_and_scheduled_articles_get_no_document_and_nothing_is_said(said, status, published_at):
    article = english_article(status=status, published_at=published_at)

    outcome = documents.reconcile([article.pk])

    assert said == []
    assert not PublishedDocument.objects.filter(article=article).exists()
    if published_at:
        assert outcome.due == {article.pk: article.published_at}


def test_a_scheduled_article_is_published_at_its_time(said, time_machine):
    article = english_article(published_at=timezone.now() + datetime.timedelta(minutes=5))
    documents.reconcile([article.pk])

    time_machine.move_to(article.published_at + datetime.timedelta(seconds=1))
    documents.reconcile([article.pk])

    assert said == [(article.pk, "en", "published", 1)]


def test_a_change_of_text_is_the_next_version_and_an_unchanged_save_is_not(said):
    article = english_article()
    documents.reconcile([article.pk])

    article.save()
    documents.reconcile([article.pk])
    article.headline_en = "Nissan's Aguascalientes plant adds a third shift for the Kicks and the Versa"
    article.save()
    documents.reconcile([article.pk])

    assert said == [(article.pk, "en", "published", 1), (article.pk, "en", "updated", 2)]
    assert stored(article, "en")["headlines"][0]["value"].endswith("the Versa")


def test_a_correction_note_shown_is_said_as_a_correction(said, time_machine):
    article = english_article()
    documents.reconcile([article.pk])
    later = timezone.now() + datetime.timedelta(hours=2)
    Correction.objects.create(article=article, text_en="An earlier version gave the wrong model.", published_at=later)

    outcome = documents.reconcile([article.pk])
    assert outcome.due == {article.pk: later}
    time_machine.move_to(later + datetime.timedelta(seconds=1))
    documents.reconcile([article.pk])

    assert said[-1] == (article.pk, "en", "corrected", 2)


def test_unpublishing_cancels_the_document_with_a_valid_stub(said):
    article = english_article()
    documents.reconcile([article.pk])

    Article.objects.filter(pk=article.pk).unpublish()
    documents.reconcile([article.pk])
    documents.reconcile([article.pk])

    assert said == [(article.pk, "en", "published", 1), (article.pk, "en", "unpublished", 2)]
    row = PublishedDocument.objects.get(article=article, language="en")
    assert (row.is_visible, row.canceled_at is not None) == (False, True)
    stub = json.loads(row.document)
    assert stub["pubstatus"] == "canceled" and "headlines" not in stub
    assert validation.errors(stub, "2.2") == []
    assert list(PublishedDocument.objects.canceled()) == [row]


def test_a_translation_released_later_is_said_as_such_and_withdrawing_it_cancels_that_language(said):
    article = english_article()
    documents.reconcile([article.pk])

    article.headline_de = "Nissans Werk in Aguascalientes führt eine dritte Schicht für den Kicks ein"
    article.standfirst_de = "Zwölf lokale Firmen lernen in Hiroshima und Yokohama."
    article.body_de = "<p>Das Programm dauert zwei Wochen.</p>"
    article.save()
    translation = translate_and_release(article, "de", by=None)
    documents.reconcile([article.pk])
    # The original's document now names its German translation: a new version of it too.
    assert said[1:] == [(article.pk, "en", "updated", 2), (article.pk, "de", "translation_released", 1)]
    assert stored(article, "de")["headlines"][0]["value"].startswith("Nissans Werk")

    withdraw(Translation.objects.get(pk=translation.pk), by=None)
    documents.reconcile([article.pk])

    assert (article.pk, "de", "unpublished", 2) in said
    assert PublishedDocument.objects.get(article=article, language="de").is_visible is False


def test_an_article_published_in_both_languages_at_once_is_published_in_each(said):
    article = ArticleFactory()
    translate_and_release(article, "de", by=None)

    documents.reconcile([article.pk])

    assert sorted(said) == [(article.pk, "de", "published", 1), (article.pk, "en", "published", 1)]


def test_a_change_to_many_articles_takes_the_next_version_without_saying_so(said):
    article = english_article()
    organization = OrganizationFactory(name_en="Nissan Mexicana", name_de="Nissan Mexicana")
    article.organizations.add(organization)
    documents.reconcile([article.pk])

    organization.name_en = "Nissan Mexicana S.A. de C.V."
    organization.save()
    documents.reconcile([article.pk], announce=documents.COMINGS_AND_GOINGS)

    assert said == [(article.pk, "en", "published", 1)]
    assert PublishedDocument.objects.get(article=article, language="en").version == 2
    assert stored(article, "en")["organisations"][0]["name"] == "Nissan Mexicana S.A. de C.V."


def test_stored_documents_carry_the_serving_hosts_links():
    article = english_article()
    documents.reconcile([article.pk])

    text = documents.on_site(PublishedDocument.objects.get(article=article).document, "https://partner.example")

    assert documents.SITE not in text
    assert "https://partner.example/en/" in text


def test_refresh_documents_builds_the_archives_documents_without_telling_partners(said):
    live = english_article()
    draft = english_article(status=Article.Status.DRAFT, published_at=None)
    gone = english_article()
    documents.reconcile([gone.pk])
    Article.objects.filter(pk=gone.pk).unpublish()
    out = io.StringIO()

    call_command("refresh_documents", stdout=out)

    assert said == [(gone.pk, "en", "published", 1)]
    assert "2 articles looked at, 2 documents changed." in out.getvalue()
    assert set(PublishedDocument.objects.visible().values_list("article_id", flat=True)) == {live.pk}
    assert set(PublishedDocument.objects.canceled().values_list("article_id", flat=True)) == {gone.pk}
    assert not PublishedDocument.objects.filter(article=draft).exists()


def test_a_change_reaches_its_document_through_the_worker_once_committed_and_never_if_rolled_back(said):
    article = english_article()
    with pytest.raises(RuntimeError), transaction.atomic():
        ArticleFactory(headline_en="A headline that is never saved")
        raise RuntimeError("the editor's form failed")

    assert run_tasks() >= 1

    assert said == [(article.pk, "en", "published", 1)]
    assert run_tasks() == 0
