"""What every translatable object shares: an original language, and one rule for what a reader gets.

A reader asking for language L gets an object entirely in L when its translation into L is
readable: marked complete by a translator or editor, released to readers, and with every field
the original has filled. Otherwise the reader gets the original language, marked as such. Fields
are never mixed from two languages: modeltranslation's per-field fallback is for the admin's
labels only. Each translation's state (missing, in progress, complete, outdated) is a
`Translation` row, one per object and language other than the original.
"""

import functools
from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Concat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, get_language

from newsroom.pagecache.keys import objects_updated

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# slugify drops what ASCII cannot spell; German readers expect ä → ae, not a.
SLUG_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "–": "-", "—": "-"}
)


@functools.cache
def part_field_label(part, name: str, number: int) -> str:
    """A part's text as the translation pages name it: "Answer 2", or the part's own name for it
    (a live update's "Update 10:42 — Speeches: headline", which does not shift as updates arrive)."""
    field = str(part._meta.get_field(name).verbose_name)
    if hasattr(part, "translation_label"):
        return part.translation_label(field)
    return f"{field[:1].upper()}{field[1:]} {number}"


def translated_field_names(model) -> tuple[str, ...]:
    """The translated fields of `model`, in the order the model declares them."""
    try:
        names = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return ()
    return tuple(field.name for field in model._meta.fields if field.name in names)


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


def released_marker(language: str) -> str:
    return f"|{language}|"


def is_readable(language: str, original_language: str, readable_in: str) -> bool:
    """The reader's rule, read from an object's columns (see `TranslatableModel.is_readable_in`)."""
    return language == original_language or released_marker(language) in readable_in


def readable_in_by_texts_q(model, language: str, *, with_parts: bool = True) -> Q:
    """The reader's rule asked of the texts themselves: released, and every field the original fills
    filled in `language`. It is what `readable_in` keeps; one evaluation of it costs ~500 filter
    builds and an 11 KB statement, so pages ask the column (`readable_in_q`) and this fills it."""
    return Q(original_language=language) | (
        Q(released_languages__contains=released_marker(language))
        & complete_in_q(model, language, with_parts=with_parts)
    )


def readable_in_q(model, language: str) -> Q:
    """The database form of `TranslatableModel.is_readable_in`: what readers of `language` get in it."""
    return Q(readable_in__contains=released_marker(language))


def fill_readable_in(queryset, rule_model=None) -> int:
    """Set `readable_in` of every row of `queryset` from its texts, in one UPDATE per language
    (data migrations, bulk loads); returns the number of rows. `rule_model` is the model class
    that knows its translated fields, for a migration's historical queryset."""
    model = rule_model or queryset.model
    count = queryset.update(readable_in="")
    for code in LANGUAGE_CODES:
        queryset.filter(readable_in_by_texts_q(model, code)).update(
            readable_in=Concat("readable_in", models.Value(released_marker(code)))
        )
    return count


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

    def readable_in(self, language: str):
        return self.filter(readable_in_q(self.model, language))

    def with_machine_translated(self, *languages: str):
        """Each object's `machine_translated_<language>`: what its translation into each of
        `languages` took unchanged from a machine (`Translation.machine_translated`), in the same query."""
        return self.annotate(
            **{f"machine_translated_{code}": machine_translated_subquery(self.model, code) for code in languages}
        )

    def hidden_in_admin_from(self, user):
        """The objects `user` sees in the admin only where a translation of them is assigned to
        them, or None where they may see every object (the default). The translation queue shows
        such an object's rows assigned to them and no others."""
        return None


