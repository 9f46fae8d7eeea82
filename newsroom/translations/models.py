"""What every translatable object shares: an original language, and one rule for what a reader gets.

A reader asking for language L gets an object entirely in L when its translation into L is
complete, otherwise entirely in the original language, marked as such. Fields are never mixed
from two languages: modeltranslation's per-field fallback is for the admin's labels only.
"""

from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, get_language

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# slugify drops what ASCII cannot spell; German readers expect ä → ae, not a.
SLUG_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "–": "-", "—": "-"}
)


def translated_field_names(model) -> tuple[str, ...]:
    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


def field_in(model, name: str, language: str) -> str:
    """The column holding `name` in `language`: its own column where the field is not translated."""
    return build_localized_fieldname(name, language) if name in translated_field_names(model) else name


def localized_names(*fields: str) -> tuple[str, ...]:
    """Every language's column of each field, e.g. for an admin's search_fields."""
    return tuple(build_localized_fieldname(field, code) for field in fields for code in LANGUAGE_CODES)


def is_blank(value) -> bool:
    # The same test as complete_in_q's: NULL or the empty string. Forms strip whitespace.
    return value is None or value == ""


def untranslated_fields(obj, names, original: str, language: str) -> list[str]:
    """The fields among `names` that the original fills and `language` leaves empty."""
    return [
        name
        for name in names
        if not is_blank(getattr(obj, build_localized_fieldname(name, original)))
        and is_blank(getattr(obj, build_localized_fieldname(name, language)))
    ]


def complete_in_q(model, language: str, *, with_parts: bool = True) -> Q:
    """The database form of `TranslatableModel.is_complete_in`, for filters and lists.

    `with_parts=False` leaves out translated rows that belong to the object (an interview's
    questions), for lists that check those on the few rows they show.
    """
    conditions = [Q(original_language=language)]
    for original in LANGUAGE_CODES:
        if original == language:
            continue
        per_field = [
            Q(**{f"{build_localized_fieldname(name, original)}__isnull": True})
            | Q(**{build_localized_fieldname(name, original): ""})
            | (
                Q(**{f"{build_localized_fieldname(name, language)}__isnull": False})
                & ~Q(**{build_localized_fieldname(name, language): ""})
            )
            for name in translated_field_names(model)
        ]
        conditions.append(reduce(and_, per_field, Q(original_language=original)))
    extra = getattr(model, "completeness_extra_q", None) if with_parts else None
    return reduce(or_, conditions) & extra(language) if extra else reduce(or_, conditions)


def unique_per_language(field: str, prefix: str) -> list[models.UniqueConstraint]:
    """One partial unique index per language, so empty translations do not collide."""
    return [
        models.UniqueConstraint(
            fields=[build_localized_fieldname(field, code)],
            condition=~Q(**{build_localized_fieldname(field, code): ""}),
            name=f"{prefix}_{field}_{code}_unique",
        )
        for code in LANGUAGE_CODES
    ]


class TranslatableQuerySet(models.QuerySet):
    def with_slug(self, slug: str):
        columns = {field_in(self.model, "slug", code) for code in LANGUAGE_CODES}
        return self.filter(reduce(or_, (Q(**{column: slug}) for column in columns)))

    def complete_in(self, language: str):
        return self.filter(complete_in_q(self.model, language))

    def with_completeness(self, *, with_parts: bool = False):
        """Annotate whether each language is complete, so lists need not load every text column.

        By default only the object's own fields count: the parts' subquery, on a list filtered
        from a large table, makes the planner read the whole parts table for a page of 20.
        `with_parts=True` is for small, already narrowed sets such as an article's related ones.
        """
        return self.annotate(
            parts_checked=models.Value(with_parts),
            **{
                f"complete_in_{code}": models.Case(
                    models.When(complete_in_q(self.model, code, with_parts=with_parts), then=True),
                    default=False,
                    output_field=models.BooleanField(),
                )
                for code in LANGUAGE_CODES
            },
        )


