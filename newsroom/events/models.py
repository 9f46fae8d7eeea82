import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.images.models import Image
from newsroom.places.models import Place
from newsroom.publishing.querysets import PublishableQuerySet
from newsroom.reversing import reverse_slug
from newsroom.translations.models import TranslatableModel, unique_per_language

DEFAULT_EVENT_TIME_ZONE = "America/Mexico_City"
# Far enough for any archive or plan; dates beyond cannot be placed in every time zone.
EARLIEST_EVENT_YEAR, LATEST_EVENT_YEAR = 1900, 2200


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class EventQuerySet(PublishableQuerySet):
    def upcoming(self):
        return self.filter(end_date__gte=timezone.localdate()).order_by("begins_at", "id")

    def past(self):
        return self.filter(end_date__lt=timezone.localdate()).order_by("-begins_at", "-id")

    def with_places(self):
        return self.prefetch_related(places_shown())


def places_shown() -> models.Prefetch:
    """An event's places as readers see them: the published ones."""
    return models.Prefetch("places", Place.objects.published())


class Event(TranslatableModel):
    """A happening with a start and an end: all-day dates, or wall-clock times in a time zone."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=250, blank=True)
    slug = models.SlugField(_("slug"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), help_text=_("The same as the start date for a one-day event."))
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Leave empty for all-day events.")
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_EVENT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("IANA name of the time zone the times are in, e.g. Asia/Tokyo."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    places = models.ManyToManyField("places.Place", verbose_name=_("places"), blank=True, related_name="events")
    organizers = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("organizers"), blank=True, related_name="organized_events"
    )
    participants = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("participating organizations"),
        blank=True,
        related_name="attended_events",
    )
    people = models.ManyToManyField("people.Person", verbose_name=_("people"), blank=True, related_name="events")
    website = models.URLField(_("website"), blank=True)
    image = models.ForeignKey(
        Image, verbose_name=_("image"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    # The moment the event begins (local midnight for all-day events): one column to order and
    # page by, so that events on the same day follow their start times.
    begins_at = models.DateTimeField(_("begins at"), editable=False, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    slug_source = "title"
    reserved_slugs = frozenset({"past", "vergangene"})  # the past-events list under the same prefix
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["begins_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            *unique_per_language("slug", "event"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="event_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["end_date", "start_date"], name="event_dates_idx")]

    def __str__(self):
        return self.text.title or self.title

    def get_absolute_url(self):
        return reverse_slug("events:detail", self.slug_in())

    def save(self, *args, **kwargs):
        self.update_begins_at()
        super().save(*args, **kwargs)

    def update_begins_at(self):
        """Set the ordering moment from the dates and times (save() does it; bulk_create does not)."""
        self.begins_at = datetime.datetime.combine(
            self.start_date, self.start_time or datetime.time.min, tzinfo=self.zone
        )

    def clean(self):
        super().clean()
        errors = {}
        for name in ("start_date", "end_date"):
            day = getattr(self, name)
            if day and not EARLIEST_EVENT_YEAR <= day.year <= LATEST_EVENT_YEAR:
                errors[name] = _("Give a date between %(first)s and %(last)s.") % {
                    "first": EARLIEST_EVENT_YEAR,
                    "last": LATEST_EVENT_YEAR,
                }
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The event cannot end before it starts.")
        if self.end_time and not self.start_time:
            errors["start_time"] = _("Give a start time too, or leave both times empty for an all-day event.")
        if self.start_time and self.end_time and self.start_date == self.end_date and self.end_time < self.start_time:
            errors["end_time"] = _("The event cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_all_day(self) -> bool:
        return self.start_time is None

    @property
    def is_multi_day(self) -> bool:
        return self.end_date != self.start_date

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def starts_at(self) -> datetime.datetime | None:
        if self.is_all_day:
            return None
        return datetime.datetime.combine(self.start_date, self.start_time, tzinfo=self.zone)

    @property
    def time_zone_name(self) -> str:
        """The zone's abbreviation at the start, e.g. JST, as readers know it."""
        return self.starts_at.tzname() if self.starts_at else ""

    @property
    def ends_at(self) -> datetime.datetime | None:
        if self.is_all_day or self.end_time is None:
            return None
        return datetime.datetime.combine(self.end_date, self.end_time, tzinfo=self.zone)
