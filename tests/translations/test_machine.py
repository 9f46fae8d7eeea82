"""Machine translation as a suggestion: the providers' clients against stand-ins speaking DeepL's and
LibreTranslate's documented APIs on a local port, and the side-by-side page that asks them, shows what
they suggest as machine-made, and records a suggestion taken unchanged so readers are told."""

import logging
import time

import feedparser
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from newsroom.articles.models import Article
from newsroom.translations import machine, memory, segments
from newsroom.translations.models import Translation
from newsroom.translations.workflow import record_edit
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory, TranslatorFactory
from tests.pages import form_data, get_page, logged_in, open_form, parse, translate_in_admin, translate_url, url_in
from tests.servers import spare_port

from .machine_servers import FakeDeepL, FakeLibreTranslate

pytestmark = pytest.mark.django_db


@pytest.fixture
def deepl():
    with FakeDeepL() as service:
        yield service


@pytest.fixture
def libretranslate():
    with FakeLibreTranslate() as service:
        yield service


@pytest.fixture
def machine_on(settings, deepl):
    settings.TRANSLATION_MACHINE = {
        "BACKEND": "deepl",
        "OPTIONS": {"url": deepl.url, "key": FakeDeepL.key, "timeout": 2},
    }
    return deepl


@pytest.fixture
def translator():
    return logged_in(TranslatorFactory(username="translator"))


@pytest.fixture
def editor():
    return logged_in(EditorFactory(username="editor"))


def english_only(**texts):
    return ArticleFactory(
        **{
            "headline_en": "Jatco hires workers",
            "standfirst_en": "Jatco builds a second line in Aguascalientes.",
            "body_en": (
                '<p>Jatco <a href="https://jatco.example/">hires</a> 200 <em>workers</em>.</p><p>A second line.</p>'
            ),
            "headline_de": "",
            "standfirst_de": "",
            "body_de": "",
            "slug_de": "",
            "released_translations": False,
            **texts,
        }
    )


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# The clients, against the services' documented APIs


def test_deepl_is_asked_with_its_key_for_html_in_one_request_and_answers_in_order(deepl):
    provider = machine.DeepL(url=deepl.url, key=FakeDeepL.key)

    translated = provider.translate(["Jatco hires workers", 'Jatco <a href="/x">builds</a> a line'], "en", "de")

    assert translated == ["Jatco stellt Arbeiter ein", 'Jatco <a href="/x">baut</a> eine Linie']
    [request] = deepl.requests
    assert request["path"] == "/v2/translate"
    assert request["headers"]["Authorization"] == "DeepL-Auth-Key secret-key:fx"
    assert request["json"] == {
        "text": ["Jatco hires workers", 'Jatco <a href="/x">builds</a> a line'],
        "source_lang": "EN",
        "target_lang": "DE",
        "tag_handling": "html",
    }


def test_deepl_goes_to_the_free_or_the_pro_api_by_its_key_unless_told_where():
    assert machine.DeepL(key="abc:fx").base_url() == "https://api-free.deepl.com"
    assert machine.DeepL(key="abc").base_url() == "https://api.deepl.com"
    assert machine.DeepL(key="abc:fx", url="http://127.0.0.1:9/").base_url() == "http://127.0.0.1:9/"


def test_deepl_gets_at_most_fifty_texts_a_request(deepl):
    provider = machine.DeepL(url=deepl.url, key=FakeDeepL.key)

    translated = provider.translate(["line"] * 120, "en", "de")

    assert translated == ["Linie"] * 120
    assert [len(request["json"]["text"]) for request in deepl.requests] == [50, 50, 20]


def test_libretranslate_is_asked_for_html_with_its_api_key(libretranslate):
    libretranslate.key = "lt-key"
    provider = machine.LibreTranslate(url=libretranslate.url, key="lt-key")

    assert provider.translate(["<em>second</em> line", "Aguascalientes"], "en", "de") == [
        "<em>zweite</em> Linie",
        "Aguascalientes",
    ]
    [request] = libretranslate.requests
    assert request["path"] == "/translate"
    assert request["json"] == {
        "q": ["<em>second</em> line", "Aguascalientes"],
        "source": "en",
        "target": "de",
        "format": "html",
        "api_key": "lt-key",
    }


