"""What the side-by-side page accepts back: only its own stamps, each in its own place and for this
page; segments whose HTML cannot spill into their neighbours; and, after asking for suggestions,
what was typed still beside the paragraphs it was typed for."""

import pytest

from newsroom.translations.models import Translation
from newsroom.translations.workflow import record_edit
from tests.factories import ArticleFactory, TranslatorFactory
from tests.pages import form_data, logged_in, open_form, parse, translate_url

from .machine_servers import FakeDeepL

pytestmark = pytest.mark.django_db

BODY_EN = "<p>One.</p><p>Two.</p><p>Three.</p>"


@pytest.fixture
def machine_on(settings):
    with FakeDeepL() as service:
        settings.TRANSLATION_MACHINE = {
            "BACKEND": "deepl",
            "OPTIONS": {"url": service.url, "key": FakeDeepL.key, "timeout": 2},
        }
        yield service


@pytest.fixture
def translator():
    return logged_in(TranslatorFactory(username="translator"))


def untranslated(**texts):
    return ArticleFactory(
        **{"headline_de": "Alt", "body_en": BODY_EN, "body_de": "", "released_translations": False, **texts}
    )


def fresh(article):
    return type(article).objects.get(pk=article.pk)


def post(client, article, data, button="_save"):
    return client.post(translate_url(article, "de"), {**data, button: ["1"]})


def page_of(client, article):
    return open_form(client, translate_url(article, "de"), "translation_form")[1]


# Stamps: each in its own place, for this page only


def refused_unchanged(response, article, *, source_before):
    assert response.status_code == 400
    assert "This form is missing its editing stamp" in response.content.decode()
    article = fresh(article)
    assert article.headline_de == "Alt"
    assert article.body_de == ""
    assert article.translation_in("de").source == source_before


@pytest.mark.parametrize(
    ("taken", "posted_as"),
    [
        ("_edit_snapshot", "_segments"),
        ("_edit_snapshot", "_machine_suggestions"),
        ("_segments", "_translated_from"),
        ("_translated_from", "_edit_snapshot"),
    ],
)
@pytest.mark.parametrize("button", ["_save", "_complete", "_suggest"])
def test_a_stamp_posted_in_another_stamps_place_is_refused_with_a_message(
    translator, machine_on, taken, posted_as, button
):
    article = untranslated()
    data = page_of(translator, article)
    data.update({"headline": ["Neu"], "body-s1": ["Eins."], posted_as: data[taken]})

    refused_unchanged(post(translator, article, data, button), article, source_before={})
    assert machine_on.requests == []


def test_the_original_a_translation_is_made_from_cannot_be_copied_from_another_page(translator):
    article = untranslated()
    other = untranslated(body_en="<p>Something else entirely.</p>")
    data = page_of(translator, article)
    data["_translated_from"] = page_of(translator, other)["_translated_from"]
    data.update({"body-s1": ["Eins."], "body-s2": ["Zwei."], "body-s3": ["Drei."]})

    refused_unchanged(post(translator, article, data, "_complete"), article, source_before={})
    assert fresh(article).translation_in("de").state != Translation.State.COMPLETE


def test_a_page_opened_by_another_translator_cannot_be_posted_as_ones_own(translator):
    article = untranslated()
    data = page_of(logged_in(TranslatorFactory(username="colleague")), article)
    data.update({"headline": ["Neu"]})

    refused_unchanged(post(translator, article, data), article, source_before={})


def test_the_pages_own_stamps_still_save(translator):
    article = untranslated()
    data = page_of(translator, article)
    data.update({"headline": ["Neu"], "body-s1": ["Eins."], "body-s2": ["Zwei."], "body-s3": ["Drei."]})

    assert post(translator, article, data, "_complete").status_code == 302
    assert fresh(article).body_de == "<p>Eins.</p><p>Zwei.</p><p>Drei.</p>"


# HTML typed in one segment stays in that segment


