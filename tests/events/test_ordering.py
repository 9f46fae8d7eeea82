import datetime

import pytest
from django.utils import timezone

from newsroom.events.models import Event
from tests.factories import EventFactory
from tests.pages import get_page, url_in

pytestmark = pytest.mark.django_db


def test_events_on_the_same_day_follow_their_start_times(client):
    day = timezone.localdate() + datetime.timedelta(days=3)
    for hour in (18, 9, 14):
        EventFactory(title_en=f"Meeting at {hour}", start_date=day, end_date=day, start_time=datetime.time(hour))
    html = client.get(url_in("en", "events:list")).content.decode()
    positions = [html.index(f"Meeting at {hour}<") for hour in (9, 14, 18)]
    assert positions == sorted(positions)


def test_an_event_cannot_take_the_slug_of_the_past_events_list():
    event = EventFactory(title_en="Past", slug_en="")
    assert event.slug_en != "past"
    assert Event.objects.get(pk=event.pk).get_absolute_url() != "/en/events/past/"


def test_an_empty_cursor_shows_the_first_page(client):
    EventFactory(title_en="Forum in Aguascalientes")
    page = get_page(client, url_in("en", "events:list") + "?before=")
    assert "Forum in Aguascalientes" in " ".join(page.texts())


def test_filtering_events_by_a_country_finds_those_in_its_cities(client):
    from tests.factories import PlaceFactory

    japan = PlaceFactory(name_en="Japan", kind="country")
    hiroshima = PlaceFactory(name_en="Hiroshima", kind="city", parent=PlaceFactory(name_en="Chugoku", parent=japan))
    training = EventFactory(title_en="Training in Hiroshima")
    training.places.set([hiroshima])
    EventFactory(title_en="Forum elsewhere")
    html = client.get(url_in("en", "events:list") + f"?place={japan.pk}").content.decode()
    assert "Training in Hiroshima" in html and "Forum elsewhere" not in html
