import pytest

from newsroom.articles.models import Article
from tests.factories import ArticleFactory, EventFactory, OrganizationFactory, PersonFactory, PlaceFactory
from tests.pages import get_page
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_person_page_shows_the_person_in_the_page_language(client, language):
    organization = OrganizationFactory(name_en="State Government", name_de="Landesregierung")
    person = PersonFactory(
        name="Tere Jiménez",
        position_en="Governor",
        position_de="Gouverneurin",
        bio_en="Elected in 2022.",
        bio_de="Gewählt 2022.",
        organization=organization,
    )
    article = ArticleFactory()
    article.people.add(person)
    event = EventFactory()
    event.people.add(person)

    page = get_page(client, person.url_in(language))

    role = {"en": "Governor, State Government", "de": "Gouverneurin, Landesregierung"}[language]
    assert page.find("html")["lang"] == language
    assert page.find("h1").text == "Tere Jiménez"
    assert page.find("p", class_="profile__role").text == role
    assert page.find("div", class_="profile__bio").text == {"en": "Elected in 2022.", "de": "Gewählt 2022."}[language]
    assert page.texts("h3", class_="card__headline") == [
        getattr(event, f"title_{language}"),
        getattr(article, f"headline_{language}"),
    ]
    assert page.find("link", rel="canonical")["href"] == f"http://testserver{person.url_in(language)}"
    assert not page.find_all(class_="notice")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_withdrawn_person_is_not_found(client, language):
    person = PersonFactory(is_published=False)

    assert client.get(person.url_in(language)).status_code == 404


def test_the_person_page_lists_only_public_articles(client):
    person = PersonFactory()
    ArticleFactory(headline_en="Hidden draft", status=Article.Status.DRAFT).people.add(person)
    shown = ArticleFactory()
    shown.people.add(person)

    page = get_page(client, person.url_in("en"))

    assert "Hidden" not in page.text
    assert page.texts("h3", class_="card__headline") == [shown.headline_en]


def covered_person(count):
    person = PersonFactory(organization=OrganizationFactory())
    for _ in range(count):
        ArticleFactory().people.add(person)
        event = EventFactory()
        event.people.add(person)
        event.places.set(PlaceFactory.create_batch(2))
    return person


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_person_page_needs_at_most_ten_queries_and_no_more_for_more_links(
    client, language, django_assert_max_num_queries
):
    few, many = covered_person(3), covered_person(12)

    assert count_queries(client, many.url_in(language)) == count_queries(client, few.url_in(language))
    with django_assert_max_num_queries(10):
        get_page(client, many.url_in(language))
