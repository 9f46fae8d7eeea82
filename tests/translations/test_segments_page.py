"""The side-by-side page in segments: long texts translated paragraph by paragraph, lined up with
the translation, only what changed in the original asking for work; stored as one rich text."""

import pytest
from django.test import Client

from newsroom.articles.models import Article
from newsroom.translations.models import Translation
from newsroom.translations.segments import split, stitch
from newsroom.translations.workflow import record_edit
from tests.factories import ArticleFactory, TranslatorFactory
from tests.pages import get_page, open_form, parse, translate_url
from tests.translations.long_texts import long_body

pytestmark = pytest.mark.django_db

BODY_EN = (
    "<h2>A second line</h2>"
    '<p>The plant in <a href="https://example.org/ags">Aguascalientes</a> grows <em>again</em>.</p>'
    "<ul><li><p>More engines</p></li><li><p>More suppliers</p></li></ul>"
    "<p>Jatco hires 200 people.</p>"
)
BODY_DE = [
    "Eine zweite Linie",
    'Das Werk in <a href="https://example.org/ags">Aguascalientes</a> wächst <em>wieder</em>.',
    "Mehr Motoren",
    "Mehr Zulieferer",
    "Jatco stellt 200 Leute ein.",
]


@pytest.fixture
def translator():
    client = Client()
    client.force_login(TranslatorFactory(username="translator"))
    return client


def fresh(article):
    return Article.objects.get(pk=article.pk)


def untranslated(**kwargs):
    return ArticleFactory(body_en=BODY_EN, body_de="", released_translations=False, **kwargs)


def post(client, article, data, button="_save"):
    return client.post(translate_url(article, "de"), {**data, button: ["1"]})


def type_segments(data, texts, field="body"):
    data.update({f"{field}-s{number}": [text] for number, text in enumerate(texts, start=1)})
    return data


def translated_and_complete(client, body_en=BODY_EN, texts=None):
    article = untranslated() if body_en == BODY_EN else ArticleFactory(body_en=body_en, body_de="")
    _page, data = open_form(client, translate_url(article, "de"), "translation_form")
    type_segments(data, texts or BODY_DE)
    assert post(client, article, data, "_complete").status_code == 302
    assert fresh(article).translation_in("de").state == Translation.State.COMPLETE
    return fresh(article)


def rows(page):
    return page.find("table", class_="side-by-side__table").find("tbody").find_all("tr")


def _names(row, field):
    return [t["name"] for t in row.find_all("textarea") if t["name"].startswith(f"{field}-s")]


def edit_original(article, **texts):
    for name, value in texts.items():
        setattr(article, name, value)
    article.save()
    record_edit(article, by=None)
    return fresh(article)


def test_a_body_is_translated_segment_by_segment_and_stored_as_one_rich_text(translator):
    article = untranslated()

    page, data = open_form(translator, translate_url(article, "de"), "translation_form")

    assert "body" not in data
    assert [k for k in data if k.startswith("body-")] == [f"body-s{n}" for n in range(1, 6)]
    second = page.find("textarea", name="body-s2")
    assert second.get("lang") == "de"
    label = page.find("label", **{"for": second["id"]})
    assert label.text.startswith("Body, segment 2")
    originals = [row.find("td", class_="side-by-side__original") for row in rows(page)]
    assert all(cell.get("lang") == "en" for cell in originals)
    second_row = next(row for row in rows(page) if _names(row, "body") == ["body-s2"])
    assert "Aguascalientes" in second_row.find("td", class_="side-by-side__original").text

    type_segments(data, BODY_DE)
    response = post(translator, article, data, "_complete")

    assert response.status_code == 302
    article = fresh(article)
    # The original's structure, the translation's words.
    assert [(s.tag, s.text) for s in split(article.body_de)] == [
        ("h2", "Eine zweite Linie"),
        ("p", "Das Werk in Aguascalientes wächst wieder."),
        ("p", "Mehr Motoren"),
        ("p", "Mehr Zulieferer"),
        ("p", "Jatco stellt 200 Leute ein."),
    ]
    assert article.body_de.startswith("<h2>Eine zweite Linie</h2><p>Das Werk in <a")
    assert "<ul><li><p>Mehr Motoren</p></li><li><p>Mehr Zulieferer</p></li></ul>" in article.body_de
    assert article.translation_in("de").state == Translation.State.COMPLETE


