from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from newsroom.identifiers import Exchange, Identified, LeiField, TickerField, WikidataField, listing_errors
from newsroom.images.models import Image
from newsroom.publishing.querysets import PublishableQuerySet
from newsroom.reversing import reverse_slug
from newsroom.translations.models import TranslatableModel, unique_per_language


class Organization(Identified, TranslatableModel):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        GOVERNMENT = "government", _("Government body")
        AGENCY = "agency", _("Agency")
        CLUSTER = "cluster", _("Cluster")
        CHAMBER = "chamber", _("Chamber")
        ALLIANCE = "alliance", _("Alliance")
        EDUCATION = "education", _("Education")
        TRADE_FAIR = "trade_fair", _("Trade fair")

    name = models.CharField(_("name"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True, help_text=_("e.g. JICA"))
    slug = models.SlugField(_("slug"), max_length=200, blank=True)
    kind = models.CharField(pgettext_lazy("organization", "kind"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subsidiaries",
        help_text=_("The organization this one is part of, e.g. a ministry's government."),
    )
    member_of = models.ManyToManyField(
        "self",
        verbose_name=_("member of"),
        symmetrical=False,
        blank=True,
        related_name="members",
        help_text=_("Networks, alliances or chambers this organization belongs to."),
    )
    places = models.ManyToManyField("places.Place", verbose_name=_("places"), blank=True, related_name="organizations")
    website = models.URLField(_("website"), blank=True, help_text=_("The official website."))
    wikidata = WikidataField(_("Wikidata item"), unique=True, help_text=_("e.g. Q96, or paste the item’s address."))
    lei = LeiField(_("LEI"), unique=True, help_text=_("Legal Entity Identifier: 20 letters and digits."))
    ticker = TickerField(_("ticker"), help_text=_("The share’s symbol on its exchange, e.g. AMXB."))
    exchange = models.CharField(
        _("exchange"), max_length=4, choices=Exchange.choices, blank=True, default="", db_default=""
    )
    description = models.TextField(_("description"), blank=True)
    # A new name, not the old file field's: old revisions hold `logo` with a file's path.
    logo_image = models.ForeignKey(
        Image, verbose_name=_("logo"), null=True, blank=True, on_delete=models.PROTECT, related_name="organizations"
    )
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    slug_source = "name"
    glossary_name = "name"
    # Articles mostly say "JICA": the short name is a term of its own.
    glossary_names = ("name", "short_name")
    same_in_every_language_by_default = ("name", "short_name")
    short_texts = ("name", "short_name")
    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            *unique_per_language("slug", "organization"),
            # Its message names the organization listed so (Identified.unique_error_message).
            models.UniqueConstraint(fields=["exchange", "ticker"], name="organization_unique_listing"),
        ]

    def __str__(self):
        return self.text.name or self.name

    def get_absolute_url(self):
        return reverse_slug("organizations:detail", self.slug_in())

    def clean(self):
        errors = listing_errors(self.ticker, self.exchange)
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            # A listing taken by another organization is the ticker's error, beside the field to correct.
            errors = error.update_error_dict({})
            taken = [e for e in errors.get(NON_FIELD_ERRORS, []) if e.code == "unique_together"]
            if taken:
                errors[NON_FIELD_ERRORS] = [e for e in errors[NON_FIELD_ERRORS] if e not in taken]
                errors.setdefault("ticker", []).extend(taken)
                errors = {name: found for name, found in errors.items() if found}
            raise ValidationError(errors) from None
