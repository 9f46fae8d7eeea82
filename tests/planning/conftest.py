import datetime

import pytest

from newsroom.planning.models import PlannedStory
from newsroom.planning.periods import midnight, newsroom_today
from newsroom.roles import ADMINISTRATOR, EDITOR, role
from tests.factories import ReporterFactory, SectionFactory, TranslatorFactory, UserFactory
from tests.pages import logged_in


def member_of(name: str, username: str, **fields):
    user = UserFactory(username=username, **fields)
    user.groups.add(role(name))
    return user


@pytest.fixture
def people():
    """The desk: an editor, an administrator, two reporters, a translator, and an account without a role."""
    return {
        "editor": member_of(EDITOR, "ines", first_name="Inés", last_name="Ortega"),
        "administrator": member_of(ADMINISTRATOR, "alma"),
        "reporter": ReporterFactory(username="rita", first_name="Rita", last_name="Campos"),
        "colleague": ReporterFactory(username="pablo"),
        "translator": TranslatorFactory(username="tom", first_name="Tom", last_name="Berger"),
        "nobody": UserFactory(username="noel", is_staff=False),
    }


@pytest.fixture
def section():
    return SectionFactory(name_en="Automotive", name_de="Automobil")


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment `days` from today, at `hour:minute` on the newsroom's clock."""
    return midnight(newsroom_today() + datetime.timedelta(days=days)) + datetime.timedelta(hours=hour, minutes=minute)


@pytest.fixture
def plan(people, section):
    """Rita's assignment: the Tachi-S plant, tomorrow at 10:00, English with a German translation by Tom."""
    return PlannedStory.objects.create(
        working_title="Tachi-S opens its seat plant in Aguascalientes",
        section=section,
        reporter=people["reporter"],
        translator=people["translator"],
        target_at=at(1, 10),
        languages=["en", "de"],
        status=PlannedStory.Status.ASSIGNED,
        created_by=people["editor"],
    )


def client_of(user, language: str = "en"):
    return logged_in(user, HTTP_ACCEPT_LANGUAGE=language)
