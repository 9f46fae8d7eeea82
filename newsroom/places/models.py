from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from newsroom.publishing.querysets import PublishableQuerySet
from newsroom.reversing import reverse_slug
from newsroom.translations.models import TranslatableModel, unique_per_language


class PlaceQuerySet(PublishableQuerySet):
    def ids_within(self, place) -> list[int]:
        """The place and every place inside it, however deep: a query per level (country, state, city)."""
        ids, level = [place.pk], [place.pk]
        while level:
            level = list(self.filter(parent__in=level).exclude(pk__in=ids).values_list("pk", flat=True))
            ids += level
        return ids


class Place(TranslatableModel):
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


def in_place_or_within(queryset, name, value):
    """Filter for things in a place, counting those in the places inside it (a city in a state)."""
    links = queryset.model.places.through.objects.filter(place_id__in=Place.objects.ids_within(value))
    return queryset.filter(pk__in=links.values(f"{queryset.model._meta.model_name}_id"))