@pytest.mark.parametrize(
    "first",
    [
        'Erster <a href="https://a.example>Link</a>.',
        "Erster <!-- Notiz",
        "Erster <a href='https://a.example'",
        "Erster <hr> Absatz",
    ],
)
def test_html_left_open_in_one_segment_is_refused_there_and_the_typed_text_kept(translator, first):
    article = untranslated()
    data = page_of(translator, article)
    data.update({"body-s1": [first], "body-s2": ["Zweiter."], "body-s3": ["Dritter."]})

    response = post(translator, article, data, "_complete")

    assert response.status_code == 200
    page = parse(response)
    box = page.find("textarea", name="body-s1")
    assert box.get("aria-invalid") == "true"
    assert box.raw_text.strip() == first
    assert "HTML does not stay in its segment" in box.parent.text
    assert page.find("textarea", name="body-s2").raw_text.strip() == "Zweiter."
    assert page.find("textarea", name="body-s2").get("aria-invalid") is None
    article = fresh(article)
    assert article.body_de == ""
    assert article.translation_in("de").state != Translation.State.COMPLETE


def test_an_inline_tag_left_open_is_closed_inside_its_own_segment(translator):
    article = untranslated()
    data = page_of(translator, article)
    data.update({"body-s1": ["Erster <em>kursiv"], "body-s2": ["Zweiter < dritter."], "body-s3": ["Dritter."]})

    assert post(translator, article, data, "_complete").status_code == 302

    assert fresh(article).body_de == "<p>Erster <em>kursiv</em></p><p>Zweiter &lt; dritter.</p><p>Dritter.</p>"
    assert fresh(article).translation_in("de").state == Translation.State.COMPLETE


# Asking for suggestions keeps what was typed beside its paragraph


def test_suggestions_after_a_paragraph_was_inserted_keep_the_typed_text_beside_its_paragraph(translator, machine_on):
    article = untranslated(headline_de="")
    data = page_of(translator, article)
    # Meanwhile an editor inserts a paragraph before the first.
    article.body_en = "<p>Zero.</p>" + BODY_EN
    article.save()
    record_edit(article, by=None)
    data.update({"body-s1": ["Eins."], "body-s2": ["Zwei."], "body-s3": ["Drei."], "_suggest": ["1"]})

    response = translator.post(translate_url(article, "de"), data)

    assert response.status_code == 200
    page = parse(response)
    assert [box["name"] for box in page.find_all("textarea") if box["name"].startswith("body-")] == [
        "body-s1",
        "body-s2",
        "body-s3",
    ]
    for name, original, typed in [("body-s1", "One.", "Eins."), ("body-s3", "Three.", "Drei.")]:
        box = page.find("textarea", name=name)
        assert box.raw_text.strip() == typed
        row = next(row for row in page.find_all("tr") if box in row.iter())
        assert row.find("td", class_="side-by-side__original").text.endswith(f" {original}")
    # Only the headline was empty: one suggestion, asked once.
    assert len(machine_on.requests) == 1

    assert translator.post(translate_url(article, "de"), {**form_data(page, "translation_form"), "_save": ["1"]})[
        "Location"
    ]
    article = fresh(article)
    assert article.body_de == "<p>Eins.</p><p>Zwei.</p><p>Drei.</p>"
    # The inserted paragraph is what is left to translate.
    data = page_of(translator, article)
    assert [data[f"body-s{n}"] for n in range(1, 5)] == [[""], ["Eins."], ["Zwei."], ["Drei."]]


# A long text posts one field per paragraph


def test_a_body_of_more_than_a_thousand_paragraphs_can_be_saved(translator):
    article = untranslated(body_en="".join(f"<p>Paragraph {n}.</p>" for n in range(1, 1101)))
    data = page_of(translator, article)
    data.update({f"body-s{n}": [f"Absatz {n}."] for n in range(1, 1101)})

    assert post(translator, article, data).status_code == 302

    assert fresh(article).body_de.endswith("<p>Absatz 1099.</p><p>Absatz 1100.</p>")


def test_a_post_with_more_fields_than_the_site_reads_says_why_in_the_admins_language(translator, settings):
    article = untranslated(body_en="".join(f"<p>Paragraph {n}.</p>" for n in range(1, 31)))
    data = page_of(translator, article)
    data.update({f"body-s{n}": [f"Absatz {n}."] for n in range(1, 31)})
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20

    response = translator.post(translate_url(article, "de"), {**data, "_save": ["1"]}, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 400
    reason = parse(response).find("div", id="content-main").text
    assert "mehr Felder gesendet, als die Website auf einmal annimmt (20)" in reason
    assert "Es wurde nichts geändert." in reason
    assert fresh(article).body_de == ""
