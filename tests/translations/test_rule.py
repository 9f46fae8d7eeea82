"""One language per object: a reader gets an object wholly in the asked language, or wholly in its original."""

import pytest
from django.utils import translation

from newsroom.articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SectionFactory,
    SeriesFactory,
    TagFactory,
)
from tests.pages import get_page, link_href, url_in

pytestmark = pytest.mark.django_db


def half_translated_article(**kwargs):
    """A German headline exists, but the German body does not: the article is not in German yet."""
    return ArticleFactory(
        headline_en="Nissan doubles output in Aguascalientes",
        headline_de="Nissan verdoppelt die Produktion in Aguascalientes",
        standfirst_en="A second shift starts in May.",
        standfirst_de="",
        body_en="<p>The plant hires 700 workers.</p>",
        body_de="",
        **kwargs,
    )


# The rule on one object


def test_a_complete_translation_is_read_in_the_asked_language():
    article = ArticleFactory(headline_de="Nissan verdoppelt die Produktion")

    assert article.text_language("de") == "de"
    with translation.override("de"):
        assert article.text.headline == "Nissan verdoppelt die Produktion"
        assert not article.text.is_original_shown


def test_an_incomplete_translation_is_read_wholly_in_the_original_language():
    article = half_translated_article()

    assert article.text_language("de") == "en"
    with translation.override("de"):
        text = article.text
        assert (text.headline, text.body) == (article.headline_en, article.body_en)
        assert text.is_original_shown


def test_an_article_written_in_german_is_read_in_german_by_an_english_reader_until_translated():
    article = ArticleFactory(
        original_language="de", headline_en="", standfirst_en="", body_en="", headline_de="Zwölf Zulieferer"
    )

    assert article.text_language("en") == "de"
    assert article.readable_languages == ["de"]
    with translation.override("en"):
        assert article.text.headline == "Zwölf Zulieferer"


# The rule on the article page


def test_a_half_translated_article_under_de_is_shown_entirely_in_english_with_a_notice(client):
    article = half_translated_article()

    page = get_page(client, article.url_in("de"))

    assert page.find("html")["lang"] == "de"
    headline = page.find("h1")
    assert (headline.text, headline.get("lang")) == ("Nissan doubles output in Aguascalientes", "en")
    assert page.find("p", class_="standfirst").get("lang") == "en"
    body = page.find("div", class_="article__body")
    assert body.get("lang") == "en"
    assert "The plant hires 700 workers." in body.text
    assert page.find_all(class_="notice")
    assert "Nissan verdoppelt" not in page.text


def test_a_translated_article_under_de_is_shown_in_german_without_a_notice_or_lang_override(client):
    article = ArticleFactory(headline_de="Nissan verdoppelt die Produktion", body_de="<p>700 neue Stellen.</p>")

    page = get_page(client, article.url_in("de"))

    headline = page.find("h1")
    assert headline.text == "Nissan verdoppelt die Produktion"
    assert headline.get("lang") is None
    assert "700 neue Stellen." in page.find("div", class_="article__body").text
    assert not page.find_all(class_="notice")
    assert article.headline_en not in page.text


def test_a_german_original_under_en_is_shown_in_german_marked_as_german(client):
    article = ArticleFactory(
        original_language="de",
        headline_en="",
        standfirst_en="",
        body_en="",
        headline_de="Zwölf Zulieferer reisen nach Japan",
        body_de="<p>Die Schulung dauert zwei Wochen.</p>",
    )

    page = get_page(client, article.url_in("en"))

    assert page.find("html")["lang"] == "en"
    assert page.find("h1").text == "Zwölf Zulieferer reisen nach Japan"
    assert page.find("h1")["lang"] == "de"
    assert page.find("div", class_="article__body")["lang"] == "de"
    assert page.find_all(class_="notice")


def test_an_untranslated_interview_shows_its_questions_and_answers_in_the_original(client):
    interview = ArticleFactory(kind=Article.Kind.INTERVIEW)
    interview.exchanges.create(
        question_en="What does the cluster need?",
        answer_en="Suppliers.",
        question_de="Was braucht der Cluster?",
        answer_de="",
    )

    page = get_page(client, interview.url_in("de"))

    assert page.find("dl", class_="interview").find("dt").text == "What does the cluster need?"
    assert "Was braucht der Cluster?" not in page.text
    assert page.find("h1")["lang"] == "en"
    assert interview.headline_de not in page.text


