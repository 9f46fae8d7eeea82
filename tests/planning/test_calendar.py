"""The planning board's calendar: weeks and days on the newsroom's clock, navigation, filters kept,
and addresses it cannot read answered with a 400 in the admin's language."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.planning.models import PlannedStory
from newsroom.planning.periods import midnight
from tests.factories import EventFactory
from tests.pages import get_page, link_href, parse

from .conftest import at, client_of

pytestmark = pytest.mark.django_db

CALENDAR = "/admin/planning/plannedstory/calendar/"
ADD = "/admin/planning/plannedstory/add/"


def day_titles(page, day: str) -> list[str]:
    section = page.find("section", aria_labelledby=f"day-{day}")
    return [link.text for link in section.find_all("a", class_="planning-story__title")]


def story(title, people, **fields):
    return PlannedStory.objects.create(working_title=title, created_by=people["editor"], **fields)


@time_machine.travel(datetime.datetime(2026, 12, 9, 18, 0, tzinfo=datetime.UTC))
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_week_shows_each_days_stories_by_time_and_the_unscheduled_apart(people, language):
    story("Jatco's results", people, target_at=at(0, 15))
    story("Governor's press conference", people, target_at=at(0, 9, 30))
    # 23:30 in Mexico City is already the next day in UTC: it stays on its own day.
    story("Late: the Nissan plant vote", people, target_at=at(1, 23, 30))
    story("Portrait of a supplier", people)
    story("Next week's fair", people, target_at=at(7, 10))

    page = get_page(client_of(people["editor"], language), CALENDAR)

    assert day_titles(page, "2026-12-09") == ["Governor's press conference", "Jatco's results"]
    assert day_titles(page, "2026-12-10") == ["Late: the Nissan plant vote"]
    assert [day.get("id") for day in page.find_all("h2") if (day.get("id") or "").startswith("day-")] == [
        f"day-2026-12-{n:02d}" for n in range(7, 14)
    ]
    unscheduled = page.find("section", aria_labelledby="planning-unscheduled")
    assert "Portrait of a supplier" in unscheduled.text
    assert "Next week's fair" not in page.text
    if language == "de":
        assert "Woche 50" in page.find("h1").text
        assert "Ohne Termin" in unscheduled.text
    else:
        assert "Week 50" in page.find("h1").text


@time_machine.travel(datetime.datetime(2026, 12, 9, 18, 0, tzinfo=datetime.UTC))
def test_previous_next_and_this_week_move_by_iso_weeks_and_keep_the_filters(people, section):
    # Monday of the next week.
    story("Rita's story", people, target_at=at(5, 10), reporter=people["reporter"], section=section)
    story("Pablo's story", people, target_at=at(5, 11), reporter=people["colleague"])
    editor = client_of(people["editor"])
    url = f"{CALENDAR}?reporter={people['reporter'].pk}"

    page = get_page(editor, url)
    following = link_href(page, rel="next")
    assert "week=2026-W51" in following and f"reporter={people['reporter'].pk}" in following
    page = get_page(editor, following)
    assert day_titles(page, "2026-12-14") == ["Rita's story"]
    assert "week=2026-W50" in link_href(page, rel="prev")
    back = [a["href"] for a in page.find_all("a") if a.text == "This week"]
    assert back and "week=2026-W50" in back[0] and f"reporter={people['reporter'].pk}" in back[0]


def test_the_week_crosses_the_year_by_iso_weeks(people):
    page = get_page(client_of(people["editor"]), f"{CALENDAR}?week=2026-W53")
    assert page.find("section", aria_labelledby="day-2026-12-28")
    assert page.find("section", aria_labelledby="day-2027-01-03")
    assert "week=2027-W01" in link_href(page, rel="next")


@time_machine.travel(datetime.datetime(2026, 12, 9, 18, 0, tzinfo=datetime.UTC))
def test_the_day_view_shows_one_day_and_moves_by_days(people):
    story("Early call", people, target_at=at(1, 7))
    story("Evening wrap", people, target_at=at(1, 23, 30))
    story("Today's story", people, target_at=at(0, 12))
    editor = client_of(people["editor"])

    page = get_page(editor, f"{CALENDAR}?day=2026-12-10")

    assert day_titles(page, "2026-12-10") == ["Early call", "Evening wrap"]
    assert "Today's story" not in page.text
    assert "day=2026-12-09" in link_href(page, rel="prev")
    assert "day=2026-12-11" in link_href(page, rel="next")
    week_link = [a["href"] for a in page.find_all("a") if a.text == "Week view"]
    assert week_link and "week=2026-W50" in week_link[0]


@time_machine.travel(datetime.datetime(2026, 12, 9, 18, 0, tzinfo=datetime.UTC))
def test_the_calendar_filters_as_the_list_does(people, section):
    story("Mine as translator", people, target_at=at(0, 10), translator=people["translator"])
    story("Not mine", people, target_at=at(0, 11))
    dropped = story("Dropped one", people, target_at=at(0, 12), status=PlannedStory.Status.DROPPED)

    mine = get_page(client_of(people["translator"]), f"{CALENDAR}?mine=1")
    assert day_titles(mine, "2026-12-09") == ["Mine as translator"]
    by_state = get_page(client_of(people["editor"]), f"{CALENDAR}?state=dropped&week=2026-W50")
    assert day_titles(by_state, "2026-12-09") == [dropped.working_title]
    # Each filter's link stays in this week of the calendar, with the other filters.
    filters = by_state.find("nav", id="changelist-filter")
    idea = next(a["href"] for a in filters.find_all("a", href=True) if a.text == "Idea")
    assert "week=2026-W50" in idea and "state=idea" in idea
    mine_too = next(a["href"] for a in filters.find_all("a", href=True) if a.text == "Assigned to me")
    assert "week=2026-W50" in mine_too and "state=dropped" in mine_too and "mine=1" in mine_too


@time_machine.travel(datetime.datetime(2026, 12, 9, 18, 0, tzinfo=datetime.UTC))
def test_a_working_title_in_another_language_than_the_admins_carries_lang(people):
    story("Jatco's results", people, target_at=at(0, 9), original_language="en")
    story("Die Zulieferer nach Hiroshima", people, target_at=at(0, 10), original_language="de")

    for language, other, title in (("en", "de", "Die Zulieferer nach Hiroshima"), ("de", "en", "Jatco's results")):
        page = get_page(client_of(people["editor"], language), CALENDAR)
        marked = [(a.text, a.get("lang")) for a in page.find_all("a", class_="planning-story__title")]
        assert (title, other) in marked
        assert all(lang is None for text, lang in marked if text != title)
        listed = get_page(client_of(people["editor"], language), "/admin/planning/plannedstory/")
        assert title in [span.text for span in listed.find_all("span", lang=other)]


@pytest.mark.parametrize(
    "query",
    [
        "week=2026-W60",
        "week=banana",
        "week=2026-W00",
        "day=2026-02-30",
        "day=yesterday",
        "day=0001-01-01",
        "week=2026-W50&day=2026-12-09",
        "reporter=abc",
        "state=nonsense&section__id__exact=x",
        "target_at__gte=never",
    ],
)
@pytest.mark.parametrize("language", ["en", "de"])
def test_an_address_the_calendar_cannot_read_is_a_400_in_the_admins_language(people, query, language):
    response = client_of(people["editor"], language).get(f"{CALENDAR}?{query}")

    if query in ("reporter=abc", "state=nonsense&section__id__exact=x") and response.status_code == 200:
        return  # filters that ignore a value they do not know, as the list's do
    assert response.status_code == 400
    page = parse(response)
    words = {"en": "Bad request", "de": "Ungültige Anfrage"}[language]
    assert words in page.find("h1").text
    assert page.find("html")["lang"] == language


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_day_shows_the_events_no_story_covers_yet_with_a_link_to_plan_one(people, language):
    wednesday = datetime.date(2026, 12, 9)
    covered = EventFactory(title_en="Covered forum", title_de="Covered forum", start_date=wednesday, end_date=wednesday)
    story("Forum story", people, target_at=midnight(wednesday) + datetime.timedelta(hours=12)).events.set([covered])
    open_one = EventFactory(
        title_en="Nagoya chamber visit",
        title_de="Besuch der Kammer aus Nagoya",
        start_date=datetime.date(2026, 12, 10),
        end_date=datetime.date(2026, 12, 10),
    )
    # Began the week before: shown on the week's first day.
    long_one = EventFactory(
        title_en="Training in Japan",
        title_de="Schulung in Japan",
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2026, 12, 8),
    )

    page = get_page(client_of(people["editor"], language), f"{CALENDAR}?week=2026-W50")

    def uncovered(day):
        section = page.find("section", aria_labelledby=f"day-{day}")
        return [item.find("a").text for item in section.find_all("li") if "planning-story" not in item.get("class", "")]

    assert uncovered("2026-12-10") == [open_one.title_de if language == "de" else open_one.title_en]
    assert uncovered("2026-12-07") == [long_one.title_de if language == "de" else long_one.title_en]
    assert uncovered("2026-12-09") == []
    assert f"{ADD}?events={open_one.pk}" in [a["href"] for a in page.find_all("a", href=True)]
    translator_page = get_page(client_of(people["translator"], language), f"{CALENDAR}?week=2026-W50")
    assert f"{ADD}?events={open_one.pk}" not in [a["href"] for a in translator_page.find_all("a", href=True)]


def test_the_calendar_only_reads(people):
    assert client_of(people["editor"]).post(CALENDAR, {"state": "dropped"}).status_code == 405


def test_a_story_at_half_past_eleven_at_night_is_on_its_day_whatever_the_servers_zone(people, settings):
    settings.TIME_ZONE = "America/Mexico_City"
    story("Half past eleven", people, target_at=datetime.datetime(2026, 12, 11, 5, 30, tzinfo=datetime.UTC))

    page = get_page(client_of(people["editor"]), f"{CALENDAR}?week=2026-W50")

    assert day_titles(page, "2026-12-10") == ["Half past eleven"]
    assert day_titles(page, "2026-12-11") == []
    assert page.find("time", class_="planning-story__time").text == "23:30"


def test_the_calendar_costs_the_same_queries_with_more_stories(people, section, django_assert_max_num_queries):
    editor = client_of(people["editor"])
    story("One", people, target_at=at(0, 9), section=section, reporter=people["reporter"])
    story("Two", people, translator=people["translator"])
    get_page(editor, CALENDAR)
    with CaptureQueriesContext(connection) as few:
        get_page(editor, CALENDAR)
    for hour in range(20):
        plan = story(f"Story {hour}", people, target_at=at(hour % 5, hour), section=section)
        plan.events.set([])
        story(f"Unscheduled {hour}", people, reporter=people["colleague"], translator=people["translator"])

    with django_assert_max_num_queries(len(few)):
        get_page(editor, CALENDAR)