def test_a_libretranslate_without_a_key_is_sent_none(libretranslate):
    machine.LibreTranslate(url=libretranslate.url).translate(["line"], "en", "de")

    assert "api_key" not in libretranslate.requests[0]["json"]


def test_a_wrong_key_an_error_a_slow_answer_and_no_server_are_unavailable(deepl):
    with pytest.raises(machine.Unavailable, match="403"):
        machine.DeepL(url=deepl.url, key="wrong").translate(["line"], "en", "de")

    deepl.status = 500
    with pytest.raises(machine.Unavailable, match="500"):
        machine.DeepL(url=deepl.url, key=FakeDeepL.key).translate(["line"], "en", "de")

    deepl.status, deepl.delay = 200, 2
    began = time.monotonic()
    with pytest.raises(machine.Unavailable, match="timed out"):
        machine.DeepL(url=deepl.url, key=FakeDeepL.key, timeout=0.3).translate(["line"], "en", "de")
    assert time.monotonic() - began < 1.5

    with pytest.raises(machine.Unavailable, match="refused"):
        machine.DeepL(url=f"http://127.0.0.1:{spare_port()}", key=FakeDeepL.key).translate(["line"], "en", "de")


def test_suggest_is_none_when_off_and_when_the_service_fails_and_says_so_in_the_log(settings, deepl, caplog):
    settings.TRANSLATION_MACHINE = None
    assert machine.suggest(["line"], "en", "de") is None
    assert deepl.requests == []

    settings.TRANSLATION_MACHINE = {"BACKEND": "deepl", "OPTIONS": {"url": deepl.url, "key": FakeDeepL.key}}
    deepl.status = 503
    with caplog.at_level(logging.WARNING, logger="newsroom.translations.machine"):
        assert machine.suggest(["line"], "en", "de") is None
    assert "Machine translation unavailable" in caplog.text


def test_a_misconfigured_provider_gives_no_suggestion_rather_than_an_error(settings, caplog):
    settings.TRANSLATION_MACHINE = {"BACKEND": "deepl", "OPTIONS": {"url": "not a url", "key": "k"}}

    with caplog.at_level(logging.WARNING, logger="newsroom.translations.machine"):
        assert machine.suggest(["line"], "en", "de") is None
    assert "Machine translation" in caplog.text


def test_a_provider_that_cannot_be_built_is_reported_at_start_and_the_page_works_without(settings, translator):
    settings.TRANSLATION_MACHINE = {"BACKEND": "newsroom.translations.machine.Babelfish", "OPTIONS": {}}

    assert [error.id for error in machine.check_configuration()] == ["translations.E001"]
    page = get_page(translator, translate_url(english_only(), "de"))
    assert page.find_all("input", name="_suggest") == []

    settings.TRANSLATION_MACHINE = {"BACKEND": "deepl", "OPTIONS": {"colour": "blue"}}
    assert [error.id for error in machine.check_configuration()] == ["translations.E001"]
    settings.TRANSLATION_MACHINE = {"BACKEND": "deepl", "OPTIONS": {"key": "k:fx"}}
    assert machine.check_configuration() == []


def test_the_provider_is_named_by_a_dotted_path_too(settings, libretranslate):
    settings.TRANSLATION_MACHINE = {
        "BACKEND": "newsroom.translations.machine.LibreTranslate",
        "OPTIONS": {"url": libretranslate.url},
    }

    assert machine.suggest(["line"], "en", "de") == ["Linie"]


# The side-by-side page


def press_suggest(client, article, **typed):
    url = translate_url(article, "de")
    _page, data = open_form(client, url, "translation_form")
    data.update({field: [text] for field, text in typed.items()})
    data["_suggest"] = ["1"]
    return client.post(url, data)


def suggestions(page) -> dict[str, dict]:
    """Each machine suggestion the page shows, by the field it is for: its label and its text."""
    found = {}
    for box in page.find_all("div", class_="translation-suggestion--machine"):
        button = box.find("button", class_="segment-aids__use")
        found[button["data-target"]] = {
            "label": box.find("p", class_="translation-suggestion__source").text.strip(),
            "text": button["data-text"],
        }
    return found


