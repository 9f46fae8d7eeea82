import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.factories import ArticleFactory, AuthorFactory, EventFactory, PlaceFactory, SectionFactory
from tests.pages import get_page, url_in
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de"]


def hours_ago(hours: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_shows_lead_stories_sections_and_events_in_the_page_language(client, language):
    automotive = SectionFactory(name_en="Automotive", name_de="Automobil", order=1)
    energy = SectionFactory(name_en="Energy", name_de="Energie", order=2)
    lead = ArticleFactory(section=energy, is_featured=True, published_at=hours_ago(5))
    car_story = ArticleFactory(section=automotive, published_at=hours_ago(1))
    energy_story = ArticleFactory(section=energy, published_at=hours_ago(2))
    event = EventFactory(title_en="Hannover Messe", title_de="Hannover-Messe")

    page = get_page(client, url_in(language, "home"))

    headline = f"headline_{language}"
    assert page.find("html")["lang"] == language
    assert page.find("section", class_="lead").texts("h3") == [getattr(lead, headline)]
    sections = page.find_all("section", class_="home-section")
    assert [section.find("h2").text for section in sections] == {
        "en": ["Automotive", "Energy"],
        "de": ["Automobil", "Energie"],
    }[language]
    assert [section.texts("h3") for section in sections] == [
        [getattr(car_story, headline)],
        [getattr(energy_story, headline)],
    ]
    assert page.find("section", class_="home-events").texts("h3") == [getattr(event, f"title_{language}")]


def test_without_a_lead_story_the_newest_article_leads(client):
    older = ArticleFactory(published_at=hours_ago(3))
    newest = ArticleFactory(section=older.section, published_at=hours_ago(1))

    page = get_page(client, url_in("en", "home"))

    assert page.find("section", class_="lead").texts("h3") == [newest.headline_en]
    assert page.find("section", class_="home-section").texts("h3") == [older.headline_en]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_newsroom_without_articles_offers_its_newsletter_where_the_stories_will_be(client, language):
    SectionFactory()
    ArticleFactory(status="draft", published_at=None)

    page = get_page(client, url_in(language, "home"))

    welcome = page.find("section", class_="home-welcome")
    assert welcome.find("a")["href"] == url_in(language, "newsletter:subscribe")
    assert not page.find_all("section", class_="lead") and not page.find_all("article")

    ArticleFactory()
    assert not get_page(client, url_in(language, "home")).find_all("section", class_="home-welcome")


def test_each_section_shows_its_four_latest_stories(client):
    section = SectionFactory()
    stories = [ArticleFactory(section=section, published_at=hours_ago(hours)) for hours in range(1, 8)]

    page = get_page(client, url_in("en", "home"))

    assert page.find("section", class_="home-section").texts("h3") == [a.headline_en for a in stories[1:5]]


def test_a_scheduled_article_reaches_the_home_page_when_its_time_comes(client, time_machine):
    publish_at = timezone.now() + datetime.timedelta(hours=1)
    article = ArticleFactory(headline_en="Scheduled story about Mazda", published_at=publish_at)

    assert article.headline_en not in get_page(client, url_in("en", "home")).text

    time_machine.move_to(publish_at + datetime.timedelta(minutes=1))
    assert article.headline_en in get_page(client, url_in("en", "home")).text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_names_its_canonical_url_and_both_languages(client, language):
    page = get_page(client, url_in(language, "home"))

    assert page.find("link", rel="canonical")["href"] == f"http://testserver{url_in(language, 'home')}"
    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}
    assert alternates == {
        "en": "http://testserver/en/",
        "de": "http://testserver/de/",
        "x-default": "http://testserver/en/",
    }


def test_the_german_home_page_speaks_german(client):
    page = get_page(client, "/de/")

    assert page.find("html")["lang"] == "de"
    with translation.override("de"):
        interface = {text: gettext(text) for text in ("Upcoming events", "Search", "Skip to content")}
    assert any(german != english for english, german in interface.items()), "the German catalogue is not active"
    assert page.find("h2", id="events-heading").text == interface["Upcoming events"]
    assert page.find("a", class_="skip-link").text == interface["Skip to content"]


def test_the_root_url_sends_a_german_browser_to_the_german_home_page(client):
    response = client.get("/", headers={"accept-language": "de-DE,de;q=0.9"})

    assert response.status_code == 302
    assert response["Location"] == "/de/"


# Query counts


def fill_home(sections: int, articles_per_section: int, events: int):
    for index in range(sections):
        section = SectionFactory()
        for number in range(articles_per_section):
            ArticleFactory(
                section=section,
                is_featured=number == 0 and index < 3,
                authors=AuthorFactory.create_batch(2),
                published_at=hours_ago(index * 10 + number + 1),
            )
    for _ in range(events):
        EventFactory().places.set(PlaceFactory.create_batch(2))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_with_thirty_articles_in_five_sections_needs_at_most_ten_queries(
    client, language, django_assert_max_num_queries
):
    fill_home(sections=5, articles_per_section=6, events=4)

    with django_assert_max_num_queries(10):
        page = get_page(client, url_in(language, "home"))

    assert len(page.find_all("section", class_="home-section")) == 5
    # Lead stories, the "Latest" river, then four per section.
    assert len(page.find_all("article", class_="card")) == 3 + 6 + 5 * 4


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_costs_the_same_queries_for_three_or_twelve_sections(client, language):
    fill_home(sections=3, articles_per_section=2, events=3)
    few = count_queries(client, url_in(language, "home"))

    fill_home(sections=9, articles_per_section=4, events=9)
    many = count_queries(client, url_in(language, "home"))

    assert many == few


def test_the_latest_river_shows_the_newest_articles_after_the_lead_stories(client):
    from newsroom.articles.models import Article
    from tests.factories import ArticleFactory

    ArticleFactory(headline_en="Lead story", is_featured=True)
    newest = ArticleFactory(headline_en="Just published")
    page = get_page(client, url_in("en", "home"))
    latest = page.find("section", class_="home-latest")
    assert "Just published" in " ".join(latest.texts())
    assert "Lead story" not in " ".join(latest.texts())
    assert Article.objects.count() == 2 and newest.is_published
