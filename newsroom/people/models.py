from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.identifiers import Identified, WikidataField
from newsroom.images.models import Image
from newsroom.publishing.querysets import PublishableQuerySet
from newsroom.reversing import reverse_slug
from newsroom.translations.models import TranslatableModel


class Person(Identified, TranslatableModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, blank=True, unique=True)
    position = models.CharField(_("position"), max_length=200, blank=True, help_text=_("e.g. Governor"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    wikidata = WikidataField(_("Wikidata item"), unique=True, help_text=_("e.g. Q96, or paste the item’s address."))
    website = models.URLField(
        _("website"), blank=True, default="", db_default="", help_text=_("The person’s own or official website.")
    )
    bio = models.TextField(_("biography"), blank=True)
    # A new name, not the old file field's: old revisions hold that name with a file's path.
    portrait = models.ForeignKey(
        Image, verbose_name=_("portrait"), null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    slug_source = "name"
    glossary_name = "name"
    short_texts = ("position",)
    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("people:detail", self.slug_in())
