import datetime
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from newsroom.events.models import Event
from tests.factories import ArticleFactory, EventFactory, OrganizationFactory, PersonFactory, PlaceFactory
from tests.pages import get_page, url_in
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de"]


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def past_event(**kwargs):
    return EventFactory(start_date=days_from_today(-20), end_date=days_from_today(-19), **kwargs)


def titles(page):
    return page.texts("h3", class_="card__headline")


# Lists


@pytest.mark.parametrize("language", LANGUAGES)
def test_upcoming_events_list_shows_coming_and_running_events_in_the_page_language(client, language):
    running = EventFactory(
        title_en="Hannover Messe",
        title_de="Hannover-Messe",
        start_date=days_from_today(-1),
        end_date=days_from_today(1),
    )
    coming = EventFactory(title_en="FAMEX air show", title_de="Luftfahrtmesse FAMEX", start_date=days_from_today(30))
    past_event(title_en="Old fair", title_de="Alte Messe")

    page = get_page(client, url_in(language, "events:list"))

    assert page.find("html")["lang"] == language
    assert titles(page) == [getattr(running, f"title_{language}"), getattr(coming, f"title_{language}")]
    assert page.find("link", rel="canonical")["href"] == f"http://testserver{url_in(language, 'events:list')}"
    hreflangs = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}
    assert hreflangs["de"] == f"http://testserver{url_in('de', 'events:list')}"
    assert set(hreflangs) == {"en", "de", "x-default"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_past_events_list_shows_finished_events_latest_first_in_the_page_language(client, language):
    EventFactory(title_en="Coming fair")
    older = EventFactory(
        title_en="Older fair", title_de="Ältere Messe", start_date=days_from_today(-60), end_date=days_from_today(-60)
    )
    recent = past_event(title_en="Recent fair", title_de="Neuere Messe")

    page = get_page(client, url_in(language, "events:past"))

    assert titles(page) == [getattr(recent, f"title_{language}"), getattr(older, f"title_{language}")]


def test_withdrawn_events_are_on_no_list(client):
    EventFactory(title_en="Withdrawn fair", is_published=False)
    past_event(title_en="Withdrawn old fair", is_published=False)

    for url in (url_in("en", "events:list"), url_in("en", "events:past"), url_in("en", "home")):
        assert "Withdrawn" not in get_page(client, url).text


# Detail


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_event_page_shows_the_event_in_the_page_language(client, language):
    place = PlaceFactory(name_en="Mexico City", name_de="Mexiko-Stadt")
    organizer = OrganizationFactory(name_en="Mexican Air Force", name_de="Mexikanische Luftwaffe")
    event = EventFactory(
        title_en="FAMEX air show",
        title_de="Luftfahrtmesse FAMEX",
        description_en="The biggest air show in Latin America.",
        description_de="Die größte Luftfahrtmesse Lateinamerikas.",
        website="https://famex.example",
    )
    event.places.add(place)
    event.organizers.add(organizer)
    coverage = ArticleFactory()
    coverage.events.add(event)

    page = get_page(client, event.url_in(language))

    expected = {
        "en": ("FAMEX air show", "The biggest air show in Latin America.", "Mexico City", "Mexican Air Force"),
        "de": ("Luftfahrtmesse FAMEX", "Die größte Luftfahrtmesse Lateinamerikas.", "Mexiko-Stadt", "Mexikanische"),
    }[language]
    assert page.find("html")["lang"] == language
    assert page.find("h1").text == expected[0]
    assert page.find("div", class_="profile__bio").text == expected[1]
    facts = page.find("dl", class_="facts").text
    assert expected[2] in facts and expected[3] in facts
    assert titles(page) == [getattr(coverage, f"headline_{language}")]
    assert page.find("link", rel="canonical")["href"] == f"http://testserver{event.url_in(language)}"
    assert not page.find_all(class_="notice")


def test_an_event_page_for_a_cancelled_event_says_so(client):
    event = EventFactory(status=Event.Status.CANCELLED)

    page = get_page(client, event.url_in("en"))

    assert page.find("p", class_="label--status")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_withdrawn_event_is_not_found(client, language):
    event = EventFactory(is_published=False)

    assert client.get(event.url_in(language)).status_code == 404


def test_the_event_page_shows_neither_draft_coverage_nor_withdrawn_organizers(client):
    event = EventFactory()
    hidden_organizer = OrganizationFactory(name_en="Hidden organizer", is_published=False)
    event.organizers.add(hidden_organizer)
    draft = ArticleFactory(headline_en="Draft coverage", status="draft")
    draft.events.add(event)

    text = get_page(client, event.url_in("en")).text

    assert "Hidden organizer" not in text
    assert "Draft coverage" not in text


# Filters


def in_the_range(wanted):
    wanted.start_date, wanted.end_date = days_from_today(40), days_from_today(42)
    wanted.save()
    return {"date_from": days_from_today(41).isoformat(), "date_to": days_from_today(45).isoformat()}


def at_a_place(wanted):
    place = PlaceFactory()
    wanted.places.add(place)
    return {"place": place.pk}


def organized_by(wanted):
    organizer = OrganizationFactory()
    wanted.organizers.add(organizer)
    return {"organizer": organizer.pk}


def postponed(wanted):
    wanted.status = Event.Status.POSTPONED
    wanted.save()
    return {"status": "postponed"}


EVENT_FILTERS = {"date range": in_the_range, "place": at_a_place, "organizer": organized_by, "status": postponed}


@pytest.mark.parametrize("setup", EVENT_FILTERS.values(), ids=EVENT_FILTERS.keys())
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_filter_narrows_the_event_list(client, setup, language):
    wanted = EventFactory()
    EventFactory(start_date=days_from_today(46), end_date=days_from_today(47))
    EventFactory(start_date=days_from_today(30), end_date=days_from_today(40))
    participant_only = EventFactory()
    params = setup(wanted)
    if "organizer" in params:
        participant_only.participants.add(params["organizer"])

    unfiltered = get_page(client, url_in(language, "events:list"))
    filtered = get_page(client, f"{url_in(language, 'events:list')}?{urlencode(params)}")

    assert len(titles(unfiltered)) == 4
    assert titles(filtered) == [getattr(wanted, f"title_{language}")]


def test_the_past_list_filters_by_date_range_too(client):
    wanted = past_event()
    EventFactory(start_date=days_from_today(-100), end_date=days_from_today(-100))
    params = {"date_from": days_from_today(-25).isoformat(), "date_to": days_from_today(-2).isoformat()}

    page = get_page(client, f"{url_in('en', 'events:past')}?{urlencode(params)}")

    assert titles(page) == [wanted.title_en]


# Query counts


def events_with_places(count):
    events = EventFactory.create_batch(count)
    for event in events:
        event.places.set(PlaceFactory.create_batch(3))
    return events


@pytest.mark.parametrize("language", LANGUAGES)
def test_event_lists_need_at_most_ten_queries_and_no_more_for_more_events(
    client, language, django_assert_max_num_queries
):
    urls = [url_in(language, "events:list"), url_in(language, "events:past")]
    events_with_places(3)
    for event in events_with_places(3):
        event.start_date = event.end_date = days_from_today(-10)
        event.save()
    few = [count_queries(client, url) for url in urls]

    events_with_places(9)
    for event in events_with_places(9):
        event.start_date = event.end_date = days_from_today(-10)
        event.save()
    many = [count_queries(client, url) for url in urls]

    assert many == few
    for url in urls:
        with django_assert_max_num_queries(10):
            assert len(titles(get_page(client, url))) == 12


def covered_event(count):
    event = EventFactory()
    event.places.set(PlaceFactory.create_batch(count))
    event.organizers.set(OrganizationFactory.create_batch(count))
    event.participants.set(OrganizationFactory.create_batch(count))
    event.people.set(PersonFactory.create_batch(count))
    for _ in range(count):
        ArticleFactory().events.add(event)
    return event


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_event_page_needs_at_most_ten_queries_and_no_more_for_more_links(
    client, language, django_assert_max_num_queries
):
    few, many = covered_event(3), covered_event(12)

    assert count_queries(client, many.url_in(language)) == count_queries(client, few.url_in(language))
    with django_assert_max_num_queries(10):
        get_page(client, many.url_in(language))