class PublishableQuerySet(TranslatableQuerySet):
    """For entities (organizations, people, places, events) that editors can take down."""

    def published(self):
        return self.filter(is_published=True)

    def publish(self) -> int:
        return self.update(is_published=True)

    def unpublish(self) -> int:
        return self.update(is_published=False)


class TranslatableModel(models.Model):
    original_language = models.CharField(
        _("original language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language this was first written in. Other languages are translations of it."),
    )

    # The translated field a missing slug is made from, per language; it is required in the
    # original language.
    slug_source = ""
    # Slugs a URL pattern beside the detail page already uses.
    reserved_slugs: frozenset[str] = frozenset()

    objects = TranslatableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_missing_slugs()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        model = type(self)
        errors = {}
        if self.slug_source:
            source = field_in(model, self.slug_source, self.original_language)
            if is_blank(getattr(self, source)):
                errors[source] = _("This is required in the original language.")
        if "slug" in {f.name for f in self._meta.fields}:
            for code in LANGUAGE_CODES:
                slug_field = field_in(model, "slug", code)
                slug = getattr(self, slug_field)
                if slug and (
                    slug in self.reserved_slugs or model._default_manager.with_slug(slug).exclude(pk=self.pk).exists()
                ):
                    errors[slug_field] = _("Another item already uses this address. Please choose another one.")
        if errors:
            raise ValidationError(errors)

    def is_complete_in(self, language: str) -> bool:
        """Every field the original has is filled in `language` too."""
        if language == self.original_language:
            return True
        annotated = self.__dict__.get(f"complete_in_{language}")
        if annotated is not None:
            return annotated
        return not untranslated_fields(self, translated_field_names(type(self)), self.original_language, language)

    @property
    def complete_languages(self) -> list[str]:
        return [code for code in LANGUAGE_CODES if self.is_complete_in(code)]

    def text_language(self, language: str | None = None) -> str:
        """The language a reader asking for `language` gets this object's text in."""
        language = language or get_language()
        return language if self.is_complete_in(language) else self.original_language

    @property
    def text(self) -> "TextIn":
        return TextIn(self, self.text_language())

    def slug_in(self, language: str | None = None) -> str:
        return getattr(self, field_in(type(self), "slug", self.text_language(language)))

    def url_in(self, language: str) -> str:
        with override(language):
            return self.get_absolute_url()

    def fill_missing_slugs(self):
        if not self.slug_source:
            return
        manager = type(self)._default_manager
        for code in LANGUAGE_CODES:
            slug_field = field_in(type(self), "slug", code)
            source = getattr(self, field_in(type(self), self.slug_source, code))
            if getattr(self, slug_field) or is_blank(source):
                continue
            max_length = self._meta.get_field(slug_field).max_length
            base = slugify(source.translate(SLUG_TRANSLITERATION))[: max_length - 6].strip("-") or "item"
            candidate, counter = base, 2
            # Unique across languages too: an untranslated object's URL in one language uses its
            # slug from another, and must not find a different object there.
            while candidate in self.reserved_slugs or manager.with_slug(candidate).exclude(pk=self.pk).exists():
                candidate, counter = f"{base}-{counter}", counter + 1
            setattr(self, slug_field, candidate)


class TextIn:
    """An object seen in one language: translated fields come from that language only."""

    def __init__(self, obj: TranslatableModel, language: str):
        self.object = obj
        self.language = language
        self._translated = translated_field_names(type(obj))

    def __getattr__(self, name):
        if name in self._translated:
            # modeltranslation stores a missing translation as NULL; readers get empty text.
            value = getattr(self.object, build_localized_fieldname(name, self.language))
            return "" if value is None else value
        return getattr(self.object, name)

    @property
    def is_original_shown(self) -> bool:
        """True when the reader asked for another language and gets the original instead."""
        return self.language != get_language()
