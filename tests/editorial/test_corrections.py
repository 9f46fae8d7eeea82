"""After publication an editor adds a correction or update; readers see it at the end of the article
and on the corrections page, in their language once it is translated; significant ones date the
article as updated."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from newsroom.articles.models import Article, Correction
from newsroom.translations.models import Translation
from tests.factories import ArticleFactory, ReporterFactory, TranslatorFactory
from tests.pages import change_url, get_page, logged_in, open_form, parse, translate_in_admin, url_in

pytestmark = pytest.mark.django_db

NOTE_EN = "An earlier version said Tachi-S had been in the state for 18 years; it has been there for more than 28."
NOTE_DE = "In einer früheren Fassung hieß es, Tachi-S sei seit 18 Jahren dort; es sind mehr als 28."


def add_note(client, article, text_en, *, kind="correction", significant=True, text_de="", shown_from=None):
    _page, data = open_form(client, change_url(article), "article_form")
    shown_from = timezone.localtime(shown_from or timezone.now())
    data.update(
        {
            "corrections-TOTAL_FORMS": ["1"],
            "corrections-0-kind": [kind],
            "corrections-0-text_en": [text_en],
            "corrections-0-text_de": [text_de],
            "corrections-0-published_at_0": [shown_from.strftime("%Y-%m-%d")],
            "corrections-0-published_at_1": [shown_from.strftime("%H:%M:%S")],
        }
    )
    data["_publish_changes"] = ["1"]  # the article is live: the note goes out at once
    if significant:
        data["corrections-0-is_significant"] = ["on"]
    else:
        data.pop("corrections-0-is_significant", None)
    return client.post(change_url(article), data)


def structured_data(page):
    (script,) = page.find_all("script", type="application/ld+json")
    (article,) = [node for node in json.loads(script.raw_text)["@graph"] if node["@type"] == "NewsArticle"]
    return article


def test_an_editors_correction_appears_at_the_end_of_the_article_and_dates_it_as_updated(editor):
    published_at = timezone.now() - datetime.timedelta(days=3)
    article = ArticleFactory(published_at=published_at, headline_en="Tachi-S creates 700 jobs")

    assert add_note(editor, article, NOTE_EN).status_code == 302

    correction = Correction.objects.get(article=article)
    assert correction.created_by.username == "ines"
    page = get_page(Client(), article.url_in("en"))
    notes = page.find("section", class_="corrections")
    assert notes.find("li").text.startswith("Correction,")
    assert NOTE_EN in notes.text
    assert "Updated" in page.find("p", class_="byline").text
    modified = page.find("meta", property="article:modified_time")["content"]
    assert datetime.datetime.fromisoformat(modified) == correction.published_at.replace(microsecond=0)
    data = structured_data(page)
    assert datetime.datetime.fromisoformat(data["dateModified"]) > datetime.datetime.fromisoformat(
        data["datePublished"]
    )


def test_a_minor_note_is_shown_but_does_not_date_the_article_as_updated(editor):
    article = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=1))

    add_note(editor, article, "We added the name of the plant.", kind="update", significant=False)

    page = get_page(Client(), article.url_in("en"))
    assert "We added the name of the plant." in page.find("section", class_="corrections").text
    assert "Updated" not in page.find("p", class_="byline").text
    assert page.find_all("meta", property="article:modified_time") == []
    data = structured_data(page)
    assert data["dateModified"] == data["datePublished"]


def test_a_note_shown_from_a_later_time_waits_until_then(editor, time_machine):
    article = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=1))
    later = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=2)

    add_note(editor, article, NOTE_EN, shown_from=later)

    reader = Client()
    assert NOTE_EN not in reader.get(article.url_in("en")).content.decode()
    assert NOTE_EN not in reader.get(url_in("en", "articles:corrections")).content.decode()
    time_machine.move_to(later, tick=False)
    assert NOTE_EN in reader.get(article.url_in("en")).content.decode()
    assert NOTE_EN in reader.get(url_in("en", "articles:corrections")).content.decode()


def test_a_new_note_outdates_the_translation_and_german_readers_see_it_in_english_until_translated(editor):
    article = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=1))
    assert article.translation_in("de").is_visible_to_readers

    add_note(editor, article, NOTE_EN)

    article = Article.objects.get(pk=article.pk)
    assert article.translation_in("de").state == Translation.State.OUTDATED
    german = get_page(Client(), article.url_in("de"))
    assert german.find("html")["lang"] == "de"
    note = german.find("section", class_="corrections").find("li").find_all("p")[1]
    assert (note.text, note["lang"]) == (NOTE_EN, "en")
    assert german.find("section", class_="corrections").find("h2").text == "Korrekturen und Aktualisierungen"

    correction = Correction.objects.get(article=article)
    translator = logged_in(TranslatorFactory(username="tom"))
    response = translate_in_admin(
        translator, article, "de", "_complete", **{f"corrections-{correction.pk}-text": NOTE_DE}
    )
    assert response.status_code == 302
    assert translate_in_admin(editor, article, "de", "_release").status_code == 302

    german = get_page(Client(), article.url_in("de"))
    note = german.find("section", class_="corrections").find("li").find_all("p")[1]
    assert note.text == NOTE_DE and note.get("lang") is None


def test_the_corrections_page_lists_visible_notes_newest_first_in_both_languages(editor):
    now = timezone.now()
    older = ArticleFactory(published_at=now - datetime.timedelta(days=5), headline_en="Nissan doubles output")
    newer = ArticleFactory(published_at=now - datetime.timedelta(days=2), headline_en="Mazda hires 500")
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    Correction.objects.create(
        article=older, text_en="Old note.", text_de="Alter Hinweis.", published_at=now - datetime.timedelta(days=4)
    )
    Correction.objects.create(
        article=newer, text_en="New note.", text_de="Neuer Hinweis.", published_at=now - datetime.timedelta(days=1)
    )
    Correction.objects.create(article=draft, text_en="Draft note.", published_at=now - datetime.timedelta(days=1))

    english = get_page(Client(), url_in("en", "articles:corrections"))
    german = get_page(Client(), url_in("de", "articles:corrections"))

    items = english.find("ol", class_="correction-list").find_all("li")
    assert [item.find_all("p")[2].text for item in items] == ["New note.", "Old note."]
    assert items[0].find("a").text == "Mazda hires 500"
    assert items[0].find("a")["href"] == newer.url_in("en")
    assert [item.find_all("p")[2].text for item in german.find("ol", class_="correction-list").find_all("li")] == [
        "Neuer Hinweis.",
        "Alter Hinweis.",
    ]
    assert german.find("h1").text == "Korrekturen und Aktualisierungen"


@pytest.mark.parametrize("query", ["?kind=bogus", "?after=garbage", "?colour=red", "?kind=update&kind=correction"])
def test_the_corrections_page_answers_bad_filters_with_a_400_in_the_page_language(query):
    for language, heading in (
        ("en", "We could not show this list"),
        ("de", "Diese Liste konnte nicht angezeigt werden"),
    ):
        response = Client().get(url_in(language, "articles:corrections") + query)
        assert response.status_code == 400
        assert parse(response).find("div", class_="errors").find("h2").text == heading


def test_the_corrections_page_costs_the_same_queries_for_three_or_twenty_notes(django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url_in("en", "articles:corrections")).status_code == 200
        return len(queries)

    past = timezone.now() - datetime.timedelta(hours=1)
    # The first requests of a process read when scheduled changes are due and fill the navigation's
    # cache (a key seen for the first time gets a version, and its entry is stored the time after).
    count()
    count()
    for _ in range(3):
        Correction.objects.create(article=ArticleFactory(), text_en="A note.", published_at=past)
    few = count()
    for _ in range(17):
        Correction.objects.create(article=ArticleFactory(), text_en="A note.", published_at=past)

    assert count() == few <= 8


def test_a_reporter_cannot_add_a_note_even_by_forging_the_inline():
    reporter_user = ReporterFactory(username="rita")
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=reporter_user)
    reporter = logged_in(reporter_user)

    response = add_note(reporter, article, "Forged note.")

    assert response.status_code in (200, 302)
    assert not Correction.objects.filter(article=article).exists()