def test_machine_translation_is_off_by_default_no_button_and_no_request(translator, deepl):
    article = english_only()

    page = get_page(translator, translate_url(article, "de"))

    assert page.find_all("input", name="_suggest") == []
    assert press_suggest(translator, article).status_code == 403
    assert deepl.requests == []


def test_suggestions_fill_nothing_keep_what_was_typed_and_are_marked_as_machine_made(translator, machine_on):
    article = english_only()
    page = get_page(translator, translate_url(article, "de"))
    assert page.find("input", name="_suggest")["value"] == "Suggest machine translations for empty segments"

    response = press_suggest(translator, article, headline="Jatco sucht Leute")

    assert response.status_code == 200
    page = parse(response)
    assert page.find("input", name="headline")["value"] == "Jatco sucht Leute"
    shown = suggestions(page)
    assert set(shown) == {"id_standfirst", "id_body-s1", "id_body-s2"}
    assert shown["id_standfirst"] == {
        "label": "Machine translation (DeepL) — check before use",
        "text": "Jatco baut eine zweite Linie in Aguascalientes.",
    }
    # Each paragraph on its own, its links and emphasis kept.
    assert shown["id_body-s1"]["text"] == 'Jatco <a href="https://jatco.example/">stellt</a> 200 <em>Arbeiter ein</em>.'
    assert shown["id_body-s2"]["text"] == "Eine zweite Linie."
    # The fields stay empty until the translator takes a suggestion.
    assert form_data(page, "translation_form")["standfirst"] == [""]
    # One request for every empty text; the typed headline is not sent.
    [request] = machine_on.requests
    assert request["json"]["text"] == [
        article.standfirst_en,
        'Jatco <a href="https://jatco.example/">hires</a> 200 <em>workers</em>.',
        "A second line.",
    ]
    stored = fresh(article)
    assert (stored.headline_de, stored.standfirst_de) == ("", "")
    assert fresh(article).translation_in("de").machine_translated == {}


def test_a_service_that_fails_leaves_the_page_working_and_says_so(translator, machine_on):
    article = english_only()
    machine_on.status = 502

    response = press_suggest(translator, article, headline="Jatco sucht Leute")

    assert response.status_code == 200
    page = parse(response)
    assert "Machine suggestion unavailable" in page.find("ul", class_="messagelist").text
    assert page.find("input", name="headline")["value"] == "Jatco sucht Leute"
    assert suggestions(page) == {}


def test_what_a_service_answers_is_sanitized_before_anyone_sees_it(translator, machine_on):
    article = english_only(headline_de="Jatco stellt ein", standfirst_en="", body_en="<p>Jatco hires.</p>")
    machine_on.answers = ['Jatco <script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">stellt</a> ein.']

    response = press_suggest(translator, article)

    assert b"alert(1)" not in response.content
    page = parse(response)
    suggestion = suggestions(page)["id_body-s1"]["text"]
    assert "<script" not in suggestion and "javascript:" not in suggestion and "onclick" not in suggestion
    assert "stellt" in suggestion


def test_a_service_answering_fewer_texts_than_asked_gives_no_suggestion(translator, machine_on):
    article = english_only()
    machine_on.answers = ["Nur einer"]

    page = parse(press_suggest(translator, article))

    assert "Machine suggestion unavailable" in page.find("ul", class_="messagelist").text
    assert suggestions(page) == {}


def test_an_editor_may_ask_too(editor, machine_on):
    article = english_only()

    assert get_page(editor, translate_url(article, "de")).find("input", name="_suggest")
    assert suggestions(parse(press_suggest(editor, article)))


def test_asking_for_suggestions_is_refused_to_those_who_may_not_translate_into_the_language(machine_on):
    article = english_only()
    url = translate_url(article, "de")
    _page, data = open_form(logged_in(TranslatorFactory(username="german")), url, "translation_form")
    data["_suggest"] = ["1"]

    for user in (TranslatorFactory(username="spanish", languages=["en"]), ReporterFactory(username="reporter")):
        assert logged_in(user).post(url, data).status_code == 403
    assert machine_on.requests == []


