"""The translation queue ranks by reader demand: the articles that readers of a language read most
in their original come first in that language's queue, with the count; an outdated row names the
texts that changed."""

import datetime

import pytest
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.popularity import reads
from newsroom.popularity.models import ReadCount
from newsroom.translations.admin.queue import TranslationAdmin
from newsroom.translations.workflow import record_edit, translate_and_release
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    InterviewExchangeFactory,
    OrganizationFactory,
    TranslatorFactory,
)
from tests.pages import get_page, logged_in
from tests.popularity.conftest import empty_read_buffer, read  # noqa: F401 - the fixture, for the beacon's test

pytestmark = pytest.mark.django_db

QUEUE = "/admin/translations/translation/"
UNTRANSLATED = {"headline_de": "", "standfirst_de": "", "body_de": "", "released_translations": False}


@pytest.fixture
def translator():
    return logged_in(TranslatorFactory(username="translator"))


def queue_rows(client, query=""):
    """(object, state, reads) of each row of the queue, top to bottom."""
    page = get_page(client, f"{QUEUE}{query}")
    tables = page.find_all("table", id="result_list")
    if not tables:
        return []
    return [
        (
            row.find("td", class_="field-object_link").find("a").text,
            row.find("td", class_="field-translation_state").text,
            row.find("td", class_="field-reads").text,
        )
        for row in tables[0].find("tbody").find_all("tr")
    ]


def reads_of(article, language, count, days_ago=0):
    ReadCount.objects.create(
        article=article, language=language, day=timezone.localdate() - datetime.timedelta(days=days_ago), count=count
    )


def test_german_reads_of_an_article_not_readable_in_german_are_counted_in_german_and_rank_it(client, translator):
    wanted = ArticleFactory(headline_en="Nissan doubles its plant", **UNTRANSLATED)
    ArticleFactory(headline_en="Quiet story", **UNTRANSLATED)
    assert not wanted.is_readable_in("de")

    for _ in range(3):
        read(client, wanted.url_in("de"))
    reads.flush_reads()

    assert list(ReadCount.objects.values_list("article", "language", "count")) == [(wanted.pk, "de", 3)]
    assert not client.cookies
    assert queue_rows(translator, "?language=de")[:2] == [
        ("Nissan doubles its plant", "Missing", "3"),
        ("Quiet story", "Missing", "0"),
    ]


def test_the_queue_puts_the_articles_most_read_in_its_language_first_and_then_the_newest(translator):
    now = timezone.now()
    newest = ArticleFactory(headline_en="Newest, unread", published_at=now, **UNTRANSLATED)
    some = ArticleFactory(headline_en="Read a little", published_at=now - datetime.timedelta(days=2), **UNTRANSLATED)
    most = ArticleFactory(headline_en="Read most", published_at=now - datetime.timedelta(days=5), **UNTRANSLATED)
    reads_of(most, "de", 40)
    reads_of(most, "de", 12, days_ago=6)
    reads_of(some, "de", 7)
    # Reads in English, and German reads older than the window, are no demand for German.
    reads_of(newest, "en", 900)
    reads_of(newest, "de", 500, days_ago=8)
    OrganizationFactory(name_en="Jalisco cluster", name_de="", description_de="", released_translations=False)

    rows = queue_rows(translator)

    assert rows == [
        ("Read most", "Missing", "52"),
        ("Read a little", "Missing", "7"),
        ("Newest, unread", "Missing", "0"),
        ("Jalisco cluster", "Missing", "–"),
    ]


def test_reads_of_a_released_translation_are_no_demand(translator):
    done = ArticleFactory(headline_en="Translated")
    reads_of(done, "de", 80)
    waiting = ArticleFactory(headline_en="Waiting", **UNTRANSLATED)
    reads_of(waiting, "de", 2)

    assert queue_rows(translator, "?state=all&language=de&kind=article") == [
        ("Waiting", "Missing", "2"),
        ("Translated", "Complete, released", "–"),
    ]


