import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsroom.events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

MAY_1 = datetime.date(2027, 5, 1)


def test_an_event_cannot_end_before_it_starts():
    event = EventFactory.build(start_date=MAY_1, end_date=MAY_1 - datetime.timedelta(days=1))

    with pytest.raises(ValidationError) as raised:
        event.full_clean()

    assert "end_date" in raised.value.message_dict


def test_a_one_day_event_cannot_end_before_its_start_time():
    event = EventFactory.build(
        start_date=MAY_1, end_date=MAY_1, start_time=datetime.time(10), end_time=datetime.time(9)
    )

    with pytest.raises(ValidationError) as raised:
        event.clean()

    assert "end_time" in raised.value.message_dict


def test_an_end_time_needs_a_start_time():
    event = EventFactory.build(start_date=MAY_1, end_date=MAY_1, end_time=datetime.time(9))

    with pytest.raises(ValidationError) as raised:
        event.clean()

    assert "start_time" in raised.value.message_dict


def test_a_multi_day_event_may_end_earlier_in_the_day_than_it_started():
    event = EventFactory.build(
        start_date=MAY_1,
        end_date=MAY_1 + datetime.timedelta(days=2),
        start_time=datetime.time(18),
        end_time=datetime.time(9),
    )

    event.clean()


def test_the_database_refuses_an_event_ending_before_it_starts_even_without_clean():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(start_date=MAY_1, end_date=MAY_1 - datetime.timedelta(days=1))


def test_an_event_with_times_starts_and_ends_in_its_own_time_zone():
    event = EventFactory.build(
        start_date=MAY_1,
        end_date=MAY_1,
        start_time=datetime.time(9),
        end_time=datetime.time(17),
        time_zone="Asia/Tokyo",
    )

    assert event.starts_at.isoformat() == "2027-05-01T09:00:00+09:00"
    assert event.ends_at.isoformat() == "2027-05-01T17:00:00+09:00"
    assert not event.is_all_day


def test_upcoming_and_past_split_on_the_last_day_and_published_hides_withdrawn_events():
    today = timezone.localdate()
    running = EventFactory(start_date=today - datetime.timedelta(days=2), end_date=today)
    past = EventFactory(start_date=today - datetime.timedelta(days=5), end_date=today - datetime.timedelta(days=4))
    EventFactory(is_published=False)

    assert list(Event.objects.published().upcoming()) == [running]
    assert list(Event.objects.published().past()) == [past]