def test_links_emphasis_and_lists_survive_the_round_trip_and_scripts_do_not(translator):
    article = untranslated()
    _page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    texts = list(BODY_DE)
    texts[4] = 'Jatco <strong>stellt</strong> 200 Leute ein.<script>alert("x")</script><img src=x onerror=alert(1)>'
    type_segments(data, texts)

    assert post(translator, article, data).status_code == 302

    stored = fresh(article).body_de
    assert "<script" not in stored and "onerror" not in stored and "alert" not in stored
    assert "<ul><li><p>Mehr Motoren</p></li>" in stored
    assert '<a href="https://example.org/ags"' in stored and "<em>wieder</em>" in stored
    page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    assert data["body-s2"] == [split(stored)[1].html]
    assert data["body-s5"] == ["Jatco <strong>stellt</strong> 200 Leute ein."]


def test_an_outdated_translation_marks_exactly_the_changed_paragraph_and_keeps_the_rest(translator):
    article = translated_and_complete(translator)
    article = edit_original(article, body_en=BODY_EN.replace("grows <em>again</em>", "grows <em>fast</em>"))
    assert article.translation_in("de").state == Translation.State.OUTDATED

    page, data = open_form(translator, translate_url(article, "de"), "translation_form")

    body = [row for row in rows(page) if _names(row, "body")]
    states = [row["class"].split("--")[-1] for row in body]
    assert states == ["confirmed", "outdated", "confirmed", "confirmed", "confirmed"]
    assert [row["data-needs-work"] for row in body] == ["false", "true", "false", "false", "false"]
    changes = body[1].find("div", class_="side-by-side__changes")
    assert [d.text for d in changes.find_all("del")] == ["again"]
    assert [i.text for i in changes.find_all("ins")] == ["fast"]
    # Every segment keeps its translation: the changed one as a start, the others as they were.
    assert data["body-s1"] == ["Eine zweite Linie"] and data["body-s5"] == ["Jatco stellt 200 Leute ein."]
    assert "wächst <em>wieder</em>" in data["body-s2"][0]

    data["body-s2"] = [data["body-s2"][0].replace("wieder", "schnell")]
    assert post(translator, article, data, "_complete").status_code == 302
    article = fresh(article)
    assert article.translation_in("de").state == Translation.State.COMPLETE
    assert "wächst <em>schnell</em>" in article.body_de and "Mehr Zulieferer" in article.body_de


def test_an_inserted_paragraph_is_new_and_empty_and_must_be_translated_before_completing(translator):
    article = translated_and_complete(translator)
    article = edit_original(article, body_en=BODY_EN.replace("<p>Jatco", "<p>Production starts in May.</p><p>Jatco"))

    page, data = open_form(translator, translate_url(article, "de"), "translation_form")

    body = [row for row in rows(page) if _names(row, "body")]
    assert [row["class"].split("--")[-1] for row in body] == ["confirmed"] * 4 + ["new", "confirmed"]
    assert body[4].find("span", class_="side-by-side__badge--new").text == "new"
    assert data["body-s5"] == [""] and data["body-s6"] == ["Jatco stellt 200 Leute ein."]

    response = post(translator, article, data, "_complete")
    assert response.status_code == 200
    assert "Body (segments 5)" in parse(response).find("p", class_="errornote").text
    assert parse(response).find("textarea", name="body-s6").raw_text.strip() == "Jatco stellt 200 Leute ein."
    assert fresh(article).translation_in("de").state == Translation.State.OUTDATED

    data["body-s5"] = ["Die Produktion beginnt im Mai."]
    assert post(translator, article, data, "_complete").status_code == 302
    assert [s.text for s in split(fresh(article).body_de)][4:] == [
        "Die Produktion beginnt im Mai.",
        "Jatco stellt 200 Leute ein.",
    ]


def test_a_removed_paragraph_takes_its_translation_with_it(translator):
    article = translated_and_complete(translator)
    article = edit_original(article, body_en=BODY_EN.replace("<p>Jatco hires 200 people.</p>", ""))

    _page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    assert [k for k in data if k.startswith("body-")] == [f"body-s{n}" for n in range(1, 5)]
    assert post(translator, article, data, "_complete").status_code == 302
    assert "Jatco stellt" not in fresh(article).body_de