# Links between languages


def test_alternates_name_only_the_languages_an_article_is_complete_in(client):
    article = half_translated_article()

    page = get_page(client, article.url_in("de"))

    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}
    assert alternates == {
        "en": f"http://testserver{article.url_in('en')}",
        "x-default": f"http://testserver{article.url_in('en')}",
    }


def test_the_default_alternate_of_a_german_original_is_its_german_page(client):
    article = ArticleFactory(original_language="de")

    page = get_page(client, article.url_in("en"))

    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}
    assert alternates["x-default"] == f"http://testserver{article.url_in('de')}"
    assert set(alternates) == {"en", "de", "x-default"}


def test_the_language_switcher_of_an_untranslated_article_leads_to_the_original_with_a_notice(client):
    article = half_translated_article()

    english = get_page(client, article.url_in("en"))
    german = get_page(client, link_href(english.find("nav", class_="language-switcher"), hreflang="de"))

    assert german.find("html")["lang"] == "de"
    assert german.find("h1").text == article.headline_en
    assert german.find_all(class_="notice")


# Other objects follow the same rule


@pytest.mark.parametrize(
    ("factory", "untranslated", "english_text"),
    [
        (OrganizationFactory, {"name_de": "", "description_de": ""}, "Jalisco Automotive Cluster"),
        (PlaceFactory, {"name_en": "Bajío", "name_de": "", "description_en": "Region."}, "Bajío"),
        (EventFactory, {"title_de": "", "description_en": "Training."}, "Automotive Industry"),
    ],
    ids=["organization", "place", "event"],
)
def test_an_untranslated_object_page_under_de_shows_the_english_original_marked_and_with_a_notice(
    client, factory, untranslated, english_text
):
    obj = factory(**untranslated)

    page = get_page(client, obj.url_in("de"))

    headline = page.find("h1")
    assert headline.text.startswith(english_text)
    assert headline.get("lang") == "en"
    assert page.find_all(class_="notice")


@pytest.mark.parametrize(
    ("factory", "untranslated"),
    [
        (SectionFactory, {"name_en": "Aerospace", "name_de": "", "description_en": "Planes."}),
        (SeriesFactory, {"name_en": "Aerospace", "name_de": ""}),
        (TagFactory, {"name_en": "Aerospace", "name_de": ""}),
    ],
    ids=["section", "series", "tag"],
)
def test_an_untranslated_section_series_or_tag_under_de_shows_the_english_name_marked_and_with_a_notice(
    client, factory, untranslated
):
    obj = factory(**untranslated)

    page = get_page(client, obj.url_in("de"))

    assert page.find("h1").text.endswith("Aerospace")
    assert page.find("h1").find_all(lang="en") or page.find("h1").get("lang") == "en"
    assert page.find_all(class_="notice")
    assert [link["hreflang"] for link in page.find_all("link", rel="alternate", hreflang=True)] == ["en", "x-default"]


def test_a_person_with_an_untranslated_position_shows_the_english_one_marked_as_english(client):
    person = PersonFactory(position_en="Governor", position_de="", bio_en="Elected in 2022.")

    page = get_page(client, person.url_in("de"))

    position = page.find("p", class_="profile__role").find("span")
    assert (position.text, position.get("lang")) == ("Governor", "en")
    assert page.find("div", class_="profile__bio")["lang"] == "en"
    assert page.find_all(class_="notice")


def test_an_author_without_a_german_biography_shows_the_english_one_marked_as_english(client):
    author = AuthorFactory(bio_en="Covers the car industry.", bio_de="")
    ArticleFactory(authors=[author])

    page = get_page(client, author.url_in("de"))

    assert page.find("p", class_="profile__role")["lang"] == "en"
    assert page.find("p", class_="profile__role").text == "Journalist and Industry Analyst"
    assert page.find("div", class_="profile__bio")["lang"] == "en"
    assert page.find_all(class_="notice")


# Lists


def test_a_list_shows_an_untranslated_article_with_its_original_headline_marked_and_a_translated_one_plainly(client):
    untranslated = half_translated_article()
    ArticleFactory(headline_de="Toyota baut in Guanajuato")

    page = get_page(client, url_in("de", "articles:list"))

    headlines = {h.text: h.get("lang") for h in page.find_all("h3", class_="card__headline")}
    assert headlines == {untranslated.headline_en: "en", "Toyota baut in Guanajuato": None}
    assert untranslated.headline_de not in page.text
