"""Segments as a new user types them: <b> and <i> out of habit, markup the sanitizer removes, an
empty line in a list item's box."""

import pytest
from django.test import Client

from newsroom.articles.models import Article
from tests.factories import ArticleFactory, TranslatorFactory
from tests.pages import open_form, parse, translate_url

pytestmark = pytest.mark.django_db

BODY_EN = "<p>Jatco builds a second line.</p><ul><li>More engines</li><li>More suppliers</li></ul><p>Jatco hires.</p>"
BODY_DE = ["Jatco baut eine zweite Linie.", "Mehr Motoren", "Mehr Zulieferer", "Jatco stellt ein."]


@pytest.fixture
def translator():
    client = Client()
    client.force_login(TranslatorFactory(username="translator"))
    return client


def untranslated():
    return ArticleFactory(body_en=BODY_EN, body_de="", released_translations=False)


def save_segments(client, article, texts):
    _page, data = open_form(client, translate_url(article, "de"), "translation_form")
    data.update({f"body-s{number}": [text] for number, text in enumerate(texts, start=1)})
    data["_save"] = ["1"]
    return client.post(translate_url(article, "de"), data)


def warnings_of(client, response) -> list[str]:
    page = parse(client.get(response.url))
    return [" ".join(item.text.split()) for item in page.find_all("li", class_="warning")]


def test_bold_and_italics_are_kept_as_strong_and_emphasis_without_a_warning(translator):
    article = untranslated()
    texts = [*BODY_DE[:3], "Jatco <b>stellt</b> <I>ein</I>."]

    response = save_segments(translator, article, texts)

    assert response.status_code == 302
    body = Article.objects.get(pk=article.pk).body_de
    assert "<p>Jatco <strong>stellt</strong> <em>ein</em>.</p>" in body
    assert warnings_of(translator, response) == []


def test_markup_removed_on_saving_is_named_with_its_segment(translator):
    article = untranslated()
    texts = [
        'Jatco <span class="x">baut</span> eine zweite Linie.',
        "Mehr Motoren",
        '<a href="javascript:alert(1)">Mehr</a> Zulieferer',
        "Jatco stellt ein.",
    ]

    response = save_segments(translator, article, texts)

    assert response.status_code == 302
    body = Article.objects.get(pk=article.pk).body_de
    assert "<span" not in body and "javascript" not in body
    warnings = warnings_of(translator, response)
    assert [warning.split(" removed")[0] for warning in warnings] == [
        "Body, segment 1: <span>, <span class>",
        "Body, segment 3: <a href>",
    ]


def test_an_empty_line_in_a_list_items_box_is_refused_and_what_was_typed_is_kept(translator):
    article = untranslated()
    texts = [BODY_DE[0], "Mehr Motoren\r\n\r\nund Getriebe", *BODY_DE[2:]]

    response = save_segments(translator, article, texts)

    assert response.status_code == 200
    box = parse(response).find("textarea", name="body-s2")
    assert "Keep this to one segment" in box.parent.text
    assert "Mehr Motoren\n\nund Getriebe" in box.raw_text.replace("\r\n", "\n")
    assert Article.objects.get(pk=article.pk).body_de == ""


def test_a_line_break_typed_with_a_slash_is_kept_as_a_line_break(translator):
    article = untranslated()
    texts = [*BODY_DE[:3], "Jatco stellt<br/>ein."]

    response = save_segments(translator, article, texts)

    assert response.status_code == 302
    assert "<p>Jatco stellt<br>ein.</p>" in Article.objects.get(pk=article.pk).body_de
    assert warnings_of(translator, response) == []
