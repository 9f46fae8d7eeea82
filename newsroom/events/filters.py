import django_filters
from django.utils.translation import gettext_lazy as _

from newsroom.listing import DateInput, DateRangeForm, HiddenInput, ObjectSelect, Select
from newsroom.organizations.models import Organization
from newsroom.places.models import Place, in_place_or_within

from .models import Event


class EventFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(label=_("From"), field_name="end_date", lookup_expr="gte", widget=DateInput)
    date_to = django_filters.DateFilter(label=_("To"), field_name="start_date", lookup_expr="lte", widget=DateInput)
    place = django_filters.ModelChoiceFilter(
        label=_("Place"),
        queryset=Place.objects.published(),
        method=in_place_or_within,
        empty_label=_("All places"),
        widget=ObjectSelect,
    )
    organizer = django_filters.ModelChoiceFilter(
        label=_("Organizer"),
        field_name="organizers",
        queryset=Organization.objects.published(),
        widget=HiddenInput,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Event.Status.choices, empty_label=_("Any status"), widget=Select
    )

    class Meta:
        model = Event
        fields = []
        form = DateRangeForm
