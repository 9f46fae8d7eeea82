"""The side-by-side translation form: each field of the original beside its translation.

It holds only the fields of one language, so a translator's save cannot touch anything else,
and it writes only what its user changed, after checking that nobody changed the same fields
since the form was opened (the same rule as `newsroom.edit_conflicts`, on these fields).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from newsroom.edit_conflicts import digest

from .models import is_blank, translated_field_names
from .workflow import MANAGE_PERMISSION, plain_text, word_diff

SNAPSHOT_FIELD = "_edit_snapshot"
SOURCE_FIELD = "_translated_from"
SIGNING_SALT = "newsroom.translations.side-by-side"
# What the page's buttons post besides the fields.
BUTTONS = ("_save", "_complete", "_release", "_withdraw", "_preview")
MANAGER_ONLY = ("_release", "_withdraw", "assigned_to")


class TranslationUnit:
    """One translatable text: a field of the object or of one of its parts."""

    def __init__(self, instance, name: str, key: str, label: str):
        self.instance, self.name, self.key, self.label = instance, name, key, label
        self.model_field = instance._meta.get_field(name)

    def column(self, language: str) -> str:
        return build_localized_fieldname(self.name, language)

    def value_in(self, language: str) -> str:
        return getattr(self.instance, self.column(language)) or ""


def translation_units(obj) -> list[TranslationUnit]:
    # A text marked the same in every language is not the translator's: each save copies the original over it.
    same = set(obj.marked_same())
    units = [
        TranslationUnit(obj, name, name, capfirst(obj._meta.get_field(name).verbose_name))
        for name in translated_field_names(type(obj))
        if name not in same
    ]
    for related_name in obj.translated_parts:
        for number, part in enumerate(getattr(obj, related_name).all(), start=1):
            for name in translated_field_names(type(part)):
                label = f"{capfirst(part._meta.get_field(name).verbose_name)} {number}"
                units.append(TranslationUnit(part, name, f"{related_name}.{part.pk}.{name}", label))
    return units


def form_key(unit_key: str) -> str:
    return unit_key.replace(".", "-")


def translators_of(language: str):
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    translate = Q(groups__permissions__codename="translate") | Q(user_permissions__codename="translate")
    manage = Q(groups__permissions__codename="manage_translations") | Q(
        user_permissions__codename="manage_translations"
    )
    return (
        users.filter((translate & Q(translation_languages__language=language)) | manage | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


class SideBySideForm(forms.Form):
    def __init__(self, obj, language: str, user, *, translation, data=None):
        super().__init__(data=data)
        self.object, self.language, self.user, self.translation = obj, language, user, translation
        self.original = obj.original_language
        self.units = [
            unit
            for unit in translation_units(obj)
            if unit.name == "slug" or not is_blank(unit.value_in(self.original)) or unit.value_in(language)
        ]
        target_name = get_language_info(language)["name_translated"]
        for unit in self.units:
            field = unit.model_field.formfield(required=False)
            field.label = f"{unit.label} ({target_name})"
            field.help_text = unit.model_field.help_text if unit.name == "slug" else ""
            field.initial = unit.value_in(language)
            field.widget.attrs["lang"] = language
            self.fields[form_key(unit.key)] = field
        self.fields[SNAPSHOT_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields[SOURCE_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.can_manage = user.has_perm(MANAGE_PERMISSION)
        if self.can_manage:
            self.fields["assigned_to"] = forms.ModelChoiceField(
                translators_of(language),
                required=False,
                label=_("Translator"),
                initial=translation.assigned_to_id,
            )
        if not self.is_bound:
            self.initial[SNAPSHOT_FIELD] = signing.dumps(self._digests(), salt=SIGNING_SALT)
            self.initial[SOURCE_FIELD] = signing.dumps(obj.original_texts(), salt=SIGNING_SALT, compress=True)

    def allowed_keys(self) -> set[str]:
        """Everything this page may post; anything else is a forged request. A field the page
        showed that is gone now (an editor removed a question) is not a forgery: it is dropped."""
        shown = {form_key(key) for key in (self._signed(SNAPSHOT_FIELD) or {})}
        allowed = {*self.fields, *shown, "csrfmiddlewaretoken", *BUTTONS}
        if not self.can_manage:
            allowed -= set(MANAGER_ONLY)
        return allowed

    def removed_fields(self) -> list[str]:
        """Fields the page showed whose text no longer exists (their question was removed)."""
        current = {form_key(unit.key) for unit in self.units}
        return [
            form_key(key)
            for key in (self._signed(SNAPSHOT_FIELD) or {})
            if form_key(key) not in current and self.data.get(form_key(key))
        ]

    def _digests(self) -> dict[str, str]:
        return {unit.key: digest(unit.value_in(self.language)) for unit in self.units}

    def _signed(self, name: str) -> dict | None:
        try:
            return signing.loads(self.data.get(name, ""), salt=SIGNING_SALT)
        except signing.BadSignature:
            return None

    def translated_from(self) -> dict[str, str] | None:
        """The original as the translator saw it when the form was opened."""
        return self._signed(SOURCE_FIELD) if self.is_bound else self.object.original_texts()

    def rows(self):
        """What the template shows per text: the original, its changes, the translation's field."""
        outdated = self.translation.state == self.translation.State.OUTDATED
        source = self.translation.source
        for unit in self.units:
            original = unit.value_in(self.original)
            if unit.name == "slug":
                before = None
            elif outdated:
                # A text the original did not have when translated (a new question) is all new.
                before = source.get(unit.key, "")
            else:
                # While in progress: what the original said when this field was last translated.
                before = source.get(unit.key)
            yield {
                "unit": unit,
                "original": original,
                "is_rich": hasattr(unit.model_field, "sanitize"),
                "field": self[form_key(unit.key)],
                "changes": word_diff(before, original) if before is not None and before != original else None,
            }

    def clean(self):
        cleaned = super().clean()
        snapshot = self._signed(SNAPSHOT_FIELD)
        if snapshot is None or self.translated_from() is None:
            raise ValidationError(
                _("This form is missing its editing stamp. Reload the page to edit the current version."),
                code="no_snapshot",
            )
        # The caller holds the object's row lock: nothing changes between this check and the save.
        self.changed_units = []
        conflicts = []
        for unit in self.units:
            key = form_key(unit.key)
            if key in self.errors:
                continue
            posted = self._posted(unit, cleaned.get(key))
            before = snapshot.get(unit.key)
            stored = digest(unit.value_in(self.language))
            if before is None:
                # Added since the page was opened (a new question): the translator has not seen it.
                continue
            if digest(posted) == before:
                continue
            if stored != before and digest(posted) != stored:
                conflicts.append(unit)
                self.add_error(
                    key,
                    ValidationError(
                        _(
                            "Someone else changed this field while you were editing. Their version: “%(value)s”. "
                            "Your text is kept here; save again to replace theirs."
                        ),
                        params={"value": Truncator(plain_text(unit.value_in(self.language))).chars(160)},
                        code="edit_conflict",
                    ),
                )
                continue
            self.changed_units.append((unit, posted))
            if unit.name == "slug" and posted:
                self._check_slug(key, posted)
        if conflicts:
            self.data = self.data.copy()
            snapshot.update({unit.key: digest(unit.value_in(self.language)) for unit in conflicts})
            self.data[SNAPSHOT_FIELD] = signing.dumps(snapshot, salt=SIGNING_SALT)
            raise ValidationError(
                _("Someone else changed this translation while you were editing it. See the fields marked below."),
                code="edit_conflict",
            )
        return cleaned

    def _posted(self, unit, value) -> str:
        value = value or ""
        sanitize = getattr(unit.model_field, "sanitize", None)
        return sanitize(value) if sanitize and value else value

    def _check_slug(self, key, slug):
        model = type(self.object)
        if slug in model.reserved_slugs or model._default_manager.with_slug(slug).exclude(pk=self.object.pk).exists():
            self.add_error(key, gettext("Another item already uses this address. Please choose another one."))

    def save(self):
        """Write the changed texts of this language, and nothing else. Once readers have the
        translation, changes wait in the translation's `pending` texts until an editor releases them."""
        if self.translation.is_released and self.changed_units:
            self.translation.pending = {
                **self.translation.pending,
                **{unit.key: value for unit, value in self.changed_units},
            }
            self.translation.save(update_fields=["pending"])
            # In memory too, as `show_pending` put the earlier ones: marking complete checks these texts.
            for unit, value in self.changed_units:
                setattr(unit.instance, unit.column(self.language), value)
            self._record_source()
            self._save_assignment()
            return
        columns_by_instance = {}
        for unit, value in self.changed_units:
            setattr(unit.instance, unit.column(self.language), value)
            columns_by_instance.setdefault(unit.instance, []).append(unit.column(self.language))
        slug_column = build_localized_fieldname("slug", self.language)
        if self.object.slug_source and hasattr(self.object, slug_column):
            # A missing slug is made from the translated name on save.
            columns_by_instance.setdefault(self.object, []).append(slug_column)
        for instance, columns in columns_by_instance.items():
            instance.save(update_fields=sorted(set(columns)))
        self._record_source()
        self._save_assignment()

    def _record_source(self):
        if self.changed_units and self.translation.state != self.translation.State.COMPLETE:
            # Per field, the original each translated text was made from: later changes show as a diff.
            seen = self.translated_from() or {}
            self.translation.source = {
                **self.translation.source,
                **{unit.key: seen.get(unit.key, "") for unit, _value in self.changed_units if unit.name != "slug"},
            }
            self.translation.save(update_fields=["source"])

    def _save_assignment(self):
        if self.can_manage and "assigned_to" in self.cleaned_data:
            assignee = self.cleaned_data["assigned_to"]
            if self.translation.assigned_to_id != (assignee.pk if assignee else None):
                self.translation.assigned_to = assignee
                self.translation.save(update_fields=["assigned_to"])
