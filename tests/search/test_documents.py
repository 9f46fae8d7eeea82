"""The search documents behind the page: which language of an article each edition's readers
search, and when the documents are made."""

import pytest
from django.core.management import call_command

from newsroom.search.models import ArticleDocument, Word
from newsroom.translations.workflow import translate_and_release, withdraw
from tests.factories import ArticleFactory, OrganizationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgresql")]


def documents(article) -> set[tuple[str, str]]:
    """(language, the editions whose readers search it) per document of `article`."""
    return set(ArticleDocument.objects.filter(article=article).values_list("language", "editions"))


def test_an_article_not_translated_is_searched_in_its_original_by_both_editions(on_commit):
    with on_commit():
        english = ArticleFactory(headline_de="", standfirst_de="", body_de="")
        german = ArticleFactory(original_language="de", headline_en="", standfirst_en="", body_en="")

    assert documents(english) == {("en", "|en||de|")}
    assert documents(german) == {("de", "|de||en|")}


def test_a_released_translation_is_what_its_editions_readers_search(on_commit):
    with on_commit():
        article = ArticleFactory()

    assert documents(article) == {("en", "|en|"), ("de", "|de|")}


def test_a_translation_not_released_is_searched_by_no_one(on_commit):
    with on_commit():
        article = ArticleFactory(released_translations=False)

    assert documents(article) == {("en", "|en||de|"), ("de", "")}


def test_a_withdrawn_translation_leaves_german_readers_the_original(on_commit):
    with on_commit():
        article = ArticleFactory()
    with on_commit():
        withdraw(article.translations.get(language="de"), by=None)

    assert documents(article) == {("en", "|en||de|"), ("de", "")}

    with on_commit():
        translate_and_release(article, "de", by=None)

    assert documents(article) == {("en", "|en|"), ("de", "|de|")}


def test_the_documents_are_made_once_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        article = ArticleFactory()
        article.headline_en = "Nemak expands in García"
        article.save()
        article.organizations.add(OrganizationFactory())

    assert documents(article) == set()
    rebuilds = [callback for callback in callbacks if type(callback).__name__ == "Batch"]
    assert len(rebuilds) == 1
    rebuilds[0]()
    assert documents(article) == {("en", "|en|"), ("de", "|de|")}


def test_rebuilding_every_document_makes_them_and_the_words_again(on_commit):
    with on_commit():
        article = ArticleFactory(headline_en="Aguascalientes draws a second supplier park")
    ArticleDocument.objects.all().delete()
    Word.objects.all().delete()

    call_command("rebuild_search", verbosity=0)

    assert documents(article) == {("en", "|en|"), ("de", "|de|")}
    assert Word.objects.filter(word="aguascalientes").exists()


def test_a_deleted_articles_documents_go_with_it(on_commit):
    with on_commit():
        article = ArticleFactory()
    pk = article.pk

    with on_commit():
        article.delete()

    assert not ArticleDocument.objects.filter(article_id=pk).exists()
