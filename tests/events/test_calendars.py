"""iCalendar for calendar apps — all events, an organization's, one event's file — read back with
icalendar's own parser, in both languages: times in their zones, all-day dates, status, texts in
the reader's language or the original, only published events, and the links readers follow."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from newsroom.events.models import Event
from tests.factories import EditorFactory, EventFactory, OrganizationFactory, PlaceFactory
from tests.pages import get_page, logged_in, url_in

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de"]


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def calendar_at(client, url, **headers) -> Calendar:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_summary(calendar: Calendar) -> dict:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def calendar_urls(language, organization, event) -> dict[str, str]:
    return {
        "all": url_in(language, "events:calendar"),
        "organization": url_in(language, "events:organization-calendar", slug=organization.slug_in(language)),
        "event": url_in(language, "events:detail-calendar", slug=event.slug_in(language)),
    }


@pytest.fixture
def fair():
    """A timed event in Japan at two places, organized by a cluster."""
    hiroshima = PlaceFactory(name_en="Hiroshima", name_de="Hiroshima")
    japan = PlaceFactory(name_en="Japan", name_de="Japan", kind="country")
    cluster = OrganizationFactory(name_en="Jalisco Automotive Cluster", name_de="Automobilcluster Jalisco")
    event = EventFactory(
        title_en="Supplier training in Hiroshima",
        title_de="Zulieferer-Schulung in Hiroshima",
        description_en="Twelve suppliers from Aguascalientes train with JICA.",
        description_de="Zwölf Zulieferer aus Aguascalientes lernen mit der JICA.",
        start_date=days_from_today(10),
        end_date=days_from_today(10),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(17),
        time_zone="Asia/Tokyo",
    )
    event.places.add(hiroshima, japan)
    event.organizers.add(cluster)
    event.refresh_from_db()
    return event


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_calendar_parses_with_its_texts_in_the_readers_language(client, fair, language):
    cluster = fair.organizers.get()
    expected = {
        "en": ("Supplier training in Hiroshima", "Twelve suppliers from Aguascalientes train with JICA.", "Events"),
        "de": (
            "Zulieferer-Schulung in Hiroshima",
            "Zwölf Zulieferer aus Aguascalientes lernen mit der JICA.",
            "Termine",
        ),
    }[language]

    for name, url in calendar_urls(language, cluster, fair).items():
        calendar = calendar_at(client, url)
        assert calendar["VERSION"] == "2.0", name
        assert str(calendar["PRODID"]) == f"-//Newsroom//Events//{language.upper()}", name
        (event,) = calendar.walk("VEVENT")
        assert str(event["SUMMARY"]) == expected[0], name
        assert event["SUMMARY"].params["LANGUAGE"] == language, name
        assert str(event["DESCRIPTION"]) == expected[1], name
        assert event["DESCRIPTION"].params["LANGUAGE"] == language, name
        assert str(event["LOCATION"]) == "Hiroshima, Japan", name
        assert event["LOCATION"].params["LANGUAGE"] == language, name
        assert str(event["URL"]) == f"http://testserver{fair.url_in(language)}", name
        assert event["STATUS"] == "CONFIRMED", name

    names = {
        name: str(calendar_at(client, url).get("X-WR-CALNAME", ""))
        for name, url in calendar_urls(language, cluster, fair).items()
    }
    assert names["all"] == f"{expected[2]} – Newsroom"
    organization_name = {"en": "Events with Jalisco Automotive Cluster", "de": "Termine mit Automobilcluster Jalisco"}
    assert names["organization"] == f"{organization_name[language]} – Newsroom"
    # One event goes into the reader's own calendar, not a new one named after it.
    assert names["event"] == ""


def test_an_untranslated_event_comes_whole_in_its_original_language_and_says_so(client):
    untranslated = EventFactory(
        title_en="Forum on the automotive strategic agenda",
        title_de="",
        slug_de="",
        description_en="Presentation of the agenda in Aguascalientes.",
    )
    untranslated.places.add(PlaceFactory(name_en="Mexico", name_de="Mexiko", kind="country"))
    translated = EventFactory(title_en="FAMEX air show", title_de="Luftfahrtmesse FAMEX")

    events = events_by_summary(calendar_at(client, url_in("de", "events:calendar")))

    event = events["Forum on the automotive strategic agenda"]
    assert event["SUMMARY"].params["LANGUAGE"] == "en"
    assert str(event["DESCRIPTION"]) == "Presentation of the agenda in Aguascalientes."
    assert event["DESCRIPTION"].params["LANGUAGE"] == "en"
    # The place is translated: like the event's page, it comes in the reader's language.
    assert str(event["LOCATION"]) == "Mexiko"
    assert event["LOCATION"].params["LANGUAGE"] == "de"
    assert str(event["URL"]) == f"http://testserver{untranslated.url_in('de')}"
    assert events["Luftfahrtmesse FAMEX"]["SUMMARY"].params["LANGUAGE"] == "de"
    assert translated.url_in("de") in str(events["Luftfahrtmesse FAMEX"]["URL"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_timed_events_keep_their_zones_with_a_vtimezone_for_each(client, fair, language):
    EventFactory(
        title_en="Interurban train inauguration",
        title_de="Einweihung des Interurban-Zugs",
        start_date=days_from_today(20),
        end_date=days_from_today(20),
        start_time=datetime.time(11),
        end_time=datetime.time(13),
        time_zone="America/Mexico_City",
    )

    calendar = calendar_at(client, url_in(language, "events:calendar"))

    assert {timezone.tz_name for timezone in calendar.timezones} == {"Asia/Tokyo", "America/Mexico_City"}
    assert calendar.get_missing_tzids() == set()
    tokyo = next(event for event in calendar.walk("VEVENT") if "Hiroshima" in str(event["SUMMARY"]))
    assert tokyo["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert tokyo["DTEND"].params["TZID"] == "Asia/Tokyo"
    assert tokyo.start == fair.starts_at
    assert tokyo.start.utcoffset() == datetime.timedelta(hours=9)
    assert tokyo.end == fair.ends_at


def test_all_day_events_are_dates_ending_the_day_after_their_last(client):
    event = EventFactory(
        title_en="Automotive Industry Strengthening Program",
        start_date=days_from_today(5),
        end_date=days_from_today(20),
    )

    calendar = calendar_at(client, url_in("en", "events:calendar"))

    (component,) = calendar.walk("VEVENT")
    assert component["DTSTART"].params["VALUE"] == "DATE"
    assert component.start == event.start_date
    assert component.end == event.end_date + datetime.timedelta(days=1)
    assert not isinstance(component.start, datetime.datetime)
    assert not calendar.timezones


def test_a_timed_event_over_several_days_without_an_end_time_lasts_to_its_last_midnight(client):
    event = EventFactory(
        start_date=days_from_today(5),
        end_date=days_from_today(7),
        start_time=datetime.time(9),
        time_zone="Asia/Tokyo",
    )

    (component,) = calendar_at(client, url_in("en", "events:calendar")).walk("VEVENT")

    assert component.start == event.starts_at
    assert component.end == datetime.datetime.combine(days_from_today(8), datetime.time.min, event.zone)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Event.Status.SCHEDULED, "CONFIRMED"),
        (Event.Status.POSTPONED, "TENTATIVE"),
        (Event.Status.CANCELLED, "CANCELLED"),
    ],
)
def test_cancelled_and_postponed_events_tell_calendar_apps_so(client, status, expected):
    event = EventFactory(status=status)

    (component,) = calendar_at(client, url_in("en", "events:calendar")).walk("VEVENT")
    (single,) = calendar_at(client, url_in("en", "events:detail-calendar", slug=event.slug_in("en"))).walk("VEVENT")

    assert component["STATUS"] == expected
    assert single["STATUS"] == expected


def test_an_event_keeps_its_uid_across_languages_calendars_and_host_names(client, fair, settings):
    settings.ALLOWED_HOSTS = ["testserver", "www.example.com"]
    uids = set()
    for language in LANGUAGES:
        for url in calendar_urls(language, fair.organizers.get(), fair).values():
            for host in ("testserver", "www.example.com"):
                (event,) = calendar_at(client, url, HTTP_HOST=host).walk("VEVENT")
                uids.add(str(event["UID"]))

    assert uids == {f"event-{fair.pk}@newsroom"}


def test_an_events_stamp_and_last_modification_are_its_last_change(client, fair):
    (event,) = calendar_at(client, url_in("en", "events:calendar")).walk("VEVENT")

    assert event.DTSTAMP == fair.updated_at.replace(microsecond=0)
    assert event.last_modified == fair.updated_at.replace(microsecond=0)


@pytest.mark.parametrize("name", ["calendar", "organization-calendar"])
def test_subscribed_calendars_tell_apps_to_refresh_every_six_hours(client, fair, name):
    kwargs = {"slug": fair.organizers.get().slug} if name == "organization-calendar" else {}

    calendar = calendar_at(client, url_in("en", f"events:{name}", **kwargs) + "?utm_source=app")

    assert calendar.refresh_interval == datetime.timedelta(hours=6)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(calendar["X-PUBLISHED-TTL"].to_ical().decode()) == "PT6H"
    assert str(calendar["SOURCE"]) == f"http://testserver{url_in('en', f'events:{name}', **kwargs)}"


def test_the_calendar_holds_upcoming_events_and_those_of_the_past_year(client):
    EventFactory(title_en="Coming fair")
    EventFactory(title_en="Fair of last spring", start_date=days_from_today(-200), end_date=days_from_today(-199))
    EventFactory(title_en="Fair two years ago", start_date=days_from_today(-730), end_date=days_from_today(-729))

    events = events_by_summary(calendar_at(client, url_in("en", "events:calendar")))

    assert set(events) == {"Coming fair", "Fair of last spring"}


def test_withdrawn_events_are_in_no_calendar_and_have_no_file(client):
    organization = OrganizationFactory()
    withdrawn = EventFactory(title_en="Withdrawn fair", is_published=False)
    withdrawn.organizers.add(organization)

    for url in (
        url_in("en", "events:calendar"),
        url_in("en", "events:organization-calendar", slug=organization.slug_in("en")),
    ):
        assert not calendar_at(client, url).walk("VEVENT"), url
    assert client.get(url_in("en", "events:detail-calendar", slug=withdrawn.slug_in("en"))).status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_organizations_calendar_holds_what_it_organizes_or_takes_part_in(client, language):
    organization = OrganizationFactory()
    organized = EventFactory(title_en="Organized", title_de="Veranstaltet")
    organized.organizers.add(organization)
    attended = EventFactory(title_en="Attended", title_de="Besucht")
    attended.participants.add(organization)
    both = EventFactory(title_en="Both", title_de="Beides")
    both.organizers.add(organization)
    both.participants.add(organization)
    EventFactory(title_en="Someone else's", title_de="Fremd").organizers.add(OrganizationFactory())

    url = url_in(language, "events:organization-calendar", slug=organization.slug_in(language))
    summaries = sorted(events_by_summary(calendar_at(client, url)))

    assert summaries == sorted(
        {"en": ["Organized", "Attended", "Both"], "de": ["Veranstaltet", "Besucht", "Beides"]}[language]
    )


def test_an_organization_without_events_has_a_valid_empty_calendar(client):
    organization = OrganizationFactory()

    calendar = calendar_at(client, url_in("en", "events:organization-calendar", slug=organization.slug_in("en")))

    assert not calendar.walk("VEVENT")
    # RFC 5545 asks for at least one component.
    assert calendar.subcomponents


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_or_withdrawn_organization_has_no_calendar(client, language):
    withdrawn = OrganizationFactory(is_published=False)

    for slug in ("no-such-organization", withdrawn.slug_in(language)):
        url = url_in(language, "events:organization-calendar", slug=slug)
        assert client.get(url).status_code == 404, slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_events_file_is_an_attachment_named_after_it(client, fair, language):
    url = url_in(language, "events:detail-calendar", slug=fair.slug_in(language))

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{fair.slug_in(language)}.ics"'
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1


def test_bad_addresses_and_methods_get_a_4xx_and_query_strings_are_ignored(client, fair):
    for path in (
        "/en/events/no-such-event/calendar.ics",
        "/en/events/%00/calendar.ics",
        "/en/events/calendar.ics/",
        "/de/organisationen/../kalender.ics",
        "/en/organizations/%2e%2e/calendar.ics",
    ):
        assert 400 <= client.get(path).status_code < 500, path
    assert client.post(url_in("en", "events:calendar")).status_code == 405
    assert client.get(url_in("en", "events:calendar") + "?page=%ff&x[]=1").status_code == 200


def test_a_calendar_costs_the_same_queries_for_two_or_twenty_events(client, django_assert_max_num_queries):
    organization = OrganizationFactory()

    def add_events(count):
        for _ in range(count):
            event = EventFactory(time_zone="Asia/Tokyo", start_time=datetime.time(10))
            event.places.add(PlaceFactory())
            event.organizers.add(organization)
            event.participants.add(OrganizationFactory())

    urls = [url_in("de", "events:calendar"), url_in("de", "events:organization-calendar", slug=organization.slug)]
    add_events(2)
    for url in urls:
        with django_assert_max_num_queries(3):
            assert len(calendar_at(client, url).walk("VEVENT")) == 2
    add_events(18)
    for url in urls:
        with django_assert_max_num_queries(3):
            assert len(calendar_at(client, url).walk("VEVENT")) == 20
    event = Event.objects.last()
    with django_assert_max_num_queries(2):
        calendar_at(client, url_in("de", "events:detail-calendar", slug=event.slug_de))


# Links on the pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_event_page_offers_its_file_to_add_to_a_calendar(client, fair, language):
    page = get_page(client, fair.url_in(language))

    url = url_in(language, "events:detail-calendar", slug=fair.slug_in(language))
    link = page.find("a", href=url)
    assert link.text == {"en": "Add to calendar (.ics)", "de": "Zum Kalender hinzufügen (.ics)"}[language]
    assert page.find("link", rel="alternate", type="text/calendar")["href"] == url
    assert client.get(url).status_code == 200


def test_the_preview_of_a_withdrawn_event_offers_no_file_that_readers_cannot_get(fair):
    Event.objects.filter(pk=fair.pk).update(is_published=False)

    page = get_page(logged_in(EditorFactory()), f"/admin/events/event/{fair.pk}/preview/en/")

    assert page.find("h1").text == fair.title_en
    assert not page.find_all("link", type="text/calendar")
    assert "Add to calendar" not in page.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("list_name", ["events:list", "events:past"])
def test_the_event_lists_offer_the_calendar_to_subscribe_to(client, language, list_name):
    page = get_page(client, url_in(language, list_name))

    url = url_in(language, "events:calendar")
    subscribe = page.find("a", href=f"webcal://testserver{url}")
    assert subscribe.text == {"en": "Subscribe to calendar", "de": "Kalender abonnieren"}[language]
    assert page.find("a", href=url, type="text/calendar")
    assert page.find("link", rel="alternate", type="text/calendar")["href"] == url
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_organization_page_offers_its_calendar_to_subscribe_to(client, language):
    organization = OrganizationFactory()

    page = get_page(client, organization.url_in(language))

    url = url_in(language, "events:organization-calendar", slug=organization.slug_in(language))
    subscribe = page.find("a", href=f"webcal://testserver{url}")
    assert subscribe.text == {"en": "Subscribe to calendar", "de": "Kalender abonnieren"}[language]
    assert page.find("link", rel="alternate", type="text/calendar")["href"] == url
    assert client.get(url).status_code == 200


# Each event's lines kept in the cache per event, language and host


def calendar_now(url, **headers) -> bytes:
    """The calendar with its events' lines from the cache, checked against the calendar from an
    empty cache; then kept in the cache again."""
    from django.core.cache import cache
    from django.test import Client

    kept = Client().get(url, **headers).content
    cache.clear()
    assert kept == Client().get(url, **headers).content, "an event was served from the cache after it changed"
    warm_calendar(url, **headers)
    return kept


def warm_calendar(url, **headers):
    import time

    from django.test import Client

    # The first request gives the keys versions and keeps nothing; the second keeps the events'
    # lines (once the clock has moved on from those versions).
    for _ in range(2):
        Client().get(url, **headers)
        time.sleep(0.002)


def event_renamed(fair):
    fair.title_en = "Supplier training in Hiroshima and Osaka"
    fair.save()
    return "Supplier training in Hiroshima and Osaka"


def event_moved_to_another_zone(fair):
    fair.time_zone = "Europe/Berlin"
    fair.save()
    return "TZID=Europe/Berlin"


def place_renamed(fair):
    place = fair.places.get(name_en="Hiroshima")
    place.name_en = "Hiroshima Prefecture"
    place.save()
    return "Hiroshima Prefecture"


def place_withdrawn(fair):
    place = fair.places.get(name_en="Japan")
    place.is_published = False
    place.save()
    return "LOCATION;LANGUAGE=en:Hiroshima\r\n"


def place_added(fair):
    fair.places.add(PlaceFactory(name_en="Osaka"))
    return "Osaka"


def new_event(fair):
    EventFactory(title_en="Open day in Silao", start_date=days_from_today(3), end_date=days_from_today(3))
    return "Open day in Silao"


EVENT_CHANGES = [event_renamed, event_moved_to_another_zone, place_renamed, place_withdrawn, place_added, new_event]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", EVENT_CHANGES, ids=[change.__name__ for change in EVENT_CHANGES])
def test_a_cached_event_gives_way_to_a_change_it_shows_at_once(fair, change):
    urls = [
        url_in("en", "events:calendar"),
        url_in("en", "events:organization-calendar", slug=fair.organizers.get().slug),
    ]
    for url in urls:
        warm_calendar(url)

    shown = change(fair)

    assert shown.encode() in calendar_now(urls[0])
    if change is not new_event:
        assert shown.encode() in calendar_now(urls[1])


@pytest.mark.django_db(transaction=True)
def test_each_host_keeps_its_own_lines(fair, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example.com"]
    url = url_in("en", "events:calendar")
    warm_calendar(url)

    assert b"URL:https://news.example.com/en/events/" in calendar_now(url, HTTP_HOST="news.example.com", secure=True)
    assert b"URL:http://testserver/en/events/" in calendar_now(url)


@pytest.mark.django_db(transaction=True)
def test_a_calendar_with_its_events_cached_asks_only_for_their_rows(fair, django_assert_num_queries):
    from django.test import Client

    everything = url_in("de", "events:calendar")
    organization = url_in("en", "events:organization-calendar", slug=fair.organizers.get().slug)
    for url in (everything, organization):
        warm_calendar(url)

    with django_assert_num_queries(1):
        Client().get(everything)
    with django_assert_num_queries(2):  # the organization, then its events
        Client().get(organization)
