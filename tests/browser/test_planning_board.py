"""An editor plans a story from an event and finds it in the week's calendar — in Chromium, at 1280
pixels and on a phone, with long German titles wrapped inside their day."""

import datetime
import re

import pytest

from newsroom.planning.models import PlannedStory
from newsroom.planning.periods import Period, midnight
from newsroom.roles import EDITOR, role
from tests.factories import EventFactory, SectionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVENT_DAY = datetime.date(2026, 12, 16)
LONG_TITLES = (
    "Automobilzulieferindustrie in Aguascalientes: Zwölf Zulieferer nach der Schulung in Hiroshima und Yokohama",
    "Industrie- und Handelskammer Nagoya: Partnerschaftsvereinbarung mit der Landesregierung von Aguascalientes",
    "Qualitätssicherungsverfahrensanweisungen für Automobilzuliefererbetriebe",
)


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def assert_titles_inside_their_days(page, width: int):
    """Every story's title wraps inside its day's box, and nothing runs out of the window sideways."""
    for story in page.locator(".planning-story").all():
        title = story.locator(".planning-story__title").bounding_box()
        day = story.locator("xpath=ancestor::section[1]").bounding_box()
        assert title["x"] >= day["x"] - 1 and title["x"] + title["width"] <= day["x"] + day["width"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_an_editor_plans_a_story_from_an_event_and_sees_it_in_the_week(live_server, page, screenshot):
    UserFactory(username="ines").groups.add(role(EDITOR))
    SectionFactory(name_en="Automotive", name_de="Automobil")
    event = EventFactory(
        title_en="Nagoya Chamber of Commerce visits Aguascalientes",
        title_de="Besuch der Industrie- und Handelskammer Nagoya in Aguascalientes",
        start_date=EVENT_DAY,
        end_date=EVENT_DAY,
        start_time=datetime.time(11, 0),
    )
    for hour, title in enumerate(LONG_TITLES, start=8):
        PlannedStory.objects.create(
            working_title=title,
            original_language="de",
            languages=["de", "en"],
            target_at=midnight(EVENT_DAY + datetime.timedelta(days=hour - 8)) + datetime.timedelta(hours=hour),
        )
    # An event of the week no story covers yet: shown on its day with "Plan a story".
    EventFactory(
        title_en="Forum for the Presentation of the Strategic Agenda of the Automotive Sector",
        title_de="Forum zur Vorstellung der strategischen Agenda für die Automobilbranche",
        start_date=EVENT_DAY + datetime.timedelta(days=2),
        end_date=EVENT_DAY + datetime.timedelta(days=2),
    )
    PlannedStory.objects.create(working_title="Unipres und Calsonic Kansei: 3.800 Stellen", original_language="de")
    log_in(page, live_server, "ines")
    page.context.add_cookies([{"name": "django_language", "value": "de", "url": live_server.url}])

    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    page.get_by_role("link", name="Geschichte planen").click()
    assert page.locator("#id_working_title").input_value() == event.title_de
    page.select_option("#id_section", label="Automobil")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/planning/plannedstory/(\?.*)?$"))
    plan = PlannedStory.objects.get(events=event)
    assert plan.working_title == event.title_de

    page.get_by_role("link", name="Kalender").first.click()
    page.wait_for_url(re.compile(r"/calendar/"))
    week = Period.week_of(EVENT_DAY).param[1]
    page.goto(f"{live_server.url}/admin/planning/plannedstory/calendar/?week={week}")
    day = page.locator(f"section[aria-labelledby=day-{EVENT_DAY.isoformat()}]")
    assert day.locator(".planning-story__title").all_inner_texts()[-1] == event.title_de
    assert day.locator(".planning-story__time").all_inner_texts()[-1] == "11:00"
    assert_titles_inside_their_days(page, 1280)
    assert "Forum zur Vorstellung" in page.locator(".planning-uncovered").inner_text()
    screenshot("planning-week-de-1280")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert_titles_inside_their_days(page, 375)
    screenshot("planning-week-de-phone")

    page.get_by_role("link", name="Tagesansicht").click()
    page.wait_for_url(re.compile(r"day="))
    page.goto(f"{live_server.url}/admin/planning/plannedstory/calendar/?day={EVENT_DAY.isoformat()}")
    assert event.title_de in page.locator(".planning-days").inner_text()
    assert_titles_inside_their_days(page, 375)
    screenshot("planning-day-de-phone")

    # From the plan to its article: a draft with the working title, linked back.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/planning/plannedstory/{plan.pk}/change/")
    screenshot("planning-story-de-1280")
    # Typed and not saved: "Artikel anlegen" is a button of the plan's form, which saves it first.
    page.fill("#id_notes", "Nach den Investitionszusagen der Zulieferer aus Nagoya fragen.")
    page.get_by_role("button", name="Artikel anlegen").click()
    page.wait_for_url(re.compile(r"/admin/articles/article/\d+/change/"))
    assert "als Entwurf aus der Planung angelegt" in page.locator(".messagelist").inner_text()
    plan.refresh_from_db()
    assert plan.article.headline_de == event.title_de
    assert plan.notes == "Nach den Investitionszusagen der Zulieferer aus Nagoya fragen."
    page.goto(f"{live_server.url}/admin/planning/plannedstory/{plan.pk}/change/")
    assert page.get_by_role("link", name="Zum Artikel").count() == 1

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/planning/plannedstory/calendar/?week={week}")
    assert page.locator("h1").inner_text().startswith("Planning board: Week 51")
    screenshot("planning-week-en-1280")