def test_a_forged_suggestion_post_cannot_save_or_add_fields(translator, machine_on):
    article = english_only(headline_de="Alt")
    _page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    data.update({"_suggest": ["1"], "headline_en": ["Forged"]})

    assert translator.post(translate_url(article, "de"), data).status_code == 403
    assert machine_on.requests == []
    assert (fresh(article).headline_en, fresh(article).headline_de) == ("Jatco hires workers", "Alt")


def take_and_complete(client, article, *, change=None):
    """Ask for suggestions, take each as "Use this" does (changing `change` field's text), mark complete."""
    url = translate_url(article, "de")
    page = parse(press_suggest(client, article, headline="Jatco stellt Leute ein"))
    data = form_data(page, "translation_form")
    for field, suggestion in suggestions(page).items():
        data[field.removeprefix("id_")] = [suggestion["text"]]
    if change:
        data[change] = [data[change][0].replace("zweite", "weitere")]
    data["_complete"] = ["1"]
    return client.post(url, data)


def machine_made(obj, language="de") -> set[str]:
    """The words of each text or segment of `obj`'s translation recorded as the machine's."""
    obj = fresh(obj)
    taken = obj.translation_in(language).machine_translated
    return {
        memory.plain(piece)
        for text in obj.texts_in(language).values()
        for piece in (text, *(segment.html for segment in segments.split(text)))
        if machine.taken_key(piece) in taken
    }


def test_a_suggestion_taken_unchanged_is_recorded_and_readers_are_told(translator, editor, machine_on):
    article = english_only()

    assert take_and_complete(translator, article).status_code == 302

    translation = fresh(article).translation_in("de")
    assert translation.state == Translation.State.COMPLETE
    assert machine_made(article) == {
        "Jatco baut eine zweite Linie in Aguascalientes.",
        "Jatco stellt 200 Arbeiter ein.",
        "Eine zweite Linie.",
    }
    assert list(translation.machine_translated.values()) == ["DeepL"] * 3
    assert fresh(article).standfirst_de == "Jatco baut eine zweite Linie in Aguascalientes."
    assert fresh(article).body_de == (
        '<p>Jatco <a href="https://jatco.example/">stellt</a> 200 <em>Arbeiter ein</em>.</p><p>Eine zweite Linie.</p>'
    )
    # Until released, German readers get the English original, which no machine made.
    assert get_page(Client(), fresh(article).url_in("de")).find_all("aside", class_="provenance") == []
    assert translate_in_admin(editor, article, "de", "_release").status_code == 302

    german = get_page(Client(), fresh(article).url_in("de"))
    label = german.find("ul", class_="labels").find(
        "a", href=url_in("de", "articles:ai-labels") + "#machine-translated"
    )
    assert label.text == "Maschinell unterstützt übersetzt"
    note = german.find("aside", class_="provenance").text
    assert "Mit Hilfe maschineller Übersetzung (DeepL) übersetzt" in note
    feed = feedparser.parse(Client().get(url_in("de", "articles:feed-rss")).content)
    [item] = [entry for entry in feed.entries if entry.title == "Jatco stellt Leute ein"]
    assert "Mit Hilfe maschineller Übersetzung (DeepL) übersetzt" in item.description
    english = get_page(Client(), fresh(article).url_in("en"))
    assert english.find_all("aside", class_="provenance") == []


def test_a_suggestion_the_translator_changed_is_theirs_and_no_label_is_shown(translator, editor, machine_on):
    article = english_only(body_en="")

    assert take_and_complete(translator, article, change="standfirst").status_code == 302

    assert fresh(article).translation_in("de").machine_translated == {}
    assert fresh(article).standfirst_de == "Jatco baut eine weitere Linie in Aguascalientes."
    assert translate_in_admin(editor, article, "de", "_release").status_code == 302
    assert get_page(Client(), fresh(article).url_in("de")).find_all("aside", class_="provenance") == []


