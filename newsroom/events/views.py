from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.listing import FilteredListView
from newsroom.organizations.models import Organization
from newsroom.pagecache import keys
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.prefetching import prefetch_together_cached
from newsroom.public_pages import EntityDetailView, PublicPageMixin

from .filters import EventFilter
from .models import Event


class UpcomingEventListView(PublicPageMixin, FilteredListView):
    template_name = "events/event_list.html"
    filterset_class = EventFilter
    key = "begins_at"
    descending = False
    is_past = False
    previous_label = _("← Earlier")
    next_label = _("Later →")
    page_name = _("Upcoming events")

    def get_queryset(self):
        keys.note(keys.list_key("event"))
        return Event.objects.published().upcoming().with_places()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_past"] = self.is_past
        context["today"] = timezone.localdate()
        return context


class PastEventListView(UpcomingEventListView):
    descending = True
    is_past = True
    previous_label = _("← Later")
    next_label = _("Earlier →")
    page_name = _("Past events")

    def get_queryset(self):
        keys.note(keys.list_key("event"))
        return Event.objects.published().past().with_places()


class EventDetailView(EntityDetailView):
    model = Event
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def describe(self, describer, context):
        return describer.event(self.object), [(str(self.object), self.request.path)]

    def get_queryset(self):
        return super().get_queryset().select_related("image")

    def get_object(self, queryset=None):
        event = super().get_object(queryset)
        organizations = Organization.objects.published()
        prefetch_together_cached(
            event,
            cached=getattr(self.request, "preview", None) is None,
            places=Place.objects.published(),
            organizers=organizations,
            participants=organizations,
            people=Person.objects.published(),
        )
        return event