def test_a_translation_typed_as_one_text_keeps_one_input_with_all_of_it(translator):
    article = ArticleFactory(body_en=BODY_EN, body_de="<p>Alles in einem Absatz, von Hand getippt.</p>")
    article = edit_original(article, body_en=BODY_EN.replace("200", "300"))

    page, data = open_form(translator, translate_url(article, "de"), "translation_form")

    assert not [k for k in data if k.startswith("body-s")]
    assert "Alles in einem Absatz" in data["body"][0]
    data["body"] = ["<p>Jetzt in zwei.</p><p>Absätzen.</p>"]
    assert post(translator, article, data).status_code == 302
    # Readers keep the released text until an editor releases the change.
    assert fresh(article).translation_in("de").pending["body"] == "<p>Jetzt in zwei.</p><p>Absätzen.</p>"


def test_a_segment_holding_a_paragraph_of_its_own_is_refused_and_kept(translator):
    article = untranslated()
    _page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    texts = list(BODY_DE)
    texts[4] = "Jatco stellt ein.</p><p>Zweiter Absatz"
    type_segments(data, texts)

    response = post(translator, article, data)

    assert response.status_code == 200
    page = parse(response)
    assert "one segment" in page.find("textarea", name="body-s5").parent.text
    assert "Zweiter Absatz" in page.find("textarea", name="body-s5").raw_text
    assert fresh(article).body_de == ""


def test_two_translators_changing_the_same_segment_the_second_is_refused_on_that_segment_only(translator):
    article = translated_and_complete(translator)
    other = Client()
    other.force_login(TranslatorFactory(username="other"))
    _page, mine = open_form(translator, translate_url(article, "de"), "translation_form")
    _page, theirs = open_form(other, translate_url(article, "de"), "translation_form")
    theirs["body-s5"] = ["Jatco stellt zweihundert Leute ein."]
    assert post(other, article, theirs).status_code == 302

    mine["body-s5"] = ["Jatco beschäftigt 200 Leute mehr."]
    response = post(translator, article, mine)

    assert response.status_code == 200
    page = parse(response)
    errors = [row for row in rows(page) if row.find_all("ul", class_="errorlist")]
    assert [_names(row, "body") for row in errors] == [["body-s5"]]
    assert "zweihundert" in errors[0].find("ul", class_="errorlist").text
    assert page.find("textarea", name="body-s5").raw_text.strip() == "Jatco beschäftigt 200 Leute mehr."
    assert "zweihundert" in fresh(article).body_de


def test_interview_answers_and_corrections_are_translated_paragraph_by_paragraph(translator):
    article = ArticleFactory(kind=Article.Kind.INTERVIEW, released_translations=False)
    exchange = article.exchanges.create(
        order=1, question_en="Why here?", answer_en="Suppliers.\n\nAnd the rules of origin.", question_de=""
    )
    correction = article.corrections.create(text_en="The plant opened in 2013, not 2014.")

    page, data = open_form(translator, translate_url(article, "de"), "translation_form")

    answer = f"exchanges-{exchange.pk}-answer"
    note = f"corrections-{correction.pk}-text"
    assert [k for k in data if k.startswith(answer)] == [f"{answer}-s1", f"{answer}-s2"]
    assert [k for k in data if k.startswith(note)] == [f"{note}-s1"]
    assert f"exchanges-{exchange.pk}-question" in data  # a question stays one input

    data.update(
        {
            f"{answer}-s1": ["Zulieferer."],
            f"{answer}-s2": ["Und die Ursprungsregeln."],
            f"{note}-s1": ["Das Werk öffnete 2013, nicht 2014."],
            f"exchanges-{exchange.pk}-question": ["Warum hier?"],
        }
    )
    assert post(translator, article, data).status_code == 302
    exchange.refresh_from_db()
    correction.refresh_from_db()
    assert exchange.answer_de == "Zulieferer.\n\nUnd die Ursprungsregeln."
    assert correction.text_de == "Das Werk öffnete 2013, nicht 2014."

    _page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    assert data[f"{answer}-s2"] == ["Und die Ursprungsregeln."]


@pytest.mark.parametrize("forged", ["body-s99", "body", "body-s0", "headline-s1", "exchanges-9999-answer-s1"])
def test_inputs_the_page_did_not_show_are_refused_and_change_nothing(translator, forged):
    article = untranslated()
    _page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    type_segments(data, BODY_DE)
    data[forged] = ["<p>Gefälscht</p>"]

    response = post(translator, article, data)

    assert response.status_code == 403
    assert fresh(article).body_de == ""


