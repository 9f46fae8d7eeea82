import pytest

from newsroom.articles.models import Article
from tests.factories import ArticleFactory, EventFactory, OrganizationFactory, PersonFactory, PlaceFactory
from tests.pages import get_page
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_organization_page_shows_the_organization_in_the_page_language(client, language):
    government = OrganizationFactory(name_en="Government of Aguascalientes", name_de="Regierung von Aguascalientes")
    organization = OrganizationFactory(
        name_en="Economic Development Secretariat",
        name_de="Sekretariat für wirtschaftliche Entwicklung",
        short_name_en="SEDECO",
        short_name_de="SEDECO",
        description_en="Attracts investment.",
        description_de="Wirbt um Investitionen.",
        parent=government,
    )
    organization.places.add(PlaceFactory(name_en="Aguascalientes", name_de="Aguascalientes"))
    PersonFactory(name="Esaú Garza", organization=organization)
    article = ArticleFactory()
    article.organizations.add(organization)
    event = EventFactory()
    event.organizers.add(organization)

    page = get_page(client, organization.url_in(language))

    expected = {
        "en": ("Economic Development Secretariat (SEDECO)", "Attracts investment.", "Government of Aguascalientes"),
        "de": (
            "Sekretariat für wirtschaftliche Entwicklung (SEDECO)",
            "Wirbt um Investitionen.",
            "Regierung von Aguascalientes",
        ),
    }[language]
    assert page.find("html")["lang"] == language
    assert page.find("h1").text == expected[0]
    assert page.find("div", class_="profile__bio").text == expected[1]
    assert expected[2] in page.find("dl", class_="facts").text
    assert "Esaú Garza" in page.text
    assert page.texts("h3", class_="card__headline") == [
        getattr(event, f"title_{language}"),
        getattr(article, f"headline_{language}"),
    ]
    assert page.find("link", rel="canonical")["href"] == f"http://testserver{organization.url_in(language)}"
    assert {link["hreflang"] for link in page.find_all("link", rel="alternate", hreflang=True)} == {
        "en",
        "de",
        "x-default",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_withdrawn_organization_is_not_found(client, language):
    organization = OrganizationFactory(is_published=False)

    assert client.get(organization.url_in(language)).status_code == 404


def test_the_organization_page_lists_only_public_articles_and_people_and_members(client):
    organization = OrganizationFactory()
    for status in (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.UNPUBLISHED):
        ArticleFactory(headline_en=f"Hidden {status} story", status=status).organizations.add(organization)
    PersonFactory(name="Hidden person", organization=organization, is_published=False)
    OrganizationFactory(name_en="Hidden member", is_published=False).member_of.add(organization)
    shown = ArticleFactory()
    shown.organizations.add(organization)

    page = get_page(client, organization.url_in("en"))

    assert "Hidden" not in page.text
    assert page.texts("h3", class_="card__headline") == [shown.headline_en]


def covered_organization(count):
    organization = OrganizationFactory(parent=OrganizationFactory())
    organization.places.set(PlaceFactory.create_batch(count))
    organization.member_of.set(OrganizationFactory.create_batch(count))
    for member in OrganizationFactory.create_batch(count):
        member.member_of.add(organization)
    PersonFactory.create_batch(count, organization=organization)
    for _ in range(count):
        ArticleFactory().organizations.add(organization)
        event = EventFactory()
        event.organizers.add(organization)
        event.places.set(PlaceFactory.create_batch(2))
    return organization


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_organization_page_needs_at_most_ten_queries_and_no_more_for_more_links(
    client, language, django_assert_max_num_queries
):
    few, many = covered_organization(3), covered_organization(12)

    assert count_queries(client, many.url_in(language)) == count_queries(client, few.url_in(language))
    with django_assert_max_num_queries(10):
        get_page(client, many.url_in(language))
