"""A translation's states, what changes them, and what readers get in each, in both languages."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from newsroom.articles.models import Article
from newsroom.translations.models import Translation
from newsroom.translations.workflow import mark_complete, record_edit, release, withdraw, word_diff
from tests.factories import ArticleFactory, EditorFactory, OrganizationFactory, TranslatorFactory
from tests.pages import get_page, url_in

pytestmark = pytest.mark.django_db

UNTRANSLATED = {"headline_de": "", "standfirst_de": "", "body_de": ""}


def state_of(obj, language="de"):
    obj.forget_translations()
    return obj.translation_in(language)


def german_page(article):
    """What a German reader gets at the article's German address (following a redirect)."""
    response = Client().get(url_in("de", "articles:detail", slug=Article.objects.get(pk=article.pk).slug_in("de")))
    assert response.status_code == 200
    return get_page(Client(), response.request["PATH_INFO"])


def test_a_new_object_has_a_missing_translation_for_every_language_but_its_original():
    article = ArticleFactory(**UNTRANSLATED)
    german_original = ArticleFactory(original_language="de", headline_en="", standfirst_en="", body_en="")

    assert state_of(article, "de").state == Translation.State.MISSING
    assert state_of(article, "en") is None
    assert state_of(german_original, "en").state == Translation.State.MISSING
    assert state_of(german_original, "de") is None


def test_a_translation_goes_from_missing_to_in_progress_to_complete_to_outdated_and_back():
    translator = TranslatorFactory()
    editor = EditorFactory()
    article = ArticleFactory(**UNTRANSLATED)

    article.headline_de = "Jatco eröffnet eine zweite Linie"
    article.save()
    record_edit(article, by=translator)
    translation = state_of(article)
    assert (translation.state, translation.state_changed_by) == (Translation.State.IN_PROGRESS, translator)

    article.standfirst_de = "Der Getriebehersteller wächst."
    article.body_de = "<p>Zweihundert neue Stellen.</p>"
    article.save()
    mark_complete(article, "de", by=translator)
    translation = state_of(article)
    assert (translation.state, translation.state_changed_by) == (Translation.State.COMPLETE, translator)
    assert translation.source["standfirst"] == article.standfirst_en

    article.standfirst_en = "The gearbox maker grows in Aguascalientes."
    article.save()
    record_edit(article, by=editor)
    translation = state_of(article)
    assert (translation.state, translation.state_changed_by) == (Translation.State.OUTDATED, editor)
    assert translation.state_changed_at is not None

    article.standfirst_de = "Der Getriebehersteller wächst in Aguascalientes."
    article.save()
    mark_complete(article, "de", by=translator)
    translation = state_of(article)
    assert translation.state == Translation.State.COMPLETE
    assert translation.source["standfirst"] == "The gearbox maker grows in Aguascalientes."


def test_a_change_that_does_not_affect_translations_keeps_them_complete_against_the_corrected_original():
    article = ArticleFactory(standfirst_en="The gearbox maker grwos.")

    article.standfirst_en = "The gearbox maker grows."
    article.save()
    record_edit(article, by=EditorFactory(), affects_translations=False)

    translation = state_of(article)
    assert translation.state == Translation.State.COMPLETE
    assert translation.source["standfirst"] == "The gearbox maker grows."


def test_changing_a_translation_or_a_field_that_is_not_translated_does_not_outdate_it():
    article = ArticleFactory()

    article.headline_de = "Eine bessere Überschrift"
    article.is_featured = True
    article.save()
    record_edit(article, by=EditorFactory())

    assert state_of(article).state == Translation.State.COMPLETE


def test_a_new_question_in_an_interview_outdates_its_translation():
    interview = ArticleFactory(kind=Article.Kind.INTERVIEW)
    interview.exchanges.create(
        order=1, question_en="Why Aguascalientes?", question_de="Warum?", answer_en="A.", answer_de="A."
    )
    mark_complete(interview, "de", by=None)

    added = interview.exchanges.create(order=2, question_en="What next?", answer_en="Nagoya.")
    record_edit(interview, by=None)

    translation = state_of(interview)
    assert translation.state == Translation.State.OUTDATED
    assert f"exchanges.{added.pk}.question" not in translation.source
    assert interview.original_texts()[f"exchanges.{added.pk}.question"] == "What next?"


def test_a_translation_cannot_be_marked_complete_while_a_field_is_missing():
    article = ArticleFactory(body_de="", released_translations=False)

    with pytest.raises(ValidationError) as refusal:
        mark_complete(article, "de", by=None)
    assert refusal.value.code == "incomplete"
    assert state_of(article).state == Translation.State.IN_PROGRESS


