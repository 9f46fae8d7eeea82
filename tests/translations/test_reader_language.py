"""One rule marks a text shown in another language than the page's: on its element, or around a name.

Filter options follow the same rule: tests/test_listing_widgets.py."""

import pytest
from django.template import Context, Template
from django.utils import translation

from newsroom.translations.templatetags.reader_language import marked_language
from tests.factories import PersonFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load reader_language %}" + source).render(Context(context))


def test_a_text_in_the_page_language_is_not_marked():
    person = PersonFactory(position_en="Governor", position_de="Gouverneurin")

    with translation.override("de"):
        assert marked_language(person) == marked_language(person.text) == marked_language("de") == ""
        assert render("<p{{ t|lang_attribute }}>{{ t.position }}</p>", t=person.text) == "<p>Gouverneurin</p>"


def test_a_text_shown_in_its_original_is_marked_on_its_element():
    person = PersonFactory(position_en="Governor", position_de="")

    with translation.override("de"):
        assert marked_language(person) == marked_language(person.text) == marked_language("en") == "en"
        html = render("<p{{ t|lang_attribute }}>{{ t.position }}</p>", t=person.text)

    assert html == '<p lang="en">Governor</p>'


def test_a_name_within_a_sentence_is_wrapped_only_where_it_is_in_another_language():
    translated = PlaceFactory(name_en="Mexico City", name_de="Mexiko-Stadt")
    untranslated = PlaceFactory(name_en="R&D Park", name_de="")

    with translation.override("de"):
        html = render("{{ translated|with_lang }}, {{ untranslated|with_lang }}", **locals())

    assert html == 'Mexiko-Stadt, <span lang="en">R&amp;D Park</span>'


def test_a_text_that_is_not_a_language_code_is_never_taken_for_one():
    with translation.override("de"):
        assert marked_language("Governor") == marked_language(None) == ""
        assert render("<p{{ text|lang_attribute }}>{{ text }}</p>", text="Governor") == "<p>Governor</p>"
