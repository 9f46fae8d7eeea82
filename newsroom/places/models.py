from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from newsroom.identifiers import (
    LATITUDE_VALIDATORS,
    LONGITUDE_VALIDATORS,
    GeoNamesField,
    Identified,
    WikidataField,
    coordinate_errors,
)
from newsroom.publishing.querysets import PublishableQuerySet
from newsroom.reversing import reverse_slug
from newsroom.translations.models import TranslatableModel, unique_per_language


class PlaceQuerySet(PublishableQuerySet):
    def ids_within(self, place) -> RawSQL:
        """The ids of the place and every place inside it, however deep (country, state, city), as a
        subquery for `__in`: no query of its own. UNION, not UNION ALL: a loop of parents, which the
        form refuses, would still end."""
        table = connections[self.db].ops.quote_name(self.model._meta.db_table)
        return RawSQL(
            f"WITH RECURSIVE within(id) AS (SELECT id FROM {table} WHERE id = %s UNION "  # noqa: S608 - our table
            f"SELECT p.id FROM {table} p JOIN within ON p.parent_id = within.id) SELECT id FROM within",
            [place.pk],
        )


class Place(Identified, TranslatableModel):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        STATE = "state", _("State")
        CITY = "city", _("City")

    name = models.CharField(_("name"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, blank=True, allow_unicode=False)
    kind = models.CharField(pgettext_lazy("place", "kind"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(_("description"), blank=True)
    wikidata = WikidataField(_("Wikidata item"), unique=True, help_text=_("e.g. Q96, or paste the item’s address."))
    geonames = GeoNamesField(_("GeoNames id"), unique=True, help_text=_("e.g. 3530597, or paste the GeoNames address."))
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
        help_text=_("Degrees, north positive, e.g. 19.43260."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
        help_text=_("Degrees, west negative, e.g. -99.13320."),
    )
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    slug_source = "name"
    glossary_name = "name"
    same_in_every_language_by_default = ("name",)
    short_texts = ("name",)
    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = unique_per_language("slug", "place")

    def __str__(self):
        return self.text.name or self.name

    def get_absolute_url(self):
        return reverse_slug("places:detail", self.slug_in())

    def clean(self):
        errors = coordinate_errors(self.latitude, self.longitude)
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def in_place_or_within(queryset, name, value):
    """Filter for things in a place, counting those in the places inside it (a city in a state)."""
    links = queryset.model.places.through.objects.filter(place_id__in=Place.objects.ids_within(value))
    return queryset.filter(pk__in=links.values(f"{queryset.model._meta.model_name}_id"))
