"""The planning board on the admin's index page: my assignments, and next week's events without a story."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.events.models import Event
from newsroom.planning.models import PlannedStory
from tests.factories import ArticleFactory, EventFactory
from tests.pages import get_page, parse

from .conftest import at, client_of

pytestmark = pytest.mark.django_db

# A Wednesday: next week runs from Monday 14 to Sunday 20 December.
NOW = datetime.datetime(2026, 12, 9, 18, 0, tzinfo=datetime.UTC)


def assignments(page) -> list[str]:
    section = page.find("section", aria_labelledby="dashboard-my-assignments")
    return [item.find("a").text for item in section.find_all("li")]


def uncovered(page):
    return page.find("section", aria_labelledby="dashboard-uncovered-events")


def event_on(day: int, **fields):
    # The same title in both languages: the German dashboard names events in German.
    if "title_en" in fields:
        fields["title_de"] = fields["title_en"]
    return EventFactory(start_date=datetime.date(2026, 12, day), end_date=datetime.date(2026, 12, day), **fields)


@pytest.fixture
def week(people):
    """Stories on the board, and events next week: two covered, three not."""

    def plan(title, **fields):
        return PlannedStory.objects.create(working_title=title, created_by=people["editor"], **fields)

    plan("Rita writes", reporter=people["reporter"], target_at=at(1, 9), status="assigned")
    plan("Rita's unscheduled one", reporter=people["reporter"], status="in_progress")
    plan("Tom translates", reporter=people["colleague"], translator=people["translator"], target_at=at(2, 9))
    plan("Rita's dropped one", reporter=people["reporter"], status="dropped")
    plan("Rita's published one", reporter=people["reporter"], article=ArticleFactory())
    plan("Pablo's", reporter=people["colleague"])
    covered = plan("Fair coverage", status="idea")
    covered.events.set([event_on(15, title_en="Covered fair")])
    dropped = plan("Dropped coverage", status="dropped")
    dropped.events.set([event_on(16, title_en="Decided against")])
    event_on(14, title_en="Monday's forum")
    event_on(20, title_en="Sunday's trade trip")
    # Began last week, still on next Monday.
    EventFactory(
        title_en="A long programme",
        title_de="A long programme",
        start_date=datetime.date(2026, 12, 10),
        end_date=datetime.date(2026, 12, 14),
    )
    event_on(17, title_en="Cancelled visit", status=Event.Status.CANCELLED)
    event_on(21, title_en="The week after")
    event_on(11, title_en="This week")


@time_machine.travel(NOW)
@pytest.mark.parametrize("language", ["en", "de"])
def test_a_reporter_sees_their_open_assignments(people, week, language):
    page = get_page(client_of(people["reporter"], language), "/admin/")
    assert assignments(page) == ["Rita writes", "Rita's unscheduled one"]


@time_machine.travel(NOW)
def test_a_translator_sees_the_stories_they_translate(people, week):
    page = get_page(client_of(people["translator"]), "/admin/")
    assert assignments(page) == ["Tom translates"]
    assert "to translate" in page.find("section", aria_labelledby="dashboard-my-assignments").text


@time_machine.travel(NOW)
@pytest.mark.parametrize("language", ["en", "de"])
def test_next_weeks_events_without_a_story_are_counted_and_listed(people, week, language):
    editor = client_of(people["editor"], language)
    section = uncovered(get_page(editor, "/admin/"))

    heading = section.find("h2").text
    assert heading.startswith("3 ")
    assert ("events next week without a planned story" in heading) == (language == "en")
    listed = [item.find("a").text for item in section.find_all("li")]
    assert sorted(listed) == ["A long programme", "Monday's forum", "Sunday's trade trip"]

    events_list = parse(editor.get(section.find("h2").find("a")["href"]))
    titles = [link.text for link in events_list.find("table", id="result_list").find_all("a") if link.text]
    assert sorted(set(titles) & {"A long programme", "Monday's forum", "Sunday's trade trip", "Covered fair"}) == [
        "A long programme",
        "Monday's forum",
        "Sunday's trade trip",
    ]
    assert "Cancelled visit" not in events_list.text and "The week after" not in events_list.text


@time_machine.travel(NOW)
def test_without_the_board_there_is_no_planning_block(people):
    staff = people["nobody"]
    staff.is_staff = True
    staff.save()
    page = get_page(client_of(staff), "/admin/")
    assert not page.find_all("section", aria_labelledby="dashboard-my-assignments")


@time_machine.travel(NOW)
def test_the_planning_blocks_cost_the_same_queries_however_busy_the_week(people, week, django_assert_max_num_queries):
    reporter = client_of(people["reporter"])
    get_page(reporter, "/admin/")
    with CaptureQueriesContext(connection) as before:
        get_page(reporter, "/admin/")
    for day in range(14, 21):
        for _ in range(3):
            event_on(day)
        PlannedStory.objects.create(working_title=f"More {day}", reporter=people["reporter"], target_at=at(day - 9, 9))

    with django_assert_max_num_queries(len(before)):
        page = get_page(reporter, "/admin/")
    assert len(assignments(page)) == 8
    assert uncovered(page).find("h2").text.startswith("24 ")