def pagecache_changed(model, ids) -> None:
    """`QuerySet.update()` sends no signals: tell the page cache what changed (newsroom/pagecache)."""
    objects_updated.send(sender=model, pks=ids)


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
    # The field holding the object's name, if the glossary should know it (newsroom/translations/glossary.py).
    glossary_name = ""
    # Slugs a URL pattern beside the detail page already uses.
    reserved_slugs: frozenset[str] = frozenset()

    # Kept by the translation workflow from the `Translation` rows, so pages need no join to know.
    released_languages = models.CharField(
        _("released translations"), max_length=100, blank=True, default="", editable=False
    )
    # The languages readers get this object in (`|en|de|`): the original, and each released
    # translation that fills every field the original fills, parts included. Kept on every save,
    # release, withdrawal and change of a part, so the reader's rule is one LIKE on one column
    # instead of a comparison of every text column (see `readable_in_by_texts_q`).
    readable_in = models.CharField(_("readable in"), max_length=100, blank=True, default="", editable=False)
    # Translated fields whose text is a proper noun (Aguascalientes, JICA), their names separated
    # by spaces: every language's column holds the original's text, copied on each save, so the
    # reader's rule, slugs and `TextIn` need no exception, and translators never see them
    # (`texts_in`). Text, not a JSON list: pages read related objects through JSON
    # (`newsroom.prefetching`), which gives back text columns as they are.
    same_in_every_language = models.CharField(_("same in every language"), max_length=200, blank=True, default="")
    translations = GenericRelation("translations.Translation")

    objects = TranslatableQuerySet.as_manager()

    # Related rows translated with the object (an interview's questions), by related name.
    translated_parts: tuple[str, ...] = ()
    # The fields the admin's add form marks the same in every language unless the editor says otherwise.
    same_in_every_language_by_default: tuple[str, ...] = ()
    # Short texts (names, job titles, captions) translated many at a time, one line each, on the
    # admin's page of short items; an object that is nothing else is completed there too, while
    # an article, which is more than its caption, is not (`completed_with_short_texts`).
    short_texts: tuple[str, ...] = ()
    completed_with_short_texts = True

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        copied = self.copy_same_texts()
        self.fill_missing_slugs()
        if kwargs.get("update_fields") is not None and copied:
            kwargs["update_fields"] = {*kwargs["update_fields"], *copied}
        self.readable_in = self.languages_readable_by_texts()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "readable_in"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        model = type(self)
        errors = {}
        # A name that is the same in every language (a person's) is required by its own field.
        if self.slug_source in translated_field_names(model):
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

    @classmethod
    def fields_same_in_every_language_possible(cls) -> tuple[str, ...]:
        """The translated fields that may hold a proper noun: one-line texts, not slugs (made
        from the name) nor long or rich texts, which are never a name."""
        return tuple(
            name
            for name in translated_field_names(cls)
            if name != "slug" and type(cls._meta.get_field(name)) is models.CharField
        )

    def marked_same(self) -> list[str]:
        """The fields marked the same in every language that this model translates."""
        possible = self.fields_same_in_every_language_possible()
        return [name for name in (self.same_in_every_language or "").split() if name in possible]

    def copy_same_texts(self) -> list[str]:
        """Copy each marked field's original text into every other language; the columns written."""
        model = type(self)
        columns = []
        for name in self.marked_same():
            text = getattr(self, build_localized_fieldname(name, self.original_language))
            for code in LANGUAGE_CODES:
                column = build_localized_fieldname(name, code)
                if code != self.original_language and getattr(self, column) != text:
                    setattr(self, column, text)
                    columns.append(column)
        if columns and "slug" in translated_field_names(model):
            columns += [build_localized_fieldname("slug", code) for code in LANGUAGE_CODES]
        return columns

    def is_complete_in(self, language: str) -> bool:
        """Every field the original has is filled in `language` too, in the object and its parts."""
        if language == self.original_language:
            return True
        fields = translated_field_names(type(self))
        return not untranslated_fields(self, fields, self.original_language, language) and self.parts_complete_in(
            language
        )

    def parts_complete_in(self, language: str) -> bool:
        return True

    def is_readable_in(self, language: str) -> bool:
        """Readers of `language` get this object in it: see the module docstring."""
        if language == self.original_language:
            return True
        previewed = self.__dict__.get(f"previewed_in_{language}")
        if previewed is not None:
            return previewed
        return is_readable(language, self.original_language, self.readable_in)

    def languages_readable_by_texts(self) -> str:
        """What `readable_in` holds, worked out from the texts and the released translations."""
        return "".join(
            released_marker(code)
            for code in LANGUAGE_CODES
            if code == self.original_language
            or (released_marker(code) in self.released_languages and self.is_complete_in(code))
        )

    def refresh_readable_in(self) -> bool:
        """Store `readable_in` anew after a release, a withdrawal or a change of a part; whether it changed.

        Worked out from the row as stored, not from this instance: the workflow may have saved
        another copy of it (a translation's pending changes), or its parts, since it was loaded."""
        stored = type(self)._default_manager.filter(pk=self.pk).first()
        if stored is None:
            return False
        value = stored.languages_readable_by_texts()
        if value == stored.readable_in:
            self.readable_in = value
            return False
        type(self)._default_manager.filter(pk=self.pk).update(readable_in=value)
        self.readable_in = value
        pagecache_changed(type(self), [self.pk])
        return True

    def show_as_readable_in(self, language: str):
        """For previews: treat `language` as released, whatever its state."""
        self.__dict__[f"previewed_in_{language}"] = True

    @property
    def readable_languages(self) -> list[str]:
        return [code for code in LANGUAGE_CODES if self.is_readable_in(code)]

    def translation_in(self, language: str) -> "Translation | None":
        if self.pk is None or language == self.original_language:
            return None
        if "translations" not in getattr(self, "_prefetched_objects_cache", {}):
            prefetch_related_objects([self], "translations")
        return next((t for t in self.translations.all() if t.language == language), None)

    def released_languages_changed(self):
        """Called when a translation was released or withdrawn: for caches of what readers see."""

    def forget_translations(self):
        """Drop the cached translation rows after they changed."""
        getattr(self, "_prefetched_objects_cache", {}).pop("translations", None)

    def text_language(self, language: str | None = None) -> str:
        """The language a reader asking for `language` gets this object's text in."""
        language = language or get_language()
        return language if self.is_readable_in(language) else self.original_language

    def original_texts(self) -> dict[str, str]:
        """What a translator translates, as the original says it now: field (or part) → text."""
        return self.texts_in(self.original_language)

    def texts_in(self, language: str) -> dict[str, str]:
        """The texts a translator writes in `language`: neither slugs (made from the name) nor
        fields marked the same in every language."""
        same = set(self.marked_same())
        texts = {
            name: getattr(self, build_localized_fieldname(name, language)) or ""
            for name in translated_field_names(type(self))
            if name != "slug" and name not in same
        }
        for related_name in self.translated_parts:
            for part in getattr(self, related_name).all():
                for name in translated_field_names(type(part)):
                    texts[f"{related_name}.{part.pk}.{name}"] = (
                        getattr(part, build_localized_fieldname(name, language)) or ""
                    )
        return texts

    @property
    def text(self) -> "TextIn":
        return TextIn(self, self.text_language())

    def slug_in(self, language: str | None = None) -> str:
        return getattr(self, field_in(type(self), "slug", self.text_language(language)))

    def url_in(self, language: str) -> str:
        with override(language):
            return self.get_absolute_url()

    def fill_missing_slugs(self) -> list[tuple[str, str]]:
        """Make the slugs still empty from the name or headline; returns (language, slug) of
        each that needed a number because another object already has that name."""
        numbered = []
        if not self.slug_source:
            return numbered
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
            if candidate != base:
                numbered.append((code, candidate))
        return numbered


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


