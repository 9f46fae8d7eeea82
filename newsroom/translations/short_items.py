"""Short items translated many at a time: names, positions, job titles, captions — one line each,
the original beside its translation, on one admin page (`admin.short_items`).

Which texts count as short is each model's `short_texts`. An object that has nothing else to
translate but short texts and texts its original leaves empty (a section, a tag, a person's
position) is marked complete from this page once all its texts are translated, and those the page
does not show were translated from the original as it is now (`ShortItem.unconfirmed_elsewhere`);
an article only gets its caption and alt text saved here (`completed_with_short_texts`).

The form follows the side-by-side page's rule for edits that meet (`forms.SideBySideForm`): it
carries a signed fingerprint of each translation as shown, writes only what its user changed, and
refuses a field someone else changed meanwhile, keeping what this user typed.
"""

from functools import reduce
from operator import or_

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from newsroom.edit_conflicts import digest

from .models import LANGUAGE_CODES, Translation, is_blank, translated_field_names
from .widgets import fit_to_length
from .workflow import field_label, show_pending, word_diff

SHOWN_FIELD = "_shown"
SIGNING_SALT = "newsroom.translations.short-items"
BUTTONS = ("_save", "_complete", "_complete_release")
MANAGER_ONLY = ("_complete_release",)


def has_short_texts(model) -> bool:
    return bool(getattr(model, "short_texts", ()))


def is_short_item(model) -> bool:
    """A kind of object that is all short texts to a translator: the queue's "Short items"."""
    return has_short_texts(model) and model.completed_with_short_texts


def with_short_text_q(model) -> Q:
    """Objects of `model` whose original has at least one short text to translate: not one
    marked the same in every language."""
    return reduce(
        or_,
        (
            Q(original_language=original)
            & reduce(
                or_,
                (
                    Q(**{f"{build_localized_fieldname(name, original)}__isnull": False})
                    & ~Q(**{build_localized_fieldname(name, original): ""})
                    & ~Q(same_in_every_language__regex=rf"(^| ){name}( |$)")
                    for name in model.short_texts
                ),
            )
            for original in LANGUAGE_CODES
        ),
    )


class ShortText:
    """One row of the page: a short text of an object, its original and its translation."""

    def __init__(self, item: "ShortItem", name: str):
        self.item, self.name = item, name
        obj, translation = item.object, item.translation
        self.model_field = obj._meta.get_field(name)
        self.label = capfirst(self.model_field.verbose_name)
        self.original = getattr(obj, build_localized_fieldname(name, obj.original_language)) or ""
        # What the translator sees: changes not yet released where readers have the translation.
        self.value = translation.pending.get(name, getattr(obj, self.column) or "")
        self.form_key = f"{translation.pk}-{name}"

    @property
    def column(self) -> str:
        return build_localized_fieldname(self.name, self.item.language)

    @property
    def changes(self):
        """The original's changes since this text was translated, word by word, as the side-by-side page marks them."""
        translation = self.item.translation
        if translation.state == Translation.State.OUTDATED:
            before = translation.source.get(self.name, "")
        else:
            before = translation.source.get(self.name)
        if before is None or before == self.original:
            return None
        return word_diff(before, self.original)


class ShortItem:
    """An object on the page with its short texts in one language."""

    def __init__(self, translation: Translation):
        self.translation, self.object, self.language = translation, translation.content_object, translation.language
        model = type(self.object)
        self.is_completed_here = model.completed_with_short_texts
        if self.is_completed_here:
            # Its texts as the translator last left them, unreleased changes included, for the
            # completeness check (no query: such objects have no parts).
            show_pending(self.object, translation)
        original = self.object.original_language
        marked = set(self.object.marked_same())
        self.texts = [
            ShortText(self, name)
            for name in model.short_texts
            if name not in marked
            and (
                not is_blank(getattr(self.object, build_localized_fieldname(name, original)))
                or translation.pending.get(name)
                or getattr(self.object, build_localized_fieldname(name, self.language))
            )
        ]

    @property
    def kind(self) -> str:
        return capfirst(self.object._meta.verbose_name)

    def changed_since_translated(self) -> bool:
        """Whether a text of the original changed since it was translated and was not updated since."""
        source = self.translation.source
        return any(source.get(key, "") != text for key, text in self.object.original_texts().items())

    def translated_from_elsewhere(self) -> dict[str, str | None]:
        """Per text this page does not show, the original its translation was made from, as
        recorded then (None where nothing was recorded); the current original where there is
        nothing to translate."""
        obj, shown = self.object, {text.name for text in self.texts}
        source, translated = self.translation.source, obj.texts_in(self.language)
        return {
            key: original if is_blank(translated[key]) else source.get(key)
            for key, original in obj.original_texts().items()
            if key not in shown
        }

    def unconfirmed_elsewhere(self) -> list[str]:
        """The labels of texts this page does not show whose translation was made from another
        original than the current one, or from one not recorded: completing here would confirm
        them unseen, so they are checked on the item's translation page first."""
        if not self.is_completed_here:
            return []
        obj, current = self.object, self.object.original_texts()
        return [
            field_label(obj, key)
            for key, original in self.translated_from_elsewhere().items()
            if original != current[key]
        ]

    def missing_elsewhere(self) -> list[str]:
        """The labels of texts this page does not show that the original has and the translation lacks."""
        if not self.is_completed_here:
            return []
        obj, shown = self.object, {*type(self.object).short_texts, "slug"}
        return [
            str(capfirst(obj._meta.get_field(name).verbose_name))
            for name in translated_field_names(type(obj))
            if name not in shown
            and not is_blank(getattr(obj, build_localized_fieldname(name, obj.original_language)))
            and is_blank(getattr(obj, build_localized_fieldname(name, self.language)))
        ]


