"""iCalendar (RFC 5545) for readers' calendar apps: all published events and the events of one
organization as calendars to subscribe to, and one event as a file to add.

Texts follow the reader's rule (see translations.models): an event readable in the calendar's
language comes in it, any other in its original language, and each text names its language with
the LANGUAGE parameter. Times keep their own time zone, described by a VTIMEZONE; all-day events
are dates.

A calendar of a year of events is written from each event's lines, kept in the shared cache per
event, language and host until the event or one of its places changes (`event_entries`): icalendar
took 0.4 ms to build and fold each event's lines.
"""

import datetime
import functools
import time
import uuid
from typing import TYPE_CHECKING, NamedTuple

from django.conf import settings
from django.db.models import Q, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from newsroom.ids import uid_domain
from newsroom.organizations.models import Organization
from newsroom.pagecache import keys, tagged
from newsroom.translations.models import localized_names

from .models import Event, places_shown

if TYPE_CHECKING:
    # icalendar, with its time zone tables, is loaded by the first calendar asked for, not by
    # every process that serves pages (a few MB of each worker's memory).
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

CONTENT_TYPE = "text/calendar; charset=utf-8"
END = b"END:VCALENDAR\r\n"
# What an event's lines are made of (`event_component`): the columns read for every event of a
# calendar, in the model's order (as `Model.from_db` takes them).
ENTRY_FIELDS = [
    field.attname
    for field in Event._meta.concrete_fields
    if field.attname
    in {
        "id",
        "original_language",
        "readable_in",
        *localized_names("title", "description", "slug"),
        "start_date",
        "end_date",
        "start_time",
        "end_time",
        "time_zone",
        "status",
        "updated_at",
    }
]
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
    # icalendar is loaded by the first calendar asked for (see TYPE_CHECKING above).
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


class CalendarEntry(NamedTuple):
    """One event's lines in a calendar, with what the calendar around them needs: the time zones
    they name (each wants its VTIMEZONE) and the event's dates (the span those describe). A tuple:
    a calendar reads hundreds from the cache, and a tuple is the cheapest to unpickle."""

    ical: bytes
    tzids: tuple[str, ...]
    start_date: datetime.date
    end_date: datetime.date

    @classmethod
    def of(cls, event: Event, request) -> "CalendarEntry":
        component = event_component(event, request)
        # As icalendar's Calendar.get_used_tzids finds them.
        tzids = {
            value.params.get("TZID")
            for _name, value in component.property_items(sorted=False)
            if hasattr(value, "params")
        }
        return cls(component.to_ical(), tuple(sorted(tzids - {None})), event.start_date, event.end_date)


def event_entries(events, request) -> list[CalendarEntry]:
    """The entries of `events` (a queryset), each kept in the shared cache per event, language and
    host with the keys of the event and its places. One query for the events' rows, whose model
    instances are made only for the events whose entry is missing, and one for their places."""
    language, origin = translation.get_language(), request.build_absolute_uri("/")

    def cache_name(pk) -> str:
        return f"calendar-event:{pk}:{language}:{origin}"

    names = ENTRY_FIELDS
    pk_at = names.index("id")
    began = time.time()
    # Plain rows: modeltranslation's values_list() rebuilds each row to fall back between languages.
    rows = list(events.rewrite(False).values_list(*names))
    cache_names = [cache_name(row[pk_at]) for row in rows]
    found = tagged.get_many(cache_names)
    missing = [
        Event.from_db(events.db, names, row) for row, name in zip(rows, cache_names, strict=True) if name not in found
    ]
    prefetch_related_objects(missing, places_shown())
    computed = {}
    for event in missing:
        with keys.collecting() as shown:
            keys.note(keys.key(event), *(keys.key(place) for place in event.places.all()))
            entry = CalendarEntry.of(event, request)
        tagged.set(cache_name(event.pk), entry, shown, tagged.BLOCK_SECONDS, began=began)
        computed[cache_name(event.pk)] = entry
    entries = []
    for name in cache_names:
        if name in found:
            entry, shown = found[name]
            keys.note(*shown)
        else:
            entry = computed[name]
        entries.append(entry)
    return entries