class TranslationQuerySet(models.QuerySet):
    def for_model(self, model):
        # By name, not by cached id: the ids of content types differ between test databases.
        return self.filter(content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name)

    def in_languages(self, languages):
        return self.filter(language__in=languages)

    def to_do(self):
        return self.filter(state__in=Translation.TO_DO_STATES)

    def awaiting_release(self):
        """Complete, and not released, or with changes made since the release."""
        return self.filter(state=Translation.State.COMPLETE).filter(Q(released_at__isnull=True) | ~Q(pending={}))


class Translation(models.Model):
    """The state of one object's translation into one language other than its original."""

    class State(models.TextChoices):
        MISSING = "missing", _("Missing")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETE = "complete", _("Complete")
        OUTDATED = "outdated", _("Outdated")

    # An outdated translation was complete and released: readers keep it until it is updated.
    READABLE_STATES = (State.COMPLETE, State.OUTDATED)
    TO_DO_STATES = (State.MISSING, State.IN_PROGRESS, State.OUTDATED)
    unreleased_label = _("Complete, not released")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    state = models.CharField(_("translation state"), max_length=20, choices=State.choices, default=State.MISSING)
    state_changed_at = models.DateTimeField(_("since"), null=True, blank=True)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The original's texts when the translation was last marked complete: what "outdated" is measured against.
    source = models.JSONField(_("original when translated"), default=dict, blank=True, editable=False)
    # Text typed on the translation page after release, by field: readers keep the released text
    # until an editor releases these changes too.
    pending = models.JSONField(_("changes not released"), default=dict, blank=True, editable=False)
    released_at = models.DateTimeField(_("released to readers"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The object's publish time (articles), copied here so the queue sorts without a join.
    published_at = models.DateTimeField(_("publish time"), null=True, blank=True, editable=False)
    # The texts (by the translation page's field) saved exactly as a machine translation suggested
    # them, with the provider's name: readers are told the translation was made with its help.
    machine_translated = models.JSONField(_("taken from machine translation"), default=dict, blank=True, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translation_assignments",
    )

    objects = TranslationQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"], name="translation_once_per_language"
            )
        ]
        indexes = [models.Index(fields=["language", "state", "-published_at"], name="translation_queue_idx")]
        permissions = [
            ("translate", _("Can translate into their languages")),
            ("manage_translations", _("Can mark translations complete in any language, release and assign them")),
        ]

    def __str__(self):
        return f"{self.content_object} ({self.language.upper()})"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    @property
    def is_visible_to_readers(self) -> bool:
        return self.is_released and self.state in self.READABLE_STATES

    @property
    def machine_providers(self) -> list[str]:
        """The machine translation services whose suggestions this translation took unchanged."""
        return providers_of(self.machine_translated)

    @property
    def awaits_release(self) -> bool:
        """Complete, and readers do not have it yet, or not all of it."""
        return self.state == self.State.COMPLETE and (not self.is_released or bool(self.pending))