def test_only_the_segments_taken_unchanged_are_machine_made(translator, machine_on):
    article = english_only(standfirst_en="")

    assert take_and_complete(translator, article, change="body-s2").status_code == 302

    assert machine_made(article) == {"Jatco stellt 200 Arbeiter ein."}
    assert len(fresh(article).translation_in("de").machine_translated) == 1
    assert fresh(article).body_de.endswith("<p>Eine weitere Linie.</p>")


def test_rewriting_a_taken_suggestion_later_takes_the_label_away(translator, editor, machine_on):
    article = english_only(body_en="")
    take_and_complete(translator, article)
    assert machine_made(article) == {"Jatco baut eine zweite Linie in Aguascalientes."}

    translate_in_admin(translator, article, "de", "_complete", standfirst="Jatco eröffnet ein zweites Werk.")

    assert fresh(article).translation_in("de").machine_translated == {}


def has_machine_label(article) -> bool:
    # The page's cached blocks are dropped when the change commits, which a test's never does.
    cache.clear()
    german = get_page(Client(), fresh(article).url_in("de"))
    return bool(german.find_all("a", href=url_in("de", "articles:ai-labels") + "#machine-translated"))


def test_a_machine_paragraph_moved_by_an_inserted_one_keeps_its_label_until_rewritten(translator, editor, machine_on):
    article = english_only(standfirst_en="", body_en="<p>A second line.</p>")
    assert take_and_complete(translator, article).status_code == 302
    assert translate_in_admin(editor, article, "de", "_release").status_code == 302
    assert has_machine_label(article)

    # A paragraph inserted before the machine's: that one moves from the first input to the second.
    article = fresh(article)
    article.body_en = "<p>Production starts in May.</p><p>A second line.</p>"
    article.save()
    record_edit(article, by=None)
    url = translate_url(article, "de")
    _page, data = open_form(translator, url, "translation_form")
    assert data["body-s2"] == ["Eine zweite Linie."]
    data.update({"body-s1": ["Die Produktion beginnt im Mai."], "_complete": ["1"]})
    assert translator.post(url, data).status_code == 302
    assert translate_in_admin(editor, article, "de", "_release").status_code == 302

    assert fresh(article).body_de == "<p>Die Produktion beginnt im Mai.</p><p>Eine zweite Linie.</p>"
    assert has_machine_label(article)  # the machine's words, word for word, are still what readers get
    assert machine_made(article) == {"Eine zweite Linie."}

    # Rewritten, they are the translator's: the label goes once readers get the new words.
    _page, data = open_form(translator, url, "translation_form")
    data.update({"body-s2": ["Eine weitere Linie."], "_complete": ["1"]})
    assert translator.post(url, data).status_code == 302
    assert has_machine_label(article)  # readers still get the machine's paragraph until release
    assert translate_in_admin(editor, article, "de", "_release").status_code == 302
    assert not has_machine_label(article)
    assert fresh(article).translation_in("de").machine_translated == {}


def test_asking_for_suggestions_costs_no_more_queries_than_opening_the_page(translator, machine_on):
    article = english_only()
    url = translate_url(article, "de")
    _page, data = open_form(translator, url, "translation_form")
    data["_suggest"] = ["1"]

    with CaptureQueriesContext(connection) as opening:
        assert translator.get(url).status_code == 200
    with CaptureQueriesContext(connection) as asking:
        assert translator.post(url, data).status_code == 200

    assert len(asking) <= len(opening), [query["sql"] for query in asking]


def test_an_interviews_answer_taken_from_the_machine_is_recorded_by_its_question(translator, machine_on):
    interview = english_only(kind=Article.Kind.INTERVIEW, standfirst_en="", body_en="", headline_de="Jatco")
    exchange = interview.exchanges.create(question_en="A second line?", answer_en="Jatco builds a line.")
    exchange.question_de = "Eine zweite Linie?"
    exchange.save()

    assert take_and_complete(translator, interview).status_code == 302

    # An answer is translated paragraph by paragraph: this one has one.
    assert machine_made(interview) == {"Jatco baut eine Linie."}
    assert list(fresh(interview).translation_in("de").machine_translated.values()) == ["DeepL"]
    exchange.refresh_from_db()
    assert exchange.answer_de == "Jatco baut eine Linie."