def new_calendar(request, name: str = "") -> "Calendar":
    # icalendar is loaded by the first calendar asked for (see TYPE_CHECKING above).
    from icalendar import Calendar

    language = translation.get_language()
    calendar = Calendar.new(
        prodid=f"-//{settings.SITE_NAME}//Events//{language.upper()}",
        # A calendar's own UID (RFC 7986): one per address, whatever host serves it.
        uid=uuid.uuid5(uuid.NAMESPACE_URL, f"{uid_domain()}{request.path}"),
    )
    if name:
        calendar.add("NAME", name, parameters={"LANGUAGE": language})
        calendar.add("X-WR-CALNAME", name, parameters={"LANGUAGE": language})
    return calendar


def calendar_ical(calendar: "Calendar", entries: list[CalendarEntry]) -> bytes:
    """The calendar with its events' lines, after a VTIMEZONE for each zone they name (as
    icalendar's add_missing_timezones puts them, in the order of their names)."""
    if entries:
        first_date = min(entry.start_date for entry in entries)
        last_date = max(entry.end_date for entry in entries) + datetime.timedelta(days=2)
        tzids = sorted({tzid for entry in entries for tzid in entry.tzids} - {"UTC"})
        zones = [ical for tzid in tzids if (ical := timezone_ical(tzid, first_date, last_date))]
    else:
        # RFC 5545 wants at least one component: an empty calendar describes the site's time zone.
        today = timezone.localdate()
        zones = [timezone_ical(settings.TIME_ZONE, today, today + datetime.timedelta(days=1))]
    # The calendar's own lines, its components' in place of its END (icalendar folds line by line).
    head = calendar.to_ical().removesuffix(END)
    return b"".join([head, *zones, *(entry.ical for entry in entries), END])


@functools.lru_cache(maxsize=256)
def timezone_ical(tzid: str, first_date: datetime.date, last_date: datetime.date) -> bytes:
    """A VTIMEZONE's lines (b"" for a zone icalendar does not know); the same for the same span."""
    try:
        # icalendar is loaded by the first calendar asked for (see TYPE_CHECKING above).
        from icalendar import Timezone

        return Timezone.from_tzid(tzid, first_date=first_date, last_date=last_date).to_ical()
    except ValueError:
        return b""


def calendar_response(ical: bytes, filename: str = "") -> HttpResponse:
    response = HttpResponse(ical, content_type=CONTENT_TYPE)
    if filename:
        response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class EventCalendarView(View):
    """Published events from a year ago on, as a calendar readers subscribe to."""

    def get(self, request, **kwargs):
        scope = self.get_scope(**kwargs)
        keys.note(keys.list_key("event"))
        events = self.filter_events(Event.objects.published(), scope)
        entries = event_entries(
            events.filter(end_date__gte=timezone.localdate() - PAST).order_by("begins_at", "id")[:MOST_EVENTS], request
        )
        calendar = new_calendar(request, f"{self.calendar_name(scope)} – {settings.SITE_NAME}")
        calendar.url = request.build_absolute_uri(self.page_url(scope))
        calendar.source = request.build_absolute_uri(request.path)
        # RFC 7986 requires VALUE=DURATION, which icalendar's refresh_interval leaves out;
        # X-PUBLISHED-TTL is the older name that Outlook reads.
        calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
        # icalendar is loaded by the first calendar asked for (see TYPE_CHECKING above).
        from icalendar import vDuration

        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
        return calendar_response(calendar_ical(calendar, entries))

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
        calendar = new_calendar(request)
        return calendar_response(calendar_ical(calendar, [CalendarEntry.of(event, request)]), f"{event.slug_in()}.ics")
