import pytest

from newsroom.articles.models import Article
from newsroom.places.models import Place
from tests.factories import ArticleFactory, EventFactory, OrganizationFactory, PlaceFactory
from tests.pages import get_page
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_place_page_shows_the_place_in_the_page_language(client, language):
    country = PlaceFactory(name_en="Mexico", name_de="Mexiko", kind=Place.Kind.COUNTRY)
    place = PlaceFactory(
        name_en="Mexico City",
        name_de="Mexiko-Stadt",
        description_en="The capital.",
        description_de="Die Hauptstadt.",
        kind=Place.Kind.CITY,
        parent=country,
    )
    PlaceFactory(name_en="Coyoacán", name_de="Coyoacán", parent=place)
    OrganizationFactory(name_en="City Council", name_de="Stadtrat").places.add(place)
    article = ArticleFactory()
    article.places.add(place)
    event = EventFactory()
    event.places.add(place)

    page = get_page(client, place.url_in(language))

    assert page.find("html")["lang"] == language
    assert page.find("h1").text == {"en": "Mexico City", "de": "Mexiko-Stadt"}[language]
    assert page.find("div", class_="profile__bio").text == {"en": "The capital.", "de": "Die Hauptstadt."}[language]
    assert page.find("nav", class_="breadcrumbs").find_all("a")[1].text == {"en": "Mexico", "de": "Mexiko"}[language]
    assert "Coyoacán" in page.text
    assert {"en": "City Council", "de": "Stadtrat"}[language] in page.text
    assert page.texts("h3", class_="card__headline") == [
        getattr(event, f"title_{language}"),
        getattr(article, f"headline_{language}"),
    ]
    assert page.find("link", rel="canonical")["href"] == f"http://testserver{place.url_in(language)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_withdrawn_place_is_not_found(client, language):
    place = PlaceFactory(is_published=False)

    assert client.get(place.url_in(language)).status_code == 404


def test_the_place_page_lists_only_public_articles_organizations_and_places(client):
    place = PlaceFactory()
    ArticleFactory(headline_en="Hidden unpublished", status=Article.Status.UNPUBLISHED).places.add(place)
    OrganizationFactory(name_en="Hidden organization", is_published=False).places.add(place)
    PlaceFactory(name_en="Hidden district", parent=place, is_published=False)
    shown = ArticleFactory()
    shown.places.add(place)

    page = get_page(client, place.url_in("en"))

    assert "Hidden" not in page.text
    assert page.texts("h3", class_="card__headline") == [shown.headline_en]


def covered_place(count):
    place = PlaceFactory(parent=PlaceFactory())
    PlaceFactory.create_batch(count, parent=place)
    for _ in range(count):
        OrganizationFactory().places.add(place)
        ArticleFactory().places.add(place)
        event = EventFactory()
        event.places.set([place, PlaceFactory()])
    return place


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_place_page_needs_at_most_ten_queries_and_no_more_for_more_links(
    client, language, django_assert_max_num_queries
):
    few, many = covered_place(3), covered_place(12)

    assert count_queries(client, many.url_in(language)) == count_queries(client, few.url_in(language))
    with django_assert_max_num_queries(10):
        get_page(client, many.url_in(language))
