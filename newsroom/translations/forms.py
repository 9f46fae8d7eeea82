"""The side-by-side translation form: each field of the original beside its translation.

It holds only the fields of one language, so a translator's save cannot touch anything else,
and it writes only what its user changed, after checking that nobody changed the same fields
since the form was opened (the same rule as `newsroom.edit_conflicts`, on these fields).

Long texts (rich text, and plain text read as paragraphs) are translated segment by segment
(`segments`): one input per paragraph, heading or list item, lined up with the translation's
segments, so that only what changed in the original asks for work. The translation is still
stored as one text per field, stitched into the structure of the original the translator saw.
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

from . import machine, segments
from .models import is_blank, part_field_label, translated_field_names
from .widgets import fit_to_length
from .workflow import MANAGE_PERMISSION, plain_text, word_diff

SNAPSHOT_FIELD = "_edit_snapshot"
SOURCE_FIELD = "_translated_from"
# Which fields the page showed in segments, and how many: the same inputs are read back.
SEGMENTS_FIELD = "_segments"
# The machine translations the page showed, by field: a text saved as one of them unchanged is machine-made.
MACHINE_FIELD = "_machine_suggestions"
# Each stamp is signed with a salt of its own, so that none can be posted in another's place.
SIGNING_SALT = "newsroom.translations.side-by-side"
# What the page's buttons post besides the fields.
BUTTONS = ("_save", "_complete", "_release", "_withdraw", "_preview", "_suggest")
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

    @property
    def is_rich(self) -> bool:
        return hasattr(self.model_field, "sanitize")

    @property
    def is_segmented(self) -> bool:
        return self.is_rich or self.name in getattr(type(self.instance), "translated_in_paragraphs", ())


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
                label = part_field_label(part, name, number)
                units.append(TranslationUnit(part, name, f"{related_name}.{part.pk}.{name}", label))
    return units


def form_key(unit_key: str) -> str:
    return unit_key.replace(".", "-")


def segment_key(unit_key: str, number: int) -> str:
    return f"{form_key(unit_key)}-s{number}"


def _texts(value) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _counts(value) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and type(v) is int and v > 0 for k, v in value.items())


def _suggestions(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, dict) and _texts(v) and {"text", "provider"} <= set(v)
        for k, v in value.items()
    )


# What each stamp holds; one that does not is forged, whatever its signature.
STAMP_SHAPES = {SNAPSHOT_FIELD: _texts, SOURCE_FIELD: _texts, SEGMENTS_FIELD: _counts, MACHINE_FIELD: _suggestions}


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
    def __init__(self, obj, language: str, user, *, translation, data=None, typed=None):
        """`data` binds the form to a post; `typed`, a post of this page shown again unbound (as
        after asking for suggestions): both read the page's stamps, and so its segments, from the post."""
        super().__init__(data=data)
        self.object, self.language, self.user, self.translation = obj, language, user, translation
        self.typed = typed
        self._unstamped: dict[tuple[str, str | None], object] = {}
        self.original = obj.original_language
        self.units = [
            unit
            for unit in translation_units(obj)
            if unit.name == "slug" or not is_blank(unit.value_in(self.original)) or unit.value_in(language)
        ]
        self.target_name = get_language_info(language)["name_translated"]
        # The original each segmented field's inputs belong to: as the translator saw it.
        self.seen = (self._signed(SOURCE_FIELD) or {}) if self.posted is not None else obj.original_texts()
        shown_in_segments = (self._signed(SEGMENTS_FIELD) or {}) if self.posted is not None else None
        self.plans: dict[str, list[segments.Aligned]] = {}
        for unit in self.units:
            plan = self._plan(unit, shown_in_segments)
            if plan is None:
                self._add_whole_field(unit)
            else:
                self.plans[unit.key] = plan
                for number, aligned in enumerate(plan, start=1):
                    self._add_segment_field(unit, number, aligned)
        self.fields[SNAPSHOT_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields[SOURCE_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields[MACHINE_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields[SEGMENTS_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.can_manage = user.has_perm(MANAGE_PERMISSION)
        if self.can_manage:
            self.fields["assigned_to"] = forms.ModelChoiceField(
                translators_of(language),
                required=False,
                label=_("Translator"),
                initial=translation.assigned_to_id,
            )
        if typed is not None:
            for name, field in self.fields.items():
                if name in typed:
                    # Both: the inputs show the form's initial, the rows' states read the field's.
                    self.initial[name] = field.initial = typed.get(name)
        elif not self.is_bound:
            self.initial[SNAPSHOT_FIELD] = self._stamp(SNAPSHOT_FIELD, self._digests())
            self.initial[SOURCE_FIELD] = self._stamp(SOURCE_FIELD, self.seen)
            self.initial[SEGMENTS_FIELD] = self._stamp(
                SEGMENTS_FIELD, {key: len(plan) for key, plan in self.plans.items()}
            )

    @property
    def posted(self):
        """The post the page's stamps are read from, if any."""
        return self.data if self.is_bound else self.typed

    def _page(self) -> list:
        # A stamp is good on the page it was made for only: this object, language and user.
        opts = self.object._meta
        return [opts.label_lower, str(self.object.pk), self.language, self.user.pk]

    def _stamp(self, name: str, value) -> str:
        return signing.dumps({"page": self._page(), "value": value}, salt=f"{SIGNING_SALT}.{name}", compress=True)

    def _unstamp(self, name: str, stamp: str | None):
        """What the stamp `name` holds; None if it is missing, forged or made for another page."""
        # Read once: the original's stamp of a long article is tens of kilobytes, compressed.
        if (name, stamp) not in self._unstamped:
            try:
                signed = signing.loads(stamp or "", salt=f"{SIGNING_SALT}.{name}")
            except signing.BadSignature:
                signed = None
            value = signed.get("value") if isinstance(signed, dict) and signed.get("page") == self._page() else None
            self._unstamped[name, stamp] = value if STAMP_SHAPES[name](value) else None
        return self._unstamped[name, stamp]

    def _signed(self, name: str):
        return self._unstamp(name, self.posted.get(name)) if self.posted is not None else None

    def has_good_stamps(self) -> bool:
        """Whether the post carries this page's own stamps; without them nothing it says can be trusted."""
        if any(self._signed(name) is None for name in (SNAPSHOT_FIELD, SOURCE_FIELD, SEGMENTS_FIELD)):
            return False
        # No suggestions asked for: an empty stamp.
        return not self.posted.get(MACHINE_FIELD) or self._signed(MACHINE_FIELD) is not None

    def _plan(self, unit, shown_in_segments: dict | None) -> list[segments.Aligned] | None:
        """The segments `unit` is translated in, lined up with its translation; None for one input."""
        if not unit.is_segmented:
            return None
        original = self.seen.get(unit.key, unit.value_in(self.original))
        current = segments.cut(original, rich=unit.is_rich)
        if shown_in_segments is not None and shown_in_segments.get(unit.key) != len(current):
            # Posted: exactly the inputs the page showed, whatever the texts are now.
            return None
        if not current:
            return None
        # The original the stored translation was stitched into; none recorded (typed on the change
        # form, or before segments): the original now, if the translation has its shape.
        source = self.translation.source.get(unit.key) or None
        translated = segments.cut_like(unit.value_in(self.language), source or original, rich=unit.is_rich)
        plan = None
        if translated is not None:
            before = segments.cut(source, rich=unit.is_rich) if source else None
            plan = segments.align(current, before, translated)
        if plan is None and shown_in_segments is not None:
            # Posted, and the stored translation changed shape since: the inputs still stand.
            return [segments.Aligned(segment, "", segments.NEW) for segment in current]
        # A translation that cannot be lined up (typed as one text) keeps one input: never lose it.
        return plan

    def _add_whole_field(self, unit):
        field = unit.model_field.formfield(required=False)
        field.label = f"{unit.label} ({self.target_name})"
        field.help_text = unit.model_field.help_text if unit.name == "slug" else ""
        field.initial = unit.value_in(self.language)
        field.widget.attrs["lang"] = self.language
        if unit.name != "slug":
            fit_to_length(field, unit.value_in(self.original), field.initial)
        self.fields[form_key(unit.key)] = field

    def _add_segment_field(self, unit, number: int, aligned: segments.Aligned):
        # The template writes these inputs out (with their size, state and descriptions): sixty
        # widgets rendered through Django's templates took half the page's time.
        self.fields[segment_key(unit.key, number)] = forms.CharField(
            required=False,
            widget=forms.Textarea(attrs={"lang": self.language}),
            label=gettext("%(field)s, segment %(number)s (%(language)s)")
            % {"field": unit.label, "number": number, "language": self.target_name},
            initial=aligned.translation,
        )

    def segment_keys(self, unit_key: str, count: int) -> list[str]:
        return [segment_key(unit_key, number) for number in range(1, count + 1)]

    def _shown_keys(self) -> dict[str, list[str]]:
        """The inputs the page showed, per text, from its signed stamps."""
        in_segments = self._signed(SEGMENTS_FIELD) or {}
        return {
            key: self.segment_keys(key, in_segments[key]) if key in in_segments else [form_key(key)]
            for key in (self._signed(SNAPSHOT_FIELD) or {})
        }

    def allowed_keys(self) -> set[str]:
        """Everything this page may post; anything else is a forged request. A field the page
        showed that is gone now (an editor removed a question) is not a forgery: it is dropped."""
        shown = {key for keys in self._shown_keys().values() for key in keys}
        allowed = {*self.fields, *shown, "csrfmiddlewaretoken", *BUTTONS}
        if not self.can_manage:
            allowed -= set(MANAGER_ONLY)
        return allowed

    def removed_fields(self) -> list[str]:
        """Fields the page showed whose text no longer exists (their question was removed)."""
        current = {unit.key for unit in self.units}
        return [
            form_key(key)
            for key, keys in self._shown_keys().items()
            if key not in current and any(self.data.get(name) for name in keys)
        ]

    def machine_suggestions(self) -> dict[str, dict]:
        """The machine translations the page showed, by field: {"text", "provider"}."""
        value = self.data.get(MACHINE_FIELD) if self.is_bound else self.initial.get(MACHINE_FIELD)
        return self._unstamp(MACHINE_FIELD, value) or {}

    def suggest_machine_translations(self) -> int | None:
        """Ask the configured machine translation for every input the form leaves empty whose
        original has words, in one batch; how many it suggested, or None where it gave nothing."""
        empty = [
            (key, unit, original)
            for key, unit, original in self._inputs()
            # An editor's empty paragraph is empty too.
            if unit.name != "slug" and not plain_text(self[key].value()) and plain_text(original)
        ]
        if not empty:
            return 0
        texts = machine.suggest(
            [machine.as_html(original, rich=unit.is_rich) for _key, unit, original in empty],
            self.original,
            self.language,
        )
        if texts is None:
            return None
        shown = self.machine_suggestions()
        provider = str(machine.provider())
        for (key, unit, _original), text in zip(empty, texts, strict=True):
            shown[key] = {"text": self._posted(unit, machine.from_html(text, rich=unit.is_rich)), "provider": provider}
        self.initial[MACHINE_FIELD] = self._stamp(MACHINE_FIELD, shown)
        return len(empty)

    def _inputs(self) -> list[tuple[str, TranslationUnit, str]]:
        """Each input of the page: its name, the text it belongs to, and the original it translates."""
        return [(row["field"].name, row["unit"], row["original"]) for row in self.rows()]

    def _digests(self) -> dict[str, str]:
        return {unit.key: digest(unit.value_in(self.language)) for unit in self.units}

    def translated_from(self) -> dict[str, str] | None:
        """The original as the translator saw it when the form was opened."""
        return self._signed(SOURCE_FIELD) if self.posted is not None else self.object.original_texts()

    def rows(self) -> list[dict]:
        """What the template shows per text or segment: the original, its changes, the input, and
        whether it needs work (new, empty or changed since translated)."""
        outdated = self.translation.state == self.translation.State.OUTDATED
        source = self.translation.source
        rows = []
        for unit in self.units:
            plan = self.plans.get(unit.key)
            if plan is not None:
                rows += [self._segment_row(unit, number, aligned) for number, aligned in enumerate(plan, start=1)]
                continue
            original = unit.value_in(self.original)
            if unit.name == "slug":
                before = None
            elif outdated:
                # A text the original did not have when translated (a new question) is all new.
                before = source.get(unit.key, "")
            else:
                # While in progress: what the original said when this field was last translated.
                before = source.get(unit.key)
            changes = word_diff(before, original) if before is not None and before != original else None
            empty = unit.name != "slug" and is_blank(self._shown_value(form_key(unit.key)))
            state = segments.NEW if empty else segments.OUTDATED if changes else segments.CONFIRMED
            rows.append(
                {
                    "unit": unit,
                    "label": unit.label,
                    "original": original,
                    "is_rich": unit.is_rich,
                    "field": self[form_key(unit.key)],
                    "changes": changes,
                    "state": state,
                    "needs_work": state != segments.CONFIRMED,
                }
            )
        suggestions = self.machine_suggestions()
        for row in rows:
            row["machine"] = suggestions.get(row["field"].name)
        return rows

    def _segment_row(self, unit, number: int, aligned: segments.Aligned) -> dict:
        key = segment_key(unit.key, number)
        empty = is_blank(self._shown_value(key))
        state = segments.NEW if empty and aligned.state == segments.CONFIRMED else aligned.state
        return {
            "unit": unit,
            "label": f"{unit.label} · {number}",
            "segment": number,
            "tag": aligned.original.tag,
            "original": aligned.original.html,
            "is_rich": unit.is_rich,
            "field": self[key],
            "changes": word_diff(aligned.before.html, aligned.original.html) if aligned.before else None,
            "state": state,
            "needs_work": empty or state != segments.CONFIRMED,
            # Tall enough for the whole text (about 60 characters a line), so none of it hides.
            "lines": min(12, max(2, len(self._shown_value(key) or aligned.original.html) // 60 + 1)),
        }

    def _shown_value(self, key: str) -> str:
        return (self.data.get(key) if self.is_bound else self.fields[key].initial) or ""

    def _assembled(self, unit, cleaned) -> str | None:
        """The text the page posted for `unit`: its input, or its segments stitched together."""
        plan = self.plans.get(unit.key)
        if plan is None:
            return cleaned.get(form_key(unit.key))
        keys = self.segment_keys(unit.key, len(plan))
        if any(key in self.errors for key in keys):
            return None
        texts = [(cleaned.get(key) or "").replace("\r\n", "\n") for key in keys]
        for key, text, aligned in zip(keys, texts, plan, strict=True):
            # An empty line is a second paragraph in any box but preformatted text's: rich text would
            # keep it inside the one block (<li>A\n\nB</li>), where readers never see it as one.
            breaks = aligned.original.tag != "pre" and segments.PARAGRAPH_BREAK.search(text.strip())
            if breaks or (unit.is_rich and segments.has_blocks(text)):
                self.add_error(
                    key,
                    _(
                        "Keep this to one segment: the paragraphs, headings and lists come from the original. "
                        "Remove the empty line or block tag."
                    ),
                )
            elif unit.is_rich and segments.cut_short(text):
                self.add_error(key, self.CUT_SHORT)
        if any(key in self.errors for key in keys):
            return None
        if not unit.is_rich:
            return segments.stitch(self.seen.get(unit.key, ""), texts, rich=False)
        # Each segment sanitized on its own, so that whatever one holds ends inside its own block;
        # and the whole must cut back into the same segments, or one of them spilled into the others.
        typed = [segments.with_usual_emphasis(text) for text in texts]
        texts = [self._posted(unit, text).strip() for text in typed]
        wrong = self._spilling(unit, texts)
        for number in wrong:
            self.add_error(keys[number], self.CUT_SHORT)
        if wrong:
            return None
        for number, (before, after) in enumerate(zip(typed, texts, strict=True), start=1):
            # Saved without them, but said: markup that vanishes unannounced looks like a lost edit.
            if dropped := segments.dropped_markup(before, after):
                self.dropped.append((unit, number, dropped))
        return segments.stitch(self.seen.get(unit.key, ""), texts, rich=True)

    def dropped_markup_warnings(self) -> list[str]:
        """One warning per segment whose typed markup was removed on saving, naming the segment."""
        return [
            gettext(
                "%(field)s, segment %(number)d: %(markup)s removed on saving. Only the markup the help above "
                "the texts lists is kept; <b> and <i> are saved as <strong> and <em>."
            )
            % {"field": unit.label, "number": number, "markup": ", ".join(markup)}
            for unit, number, markup in self.dropped
        ]

    CUT_SHORT = _(
        "This segment's HTML does not stay in its segment (a tag, quote or comment left open, or a line "
        "or table that ends the paragraph) and would change the text around it. Close it or remove it."
    )

    def _spilling(self, unit, texts: list[str]) -> list[int]:
        """The positions of the segments that do not come back as typed once stitched and sanitized."""
        original = self.seen.get(unit.key, "")

        def cut_back(pieces):
            stitched = segments.stitch(original, pieces, rich=True)
            return segments.cut_like(self._posted(unit, stitched), original, rich=True)

        back = cut_back(texts)
        if back is not None:
            return [number for number, text in enumerate(texts) if back[number] != text]
        # The structure broke: find the segments that break it on their own (only on this error).

        def breaks_alone(number):
            pieces = [""] * len(texts)
            pieces[number] = texts[number]
            return cut_back(pieces) != pieces

        alone = [number for number, text in enumerate(texts) if text and breaks_alone(number)]
        return alone or [number for number, text in enumerate(texts) if text]

    def incomplete_segments(self) -> list[str]:
        """The fields (or, where some are done, their segments) still empty, by name."""
        names = []
        for unit in self.units:
            plan = self.plans.get(unit.key)
            if plan is None:
                continue
            empty = [
                number
                for number, key in enumerate(self.segment_keys(unit.key, len(plan)), start=1)
                if not (self.cleaned_data.get(key) or "").strip()
            ]
            if len(empty) == len(plan):
                names.append(str(unit.label))
            elif empty:
                names.append(
                    gettext("%(field)s (segments %(numbers)s)")
                    % {"field": unit.label, "numbers": ", ".join(str(n) for n in empty)}
                )
        return names

    def clean(self):
        cleaned = super().clean()
        snapshot = self._signed(SNAPSHOT_FIELD)
        if not self.has_good_stamps():
            raise ValidationError(
                _("This form is missing its editing stamp. Reload the page to edit the current version."),
                code="no_snapshot",
            )
        # The caller holds the object's row lock: nothing changes between this check and the save.
        self.changed_units = []
        # Per segment, the markup typed that sanitizing removed: (unit, segment number, what).
        self.dropped = []
        conflicts = []
        for unit in self.units:
            key = form_key(unit.key)
            if key in self.errors:
                continue
            assembled = self._assembled(unit, cleaned)
            if assembled is None and unit.key in self.plans:
                continue
            posted = self._posted(unit, assembled)
            before = snapshot.get(unit.key)
            stored = digest(unit.value_in(self.language))
            if before is None:
                # Added since the page was opened (a new question): the translator has not seen it.
                continue
            if digest(posted) == before:
                continue
            if stored != before and digest(posted) != stored:
                conflicts.append(unit)
                for field_key, theirs in self._conflicting_inputs(unit, cleaned):
                    self.add_error(
                        field_key,
                        ValidationError(
                            _(
                                "Someone else changed this field while you were editing. Their version: "
                                "“%(value)s”. Your text is kept here; save again to replace theirs."
                            ),
                            params={"value": Truncator(plain_text(theirs)).chars(160)},
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
            self.data[SNAPSHOT_FIELD] = self._stamp(SNAPSHOT_FIELD, snapshot)
            raise ValidationError(
                _("Someone else changed this translation while you were editing it. See the fields marked below."),
                code="edit_conflict",
            )
        return cleaned

    def _conflicting_inputs(self, unit, cleaned) -> list[tuple[str, str]]:
        """The inputs where the translator's text and the other person's differ, with theirs."""
        stored = unit.value_in(self.language)
        plan = self.plans.get(unit.key)
        if plan is None:
            return [(form_key(unit.key), stored)]
        keys = self.segment_keys(unit.key, len(plan))
        theirs = segments.cut_like(stored, self.seen.get(unit.key, ""), rich=unit.is_rich)
        if theirs is None:
            return [(keys[0], stored)]
        differing = [
            (key, text)
            for key, text in zip(keys, theirs, strict=True)
            if self._posted(unit, cleaned.get(key) or "") != self._posted(unit, text)
        ]
        return differing or [(keys[0], stored)]

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
            self._record_machine_use()
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
        self._record_machine_use()
        self._record_source()
        self._save_assignment()

    def _record_machine_use(self):
        """A machine text saved exactly as suggested is recorded by its words; it stays recorded
        while the translation holds it word for word, wherever it moved, and no longer."""
        shown = self.machine_suggestions()
        if not shown and not self.translation.machine_translated:
            return  # the usual save: no machine involved, and no rows to build again
        taken = dict(self.translation.machine_translated)
        typed_texts = []
        for key, unit, _original in self._inputs():
            typed = self._posted(unit, self.cleaned_data.get(key))
            typed_texts.append(typed)
            suggestion = shown.get(key)
            if suggestion and machine.same_text(typed, suggestion["text"]):
                taken[machine.taken_key(typed)] = suggestion["provider"]
                taken.pop(key, None)
            elif key in taken and not machine.same_text(typed, self._posted(unit, self.fields[key].initial)):
                taken.pop(key)  # recorded by input, before records named the words
        if not self.translation.is_released:
            # What readers will get is what the form holds now. A released translation's changes
            # wait for release, and readers keep the earlier text: `workflow.release` decides then.
            taken = machine.still_present(taken, typed_texts)
        if taken != self.translation.machine_translated:
            self.translation.machine_translated = taken
            self.translation.save(update_fields=["machine_translated"])

    def _record_source(self):
        if self.changed_units and self.translation.state != self.translation.State.COMPLETE:
            # Per field, the original each translated text was made from: later changes show as a diff.
            seen = self.translated_from() or {}
            self.translation.source = {
                **self.translation.source,
                **{unit.key: self._source_of(unit, seen) for unit, _value in self.changed_units if unit.name != "slug"},
            }
            self.translation.save(update_fields=["source"])

    def _source_of(self, unit, seen: dict) -> str:
        """The original `unit`'s translation is now made from: the one the translator saw, except in
        the changed segments they left as they were, which stay marked changed with their old original."""
        original = seen.get(unit.key, "")
        plan = self.plans.get(unit.key)
        if plan is None or not any(aligned.state == segments.OUTDATED for aligned in plan):
            return original
        keys = self.segment_keys(unit.key, len(plan))
        return segments.stitch(
            original,
            [
                aligned.before.html
                if aligned.state == segments.OUTDATED
                and aligned.before is not None
                and (self.cleaned_data.get(key) or "").strip() == aligned.translation.strip()
                else aligned.original.html
                for aligned, key in zip(plan, keys, strict=True)
            ],
            rich=unit.is_rich,
        )

    def _save_assignment(self):
        if self.can_manage and "assigned_to" in self.cleaned_data:
            assignee = self.cleaned_data["assigned_to"]
            if self.translation.assigned_to_id != (assignee.pk if assignee else None):
                self.translation.assigned_to = assignee
                self.translation.save(update_fields=["assigned_to"])