def providers_of(machine_translated: dict | None) -> list[str]:
    """The services named in a `Translation.machine_translated`."""
    return sorted(set((machine_translated or {}).values()))


def machine_translated_subquery(model, language: str) -> Subquery:
    """The `machine_translated` of each row's translation into `language`, for an annotation."""
    translation = Translation.objects.for_model(model).filter(object_id=OuterRef("pk"), language=language)
    return Subquery(translation.values("machine_translated")[:1], output_field=models.JSONField())


class TranslatorLanguage(models.Model):
    """A language a user translates into."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="translation_languages"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("language translated into")
        verbose_name_plural = _("languages translated into")
        constraints = [models.UniqueConstraint(fields=["user", "language"], name="translator_language_once")]

    def __str__(self):
        return self.get_language_display()


class MemoryEntry(models.Model):
    """One confirmed pair of segments (a paragraph, a heading, a short field) and its translation,
    remembered when a translation was marked complete, so the same or a close sentence is not typed again."""

    source_language = models.CharField(_("from"), max_length=8, choices=settings.LANGUAGES)
    target_language = models.CharField(_("into"), max_length=8, choices=settings.LANGUAGES)
    source_text = models.TextField(_("original"))
    # The original's words without markup: what close matches are measured on.
    source_plain = models.TextField(_("original's words"), editable=False)
    target_text = models.TextField(_("translation"))
    # Of the words, so that a re-confirmed pair updates its entry instead of adding one.
    source_hash = models.CharField(max_length=64, editable=False)
    target_hash = models.CharField(max_length=64, editable=False)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("content_type", "object_id")
    # The object's name when the pair was confirmed: shown with a suggestion without loading the object.
    origin_label = models.CharField(_("from the text"), max_length=300, blank=True)
    field_key = models.CharField(_("field"), max_length=100, blank=True)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"))

    class Meta:
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory entries")
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_hash", "target_hash"],
                name="memory_entry_once_per_pair",
            )
        ]

    def __str__(self):
        return self.source_plain[:80]


class MemoryBand(models.Model):
    """One band of an entry's MinHash sketch (newsroom/translations/memory.py): an original close to
    a remembered one shares at least one band with it, with high probability, so close matches are
    looked for among the few entries that share one instead of among all."""

    entry = models.ForeignKey(MemoryEntry, on_delete=models.CASCADE, related_name="bands")
    band = models.BigIntegerField(db_index=True)

    def __str__(self):
        return str(self.band)


class GlossaryTerm(models.Model):
    """A term and how the newsroom says it in each language: written by editors, or made from the
    name of an organization, person, place, section or tag (`entity`) when its translation is released."""

    text = models.CharField(_("term"), max_length=200)
    do_not_translate = models.BooleanField(
        _("do not translate"),
        default=False,
        help_text=_("A name or brand that stays as it is in every language."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("When to use it, and when not."))
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("made from"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    # Which of the entity's names the term is made from: an organization's full and short names are two terms.
    entity_field = models.CharField(max_length=40, blank=True, default="", editable=False)
    entity = GenericForeignKey("content_type", "object_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["text"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "entity_field"],
                condition=Q(content_type__isnull=False),
                name="glossary_term_once_per_entity_name",
            )
        ]

    def __str__(self):
        return self.text