def test_an_outdated_articles_german_readers_rank_it_and_its_row_names_the_changed_texts(translator):
    article = ArticleFactory(headline_en="Jatco hires", standfirst_en="Two hundred jobs.")
    exchange = InterviewExchangeFactory(article=ArticleFactory(headline_en="Interview", kind=Article.Kind.INTERVIEW))
    interview = exchange.article
    translate_and_release(interview, "de", by=None)
    reads_of(article, "de", 4)
    article.headline_en = "Jatco hires again"
    article.body_en = "<p>The plant opens in May.</p>"
    article.save()
    record_edit(article, by=None)
    exchange.answer_en = "Suppliers who meet the new rules of origin."
    exchange.save()
    record_edit(interview, by=None)

    rows = queue_rows(translator, "?language=de")

    assert rows == [
        ("Jatco hires again", "Outdated, released Changed: Headline, Body", "4"),
        ("Interview", "Outdated, released Changed: Answer 1", "0"),
    ]


def test_the_column_sorts_by_reads_either_way(translator):
    low = ArticleFactory(headline_en="Low", **UNTRANSLATED)
    high = ArticleFactory(headline_en="High", **UNTRANSLATED)
    reads_of(low, "de", 1)
    reads_of(high, "de", 9)
    # The column's place in the list (a translator has no checkbox column); its first click, as
    # its arrow says, puts the most read first.
    column = 3

    assert [row[0] for row in queue_rows(translator, f"?o={column}")] == ["High", "Low"]
    assert [row[0] for row in queue_rows(translator, f"?o=-{column}")] == ["Low", "High"]


def test_a_queue_longer_than_a_page_is_ranked_across_its_pages_and_counted_once(translator, monkeypatch):
    monkeypatch.setattr(TranslationAdmin, "list_per_page", 2)
    now = timezone.now()
    for name, count, days in (("Read most", 9, 3), ("Read less", 2, 4), ("Newest", 0, 0), ("Older", 0, 1)):
        article = ArticleFactory(headline_en=name, published_at=now - datetime.timedelta(days=days), **UNTRANSLATED)
        if count:
            reads_of(article, "de", count)
    organization = OrganizationFactory(
        name_en="Jalisco cluster", name_de="", description_de="", released_translations=False
    )

    pages = [queue_rows(translator, f"?p={number}") for number in (1, 2, 3)]

    assert [row[0] for page in pages for row in page] == [
        "Read most",
        "Read less",
        "Newest",
        "Older",
        "Jalisco cluster",
    ]
    assert [row[2] for row in pages[0]] == ["9", "2"]
    page = get_page(translator, QUEUE)
    assert "5 translations" in " ".join(page.find("p", class_="paginator").text.split())
    assert page.find("nav", class_="queue-groups").texts("a", class_="queue-groups__tab") == [
        "Everything 5",
        "Articles and events 4",
        "Short items 1",
    ]
    short = get_page(translator, f"{QUEUE}?group=short")
    assert short.find("p", class_="paginator").text.split() == ["1", "translation"]
    # A lookup no filter takes narrows the list, and its count, but not the tabs.
    narrowed = f"?object_id={organization.pk}"
    shown = len(queue_rows(translator, narrowed))
    assert 0 < shown < 5
    count = get_page(translator, f"{QUEUE}{narrowed}").find("p", class_="paginator").text.split()[0]
    assert count == str(shown)


@pytest.mark.parametrize("size", [1, 3])
def test_the_ranked_queue_costs_the_same_number_of_queries_at_any_size(translator, django_assert_max_num_queries, size):
    for n in range(4 * size):
        article = ArticleFactory(**UNTRANSLATED)
        reads_of(article, "de", n + 1)
    for _ in range(size):
        exchange = InterviewExchangeFactory()
        exchange.answer_en = "Changed."
        exchange.save()
        record_edit(exchange.article, by=None)
        OrganizationFactory(name_de="", description_de="", released_translations=False)

    with django_assert_max_num_queries(14):
        assert translator.get(QUEUE).status_code == 200


def test_editors_see_the_ranking_in_both_languages(client):
    editor = logged_in(EditorFactory(username="editor"))
    english_original = ArticleFactory(headline_en="Wanted in German", **UNTRANSLATED)
    reads_of(english_original, "de", 5)
    reads_of(english_original, "en", 500)

    rows = queue_rows(editor)

    assert ("Wanted in German", "Missing", "5") in rows
