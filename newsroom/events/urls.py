from django.urls import path
from django.utils.translation import pgettext_lazy

from . import calendars, views

app_name = "events"

urlpatterns = [
    path(pgettext_lazy("URL", "events/"), views.UpcomingEventListView.as_view(), name="list"),
    path(pgettext_lazy("URL", "events/past/"), views.PastEventListView.as_view(), name="past"),
    path(pgettext_lazy("URL", "events/<slug:slug>/"), views.EventDetailView.as_view(), name="detail"),
    # iCalendar: all events and an organization's to subscribe to, one event to add. The
    # organization's calendar lives here, as its feeds live in articles: organizations know no events.
    path(pgettext_lazy("URL", "events/calendar.ics"), calendars.EventCalendarView.as_view(), name="calendar"),
    path(
        pgettext_lazy("URL", "organizations/<slug:slug>/calendar.ics"),
        calendars.OrganizationEventCalendarView.as_view(),
        name="organization-calendar",
    ),
    path(
        pgettext_lazy("URL", "events/<slug:slug>/calendar.ics"),
        calendars.EventDownloadView.as_view(),
        name="detail-calendar",
    ),
]