class ShortItemsForm(forms.Form):
    """One text field per short text of the items shown, and their signed fingerprint."""

    def __init__(self, items: list[ShortItem], language: str, user, *, data=None, shown=None):
        super().__init__(data=data)
        self.items, self.language, self.user = items, language, user
        self.texts = [text for item in items for text in item.texts]
        for text in self.texts:
            field = text.model_field.formfield(required=False)
            field.label = text.label
            # The page shows the original beside the field, not the editors' help.
            field.help_text = ""
            field.initial = text.value
            field.widget.attrs.update({"lang": language, "class": "short-items__input"})
            fit_to_length(field, text.original, text.value)
            self.fields[text.form_key] = field
            text.field = self[text.form_key]
        self.fields[SHOWN_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        # As the page showed them: the translations' fingerprints and the originals the user saw.
        self.shown = shown if shown is not None else self.fingerprint()
        if not self.is_bound:
            self.initial[SHOWN_FIELD] = signing.dumps(self.shown, salt=SIGNING_SALT, compress=True)

    def fingerprint(self) -> dict:
        return {
            "user": self.user.pk,
            "language": self.language,
            "texts": {text.form_key: [digest(text.value), text.original] for text in self.texts},
        }

    @staticmethod
    def read_shown(data) -> dict | None:
        """The signed fingerprint a posted page carries, or None where it is missing or altered."""
        try:
            return signing.loads(data.get(SHOWN_FIELD, ""), salt=SIGNING_SALT)
        except signing.BadSignature:
            return None

    def clean(self):
        cleaned = super().clean()
        shown_texts = self.shown["texts"]
        self.changed = []
        conflicts = []
        for text in self.texts:
            if text.form_key in self.errors or text.form_key not in shown_texts:
                # Not shown to this user (a text added since): nothing of theirs to save.
                continue
            posted = cleaned.get(text.form_key) or ""
            before, _original = shown_texts[text.form_key]
            stored = digest(text.value)
            if digest(posted) == before:
                continue
            if stored != before and digest(posted) != stored:
                conflicts.append(text)
                self.add_error(
                    text.form_key,
                    ValidationError(
                        _(
                            "Someone else changed this text while you were editing. Their version: “%(value)s”. "
                            "Your text is kept here; save again to replace theirs."
                        ),
                        params={"value": Truncator(text.value).chars(160)},
                        code="edit_conflict",
                    ),
                )
                continue
            self.changed.append((text, posted))
        if conflicts:
            # Saving again replaces their version: it is the one this user has now seen.
            for text in conflicts:
                shown_texts[text.form_key][0] = digest(text.value)
            self.data = self.data.copy()
            self.data[SHOWN_FIELD] = signing.dumps(self.shown, salt=SIGNING_SALT, compress=True)
            raise ValidationError(
                _("Someone else changed some of these texts while you were editing. See the rows marked below."),
                code="edit_conflict",
            )
        return cleaned

    def seen_original(self, text: ShortText) -> str:
        return self.shown["texts"].get(text.form_key, [None, text.original])[1]

    def save(self) -> list[ShortItem]:
        """Write the changed texts and nothing else; returns the items changed. Where readers have
        the translation, changes wait in its `pending` texts until an editor releases them."""
        by_item: dict[ShortItem, list[tuple[ShortText, str]]] = {}
        for text, value in self.changed:
            by_item.setdefault(text.item, []).append((text, value))
        for item, changes in by_item.items():
            obj, translation = item.object, item.translation
            for text, value in changes:
                setattr(obj, text.column, value)
                text.value = value
            if translation.is_released:
                translation.pending = {**translation.pending, **{text.name: value for text, value in changes}}
                translation.save(update_fields=["pending"])
            else:
                columns = [text.column for text, _value in changes]
                slug = build_localized_fieldname("slug", self.language)
                if getattr(obj, "slug_source", "") and hasattr(obj, slug):
                    # A missing slug is made from the translated name on save.
                    columns.append(slug)
                obj.save(update_fields=sorted(set(columns)))
            if translation.state != Translation.State.COMPLETE:
                # Per text, the original it was made from: later changes of it show as a diff.
                translation.source = {
                    **translation.source,
                    **{text.name: self.seen_original(text) for text, _value in changes},
                }
                translation.save(update_fields=["source"])
        return list(by_item)

    def translated_from(self, item: ShortItem) -> dict[str, str]:
        """The original of `item` as its translators saw it: on this page for the texts it shows,
        as recorded when they were translated for the others. Changed since, it is outdated at once."""
        return {
            **item.object.original_texts(),
            **{key: text for key, text in item.translated_from_elsewhere().items() if text is not None},
            **{text.name: self.seen_original(text) for text in item.texts},
        }


def allowed_keys(shown: dict, *, can_manage: bool) -> set[str]:
    """Everything the page may post; anything else is a forged request."""
    allowed = {*shown["texts"], SHOWN_FIELD, "csrfmiddlewaretoken", *BUTTONS}
    return allowed if can_manage else allowed - set(MANAGER_ONLY)