def test_the_filter_for_segments_that_need_work_is_a_checkbox_that_loses_nothing(translator):
    article = translated_and_complete(translator)
    article = edit_original(article, body_en=BODY_EN.replace("200", "300"))

    page = get_page(translator, translate_url(article, "de"))

    toggle = page.find("input", id="needs-work-only")
    assert toggle["type"] == "checkbox" and toggle.get("name") is None  # never posted, never a link
    assert "(1 of" in page.find("label", **{"for": "needs-work-only"}).text
    for textarea in page.find_all("textarea"):
        assert page.find("label", **{"for": textarea["id"]}) is not None


def test_the_page_of_a_long_outdated_article_costs_a_fixed_number_of_queries(translator, django_assert_max_num_queries):
    body_en = long_body()
    english, german = split(body_en), split(long_body(german=True))
    assert len(english) == 60 and len(" ".join(s.text for s in english).split()) >= 3000
    article = translated_and_complete(translator, body_en=body_en, texts=[s.html for s in german])
    changed = body_en
    for segment in (english[2], english[20], english[40]):
        changed = changed.replace(segment.html, segment.html.replace("(", "(changed "), 1)
    article = edit_original(article, body_en=changed)

    translator.get(translate_url(article, "de"))  # sessions and content types warm, as in use
    with django_assert_max_num_queries(8):
        response = translator.get(translate_url(article, "de"))

    page = parse(response)
    body = [row for row in rows(page) if _names(row, "body")]
    assert len(body) == 60
    assert sum(row["data-needs-work"] == "true" for row in body) == 3


def test_a_changed_segment_left_as_it_was_stays_marked_after_saving_the_others(translator):
    article = translated_and_complete(translator)
    article = edit_original(
        article,
        body_en=BODY_EN.replace("grows <em>again</em>", "grows <em>fast</em>").replace("200", "300"),
    )
    _page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    data["body-s5"] = ["Jatco stellt 300 Leute ein."]

    assert post(translator, article, data).status_code == 302

    page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    body = [row for row in rows(page) if _names(row, "body")]
    assert [row["class"].split("--")[-1] for row in body] == ["confirmed", "outdated", "confirmed"] + ["confirmed"] * 2
    assert [i.text for i in body[1].find("div", class_="side-by-side__changes").find_all("ins")] == ["fast"]
    assert data["body-s5"] == ["Jatco stellt 300 Leute ein."]


def test_an_original_changed_while_translating_keeps_the_segments_as_seen_and_marks_the_new_one(translator):
    article = untranslated()
    _page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    edit_original(article, body_en=BODY_EN.replace("<p>Jatco", "<p>Production starts in May.</p><p>Jatco"))

    type_segments(data, BODY_DE)
    response = post(translator, article, data, "_complete")

    assert response.status_code == 302
    article = fresh(article)
    assert article.translation_in("de").state == Translation.State.OUTDATED
    assert [s.text for s in split(article.body_de)] == [
        "Eine zweite Linie",
        "Das Werk in Aguascalientes wächst wieder.",
        "Mehr Motoren",
        "Mehr Zulieferer",
        "Jatco stellt 200 Leute ein.",
    ]
    page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    body = [row for row in rows(page) if _names(row, "body")]
    assert [row["class"].split("--")[-1] for row in body] == ["confirmed"] * 4 + ["new", "confirmed"]
    assert data["body-s6"] == ["Jatco stellt 200 Leute ein."]


def test_segments_saved_after_release_wait_for_the_editor_and_the_page_shows_them(translator):
    article = ArticleFactory(body_en=BODY_EN, body_de=stitch(BODY_EN, BODY_DE, rich=True))
    assert article.translation_in("de").is_released
    _page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    data["body-s3"] = ["Viel mehr Motoren"]

    assert post(translator, article, data).status_code == 302

    stored = fresh(article)
    assert "<p>Mehr Motoren</p>" in stored.body_de  # readers keep the released text
    assert "<p>Viel mehr Motoren</p>" in stored.translation_in("de").pending["body"]
    _page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    assert data["body-s3"] == ["Viel mehr Motoren"] and data["body-s4"] == ["Mehr Zulieferer"]
