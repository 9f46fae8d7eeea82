"""Events the desk has not planned a story for yet: the dashboard counts next week's, the calendar
shows each day's."""

from django.urls import reverse
from django.utils.http import urlencode

from newsroom.events.models import Event

# Events the desk may cover: a cancelled one needs no story planned for it.
COVERABLE = (Event.Status.SCHEDULED, Event.Status.POSTPONED)


def uncovered_events(period):
    """Events taking place in `period` (on any of its days) without a planned story, dropped ones
    included: a dropped story is the desk's decision about the event."""
    return Event.objects.filter(
        start_date__lte=period.last,
        end_date__gte=period.first,
        status__in=COVERABLE,
        planned_stories__isnull=True,
    ).order_by("begins_at", "pk")


def uncovered_events_url(period) -> str:
    """The events' own list, filtered to `uncovered_events(period)` by lookups in its address."""
    query = {
        "start_date__lte": period.last.isoformat(),
        "end_date__gte": period.first.isoformat(),
        "status__in": ",".join(COVERABLE),
        "planned_stories__isnull": "True",
    }
    return reverse("admin:events_event_changelist") + "?" + urlencode(query)
