"""iCalendar (RFC 5545) for readers' calendar apps: all published events and the events of one
organization as calendars to subscribe to, and one event as a file to add.

Texts follow the reader's rule (see translations.models): an event readable in the calendar's
language comes in it, any other in its original language, and each text names its language with
the LANGUAGE parameter. Times keep their own time zone, described by a VTIMEZONE; all-day events
are dates.
"""

import datetime
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from newsroom.ids import uid_domain
from newsroom.organizations.models import Organization
from newsroom.pagecache import keys

from .models import Event

if TYPE_CHECKING:
    # icalendar, with its time zone tables, is loaded by the first calendar asked for, not by
    # every process that serves pages (a few MB of each worker's memory).
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Calendar apps replace a subscribed calendar with each refresh: a year of past events keeps the
# ones readers went to in their calendars, without the file growing for ever.
PAST = datetime.timedelta(days=365)
MOST_EVENTS = 1000  # the earliest ones of the window, should it ever hold more
REFRESH = datetime.timedelta(hours=6)
STATUSES = {
    Event.Status.SCHEDULED: "CONFIRMED",
    Event.Status.POSTPONED: "TENTATIVE",
    Event.Status.CANCELLED: "CANCELLED",
}


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{uid_domain()}"


def event_span(event: Event) -> tuple[datetime.date | datetime.datetime, datetime.date | datetime.datetime | None]:
    """DTSTART and DTEND: dates for all-day events, the end being the day after (RFC 5545 ends are
    exclusive); wall-clock times in the event's zone otherwise."""
    if event.is_all_day:
        return event.start_date, event.end_date + datetime.timedelta(days=1)
    start, end = event.starts_at, event.ends_at
    if end is None and event.is_multi_day:
        end = datetime.datetime.combine(event.end_date + datetime.timedelta(days=1), datetime.time.min, event.zone)
    # DTEND must be later than DTSTART; without one the event is a moment.
    return start, end if end is not None and end > start else None


def add_text(component, name: str, value: str, language: str | None):
    if value:
        component.add(name, value, parameters={"LANGUAGE": language} if language else None)


def event_component(event: Event, request) -> "CalendarEvent":
    from icalendar import Event as CalendarEvent

    language = translation.get_language()
    start, end = event_span(event)
    component = CalendarEvent.new(
        uid=event_uid(event),
        # Without a METHOD, DTSTAMP is when the event last changed (RFC 5545, 3.8.7.2).
        stamp=event.updated_at,
        last_modified=event.updated_at,
        start=start,
        end=end,
        status=STATUSES.get(event.status, "CONFIRMED"),
        url=request.build_absolute_uri(event.url_in(language)),
    )
    text = event.text
    add_text(component, "SUMMARY", text.title, text.language)
    add_text(component, "DESCRIPTION", text.description, text.language)
    # Each place in the reader's language where it is readable there, as the event's page shows it.
    places = [place.text for place in event.places.all()]
    languages = {place.language for place in places}
    add_text(
        component,
        "LOCATION",
        ", ".join(place.name for place in places),
        languages.pop() if len(languages) == 1 else None,
    )
    return component


def new_calendar(request, events, name: str = "") -> "Calendar":
    from icalendar import Calendar, Timezone

    language = translation.get_language()
    calendar = Calendar.new(
        prodid=f"-//{settings.SITE_NAME}//Events//{language.upper()}",
        # A calendar's own UID (RFC 7986): one per address, whatever host serves it.
        uid=uuid.uuid5(uuid.NAMESPACE_URL, f"{uid_domain()}{request.path}"),
    )
    if name:
        calendar.add("NAME", name, parameters={"LANGUAGE": language})
        calendar.add("X-WR-CALNAME", name, parameters={"LANGUAGE": language})
    for event in events:
        calendar.add_component(event_component(event, request))
    if events:
        calendar.add_missing_timezones(
            first_date=min(event.start_date for event in events),
            last_date=max(event.end_date for event in events) + datetime.timedelta(days=2),
        )
    else:
        # RFC 5545 wants at least one component: an empty calendar describes the site's time zone.
        today = timezone.localdate()
        calendar.add_component(
            Timezone.from_tzid(settings.TIME_ZONE, first_date=today, last_date=today + datetime.timedelta(days=1))
        )
    return calendar


def calendar_response(calendar: "Calendar", filename: str = "") -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    if filename:
        response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class EventCalendarView(View):
    """Published events from a year ago on, as a calendar readers subscribe to."""

    def get(self, request, **kwargs):
        from icalendar import vDuration

        scope = self.get_scope(**kwargs)
        keys.note(keys.list_key("event"))
        events = self.filter_events(Event.objects.published(), scope)
        events = list(
            events.filter(end_date__gte=timezone.localdate() - PAST)
            .order_by("begins_at", "id")
            .with_places()[:MOST_EVENTS]
        )
        calendar = new_calendar(request, events, f"{self.calendar_name(scope)} – {settings.SITE_NAME}")
        calendar.url = request.build_absolute_uri(self.page_url(scope))
        calendar.source = request.build_absolute_uri(request.path)
        # RFC 7986 requires VALUE=DURATION, which icalendar's refresh_interval leaves out;
        # X-PUBLISHED-TTL is the older name that Outlook reads.
        calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
        return calendar_response(calendar)

    def get_scope(self, **kwargs):
        return None

    def filter_events(self, events, scope):
        return events

    def calendar_name(self, scope) -> str:
        return _("Events")

    def page_url(self, scope) -> str:
        return reverse("events:list")


class OrganizationEventCalendarView(EventCalendarView):
    """The events an organization organizes or takes part in."""

    def get_scope(self, slug):
        organization = Organization.objects.published().with_slug(slug).first()
        if organization is None:
            raise Http404
        return organization

    def filter_events(self, events, organization):
        return events.filter(
            Q(pk__in=Event.organizers.through.objects.filter(organization=organization).values("event_id"))
            | Q(pk__in=Event.participants.through.objects.filter(organization=organization).values("event_id"))
        )

    def calendar_name(self, organization) -> str:
        return _("Events with %(organization)s") % {"organization": organization.text.name}

    def page_url(self, organization) -> str:
        return organization.get_absolute_url()


class EventDownloadView(View):
    """One event as a file to add to a calendar."""

    def get(self, request, slug):
        event = Event.objects.published().with_slug(slug).with_places().first()
        if event is None:
            raise Http404
        # No calendar name: with one, Outlook files the event in a new calendar of that name
        # instead of the reader's own ([MS-OXCICAL] 2.1.3.1.1.17).
        calendar = new_calendar(request, [event])
        return calendar_response(calendar, f"{event.slug_in()}.ics")
