"""The demo's planning board: a week of stories around the day `make run` loads it."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from newsroom.planning.models import PlannedStory
from newsroom.planning.periods import Period, newsroom_day, newsroom_today
from tests.pages import get_page

from .conftest import client_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_demo_plans_a_week_around_today_in_both_languages(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # run again: updated, not doubled

    stories = PlannedStory.objects.with_state()
    assert stories.count() == 11
    assert {plan.original_language for plan in stories} == {"en", "de"}
    days = {newsroom_day(plan.target_at) - newsroom_today() for plan in stories if plan.target_at}
    assert min(days).days == -2 and max(days).days == 5
    assert stories.get(working_title__startswith="El Insurgente").state == "published"
    assert stories.get(working_title__startswith="What to watch").state == "published"  # its article appeared yesterday
    assert stories.filter(target_at__isnull=True).count() == 2

    reporter = User.objects.get(username="reporter")
    page = get_page(client_of(reporter), "/admin/")
    mine = page.find("section", aria_labelledby="dashboard-my-assignments")
    assert "Jatco and Nissan" in mine.text
    week = Period.this_week()
    calendar = get_page(client_of(reporter, "de"), f"/admin/planning/plannedstory/calendar/?day={newsroom_today()}")
    assert "Jatco and Nissan" in calendar.text and "23:30" in calendar.text
    assert week.first <= newsroom_today() <= week.last
