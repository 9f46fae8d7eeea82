import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from newsroom.events.models import Event
from newsroom.listing import DateInput, DateRangeForm, HiddenInput, ObjectSelect, Select
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place, in_place_or_within

from .models import Article, Author, Correction, Section, Series, Tag


def start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ArticleFilter(django_filters.FilterSet):
    section = django_filters.ModelChoiceFilter(
        label=_("Section"), queryset=Section.objects.all(), empty_label=_("All sections"), widget=ObjectSelect
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Article.Kind.choices, empty_label=_("All kinds"), widget=Select
    )
    date_from = django_filters.DateFilter(label=_("From"), method="published_from", widget=DateInput)
    date_to = django_filters.DateFilter(label=_("To"), method="published_to", widget=DateInput)
    series = django_filters.ModelChoiceFilter(queryset=Series.objects.all(), widget=HiddenInput)
    organization = django_filters.ModelChoiceFilter(
        field_name="organizations", queryset=Organization.objects.published(), widget=HiddenInput
    )
    person = django_filters.ModelChoiceFilter(
        field_name="people", queryset=Person.objects.published(), widget=HiddenInput
    )
    place = django_filters.ModelChoiceFilter(
        queryset=Place.objects.published(), method=in_place_or_within, widget=HiddenInput
    )
    event = django_filters.ModelChoiceFilter(
        field_name="events", queryset=Event.objects.published(), widget=HiddenInput
    )
    tag = django_filters.ModelChoiceFilter(field_name="tags", queryset=Tag.objects.all(), widget=HiddenInput)
    author = django_filters.ModelChoiceFilter(field_name="authors", queryset=Author.objects.all(), widget=HiddenInput)

    class Meta:
        model = Article
        fields = []
        form = DateRangeForm

    def published_from(self, queryset, name, value):
        return queryset.filter(published_at__gte=start_of_day(value))

    def published_to(self, queryset, name, value):
        if value == datetime.date.max:
            # There is no day after the last one to end the range at.
            return queryset
        return queryset.filter(published_at__lt=start_of_day(value + datetime.timedelta(days=1)))


class CorrectionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=pgettext_lazy("correction", "Kind"),
        choices=Correction.Kind.choices,
        empty_label=_("All notes"),
        widget=Select,
    )

    class Meta:
        model = Correction
        fields = []