def test_a_translation_marked_complete_from_an_original_that_changed_meanwhile_is_outdated_at_once():
    article = ArticleFactory(standfirst_en="Now.", released_translations=False)
    seen = {**article.original_texts(), "standfirst": "Before."}

    translation = mark_complete(article, "de", by=None, translated_from=seen)

    assert translation.state == Translation.State.OUTDATED
    assert translation.source["standfirst"] == "Before."


def test_only_a_complete_translation_can_be_released():
    article = ArticleFactory(body_de="", released_translations=False)

    with pytest.raises(ValidationError) as refusal:
        release(state_of(article), by=None)
    assert refusal.value.code == "not_complete"


# What readers get


def test_german_readers_get_the_english_original_with_a_notice_until_the_translation_is_released():
    article = ArticleFactory(
        headline_en="Jatco opens a second line", headline_de="Jatco eröffnet", released_translations=False
    )
    mark_complete(article, "de", by=None)

    page = german_page(article)
    assert page.find("h1").text == "Jatco opens a second line"
    assert page.find("h1").get("lang") == "en"
    assert "noch nicht auf Deutsch" in page.find("p", class_="notice").text
    hreflangs = {link["hreflang"] for link in page.find_all("link", rel="alternate", hreflang=True)}
    assert hreflangs == {"en", "x-default"}

    release(state_of(article), by=None)

    page = german_page(article)
    assert page.find("h1").text == "Jatco eröffnet"
    assert page.find_all("p", class_="notice") == []
    assert {link["hreflang"] for link in page.find_all("link", rel="alternate", hreflang=True)} == {
        "en",
        "de",
        "x-default",
    }


def test_an_outdated_translation_stays_with_readers_until_it_is_updated():
    article = ArticleFactory(headline_de="Jatco eröffnet")
    article.standfirst_en = "A changed standfirst."
    article.save()
    record_edit(article, by=None)

    assert state_of(article).state == Translation.State.OUTDATED
    assert german_page(article).find("h1").text == "Jatco eröffnet"


def test_a_withdrawn_translation_is_no_longer_shown_to_readers_or_advertised():
    article = ArticleFactory(headline_en="Jatco opens a second line", headline_de="Jatco eröffnet")
    withdraw(state_of(article), by=None)

    page = german_page(article)
    assert page.find("h1").text == "Jatco opens a second line"
    assert {link["hreflang"] for link in page.find_all("link", rel="alternate", hreflang=True)} == {"en", "x-default"}


def test_lists_show_an_unreleased_translation_in_the_original_language_with_its_lang():
    section_article = ArticleFactory(
        headline_en="Mazda hires", headline_de="Mazda stellt ein", released_translations=False
    )
    mark_complete(section_article, "de", by=None)

    headlines = get_page(Client(), url_in("de", "articles:list")).find_all("h3", class_="card__headline")
    assert [(h.text, h.get("lang")) for h in headlines] == [("Mazda hires", "en")]

    release(state_of(section_article), by=None)
    headlines = get_page(Client(), url_in("de", "articles:list")).find_all("h3", class_="card__headline")
    assert [(h.text, h.get("lang")) for h in headlines] == [("Mazda stellt ein", None)]


def test_an_organization_follows_the_same_rule():
    organization = OrganizationFactory(
        name_en="Jalisco Automotive Cluster", name_de="Automobilcluster Jalisco", released_translations=False
    )
    mark_complete(organization, "de", by=None)
    url = url_in("de", "organizations:detail", slug=organization.slug_in("de"))

    assert get_page(Client(), url).find("h1").text == "Jalisco Automotive Cluster"
    release(state_of(organization), by=None)
    organization.refresh_from_db()
    assert get_page(Client(), url_in("de", "organizations:detail", slug=organization.slug_in("de"))).find(
        "h1"
    ).text == ("Automobilcluster Jalisco")


def test_a_setting_releases_translations_when_they_are_marked_complete(settings):
    settings.TRANSLATIONS_RELEASE_AUTOMATICALLY = True
    article = ArticleFactory(headline_de="Jatco eröffnet", released_translations=False)

    translation = mark_complete(article, "de", by=None)

    assert translation.is_visible_to_readers
    assert german_page(article).find("h1").text == "Jatco eröffnet"


# The diff shown to translators


def test_the_word_diff_marks_removed_and_added_words():
    assert word_diff("Mazda hires 300 workers.", "Mazda hires 500 workers in Salamanca.") == [
        ("", "Mazda hires "),
        ("del", "300"),
        ("ins", "500"),
        ("", " workers"),
        ("ins", " in Salamanca"),
        ("", "."),
    ]


def test_the_word_diff_compares_the_words_of_rich_text_not_its_markup():
    segments = word_diff("<p>One <strong>plant</strong>.</p>", "<p>One plant.</p><p>Two lines.</p>")

    assert ("del", "<strong>") not in segments
    assert "".join(text for kind, text in segments if kind == "ins").strip() == "Two lines."
    assert all("<" not in text for _kind, text in segments)
