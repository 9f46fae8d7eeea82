"""No lost work in the admin: a save only writes what its author changed, and never over a colleague.

The change form carries a signed fingerprint of every field as it was when the form was opened.
On save, a field counts as changed by this user when the posted value differs from that
fingerprint, and as changed by someone else when the database differs from it. Fields only the
other person changed keep their new value; a field both changed is refused with a message that
shows the other's value and keeps what this user typed.

A form can also go out of date for its user: a reporter's draft that an editor has published
meanwhile is no longer theirs to change. Their save is refused (403), but not with a bare error
page: they get the object as it is now, read-only, with why, and what they typed since opening the
form, to copy or to send to someone who may still change it.
"""

import copy
import datetime
import hashlib
import json
import re
from dataclasses import dataclass

from django import forms
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from newsroom.ids import parse_id

SNAPSHOT_FIELD = "_edit_snapshot"
SIGNING_SALT = "newsroom.edit-conflicts"


def _plain(value):
    # Forms drop microseconds and speak the reader's time zone; the database does neither.
    if isinstance(value, datetime.datetime):
        value = value.replace(microsecond=0)
        return value.astimezone(datetime.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, datetime.time):
        return value.replace(microsecond=0).isoformat()
    return str(value)


def digest(value) -> str:
    return hashlib.sha256(json.dumps(value, default=_plain, sort_keys=True).encode()).hexdigest()[:20]


def _text_or_none(field, value):
    # Empty text may be stored as NULL or as "" and comes back from a form as either: one value.
    if value is None and isinstance(field, models.CharField | models.TextField):
        return ""
    return value


def field_value(instance, field):
    if isinstance(field, models.ManyToManyField):
        if instance.pk is None:
            return []
        return sorted(getattr(instance, field.name).values_list("pk", flat=True))
    value = getattr(instance, field.attname)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    return _text_or_none(field, value)


def posted_value(form, field):
    """The value the form would save for `field`, in the shape `field_value` gives."""
    value = form.cleaned_data.get(field.name)
    if isinstance(field, models.ManyToManyField):
        return sorted(obj.pk for obj in value or [])
    if isinstance(field, models.ForeignKey):
        return value.pk if value is not None else None
    if isinstance(field, models.FileField):
        return field_value(form.instance, field)
    if isinstance(value, str) and hasattr(field, "sanitize"):
        return field.sanitize(value)
    return _text_or_none(field, field.to_python(value) if value is not None else value)


def inline_rows(instance, related_name: str) -> dict[str, dict[str, str]]:
    """Every row of an inline, every column by name: row id → column → digest.

    Columns are named one by one: modeltranslation narrows a bare `values_list()` to the active
    language, which would hide a translator's change to the other language's column.
    """
    manager = getattr(instance, related_name)
    fields = [field for field in manager.model._meta.concrete_fields if not field.primary_key]
    rows = manager.order_by("pk").values_list("pk", *(field.attname for field in fields))
    return {
        str(pk): {field.name: digest(_text_or_none(field, value)) for field, value in zip(fields, values, strict=True)}
        for pk, *values in rows
    }


def fingerprint(instance, field_names, inline_names) -> dict[str, str]:
    fields = {name: digest(field_value(instance, instance._meta.get_field(name))) for name in field_names}
    inlines = {name: inline_rows(instance, name) for name in inline_names} if instance.pk else {}
    return {"fields": fields, "inlines": inlines}


def signed_snapshot(data) -> dict | None:
    """The fingerprint a posted form carries, if its signature holds."""
    raw = data.get(SNAPSHOT_FIELD) if data else None
    if not raw:
        return None
    try:
        return signing.loads(raw, salt=SIGNING_SALT)
    except signing.BadSignature:
        return None


@dataclass
class TypedText:
    label: str
    text: str


def _label(field) -> str:
    language = getattr(field, "language", None)
    label = capfirst(getattr(field, "translated_field", field).verbose_name)
    return f"{label} ({get_language_info(language)['name_translated']})" if language else str(label)


def _as_typed(field, value: str) -> str:
    """A posted text as the form would store it: stripped, rich text sanitized."""
    value = value.strip()
    return field.sanitize(value) if hasattr(field, "sanitize") else value


def _readable(field, value: str) -> str:
    if not hasattr(field, "sanitize"):
        return value
    # Rich text as words to copy into the editor again: block ends become line breaks, tags go.
    return strip_tags(re.sub(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", "\n", value)).strip()


def _is_text(field) -> bool:
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def _same_text(a: str, b) -> bool:
    # Browsers send a textarea's line breaks as CRLF.
    return a.replace("\r\n", "\n") == (b or "").replace("\r\n", "\n")


def _as_opened(value: str, before: str | None) -> bool:
    return before in (digest(value), digest(value.replace("\r\n", "\n")))


def typed_since_opened(instance, snapshot: dict, data) -> list[TypedText]:
    """The texts in a posted form that its user typed after opening it: those that differ from what
    the form showed then (its fingerprint) and from what is stored now. Texts only: they are what
    costs work to type again; choices are quickly made again."""
    typed = []
    for name, before in snapshot.get("fields", {}).items():
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        posted = data.get(name)
        if not _is_text(field) or posted is None:
            continue
        value = _as_typed(field, posted)
        if value and not _as_opened(value, before) and not _same_text(value, getattr(instance, field.attname)):
            typed.append(TypedText(_label(field), _readable(field, value)))
    for related_name, rows in snapshot.get("inlines", {}).items():
        related = getattr(type(instance), related_name).rel.related_model
        # Django's formsets refuse more than 1,000 rows; a forged count goes no further here.
        for index in range(min(parse_id(data.get(f"{related_name}-TOTAL_FORMS", "")) or 0, 1000)):
            prefix = f"{related_name}-{index}-"
            before = rows.get(data.get(f"{prefix}id", ""), {})
            for field in related._meta.concrete_fields:
                posted = data.get(f"{prefix}{field.name}")
                if not _is_text(field) or posted is None:
                    continue
                value = _as_typed(field, posted)
                if value and not _as_opened(value, before.get(field.name)):
                    label = f"{capfirst(related._meta.verbose_name)} {index + 1}: {_label(field)}"
                    typed.append(TypedText(label, _readable(field, value)))
    return typed


def describe(instance, field) -> str:
    """A field's stored value as the person editing knows it: names, not ids."""
    if isinstance(field, models.ManyToManyField):
        text = ", ".join(str(obj) for obj in getattr(instance, field.name).all())
    elif isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name)
        text = str(related) if related is not None else ""
    else:
        value = field_value(instance, field)
        text = str(value if value is not None else "")
    return Truncator(text).chars(160) or gettext("(empty)")


class ErrorsOfHiddenFieldsMixin:
    """Model validation about a field this form does not show (read-only for this user) is
    reported at the top of the form, with the field's name, instead of failing the request."""

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            shown = {}
            for name, errors in error.error_dict.items():
                if name == NON_FIELD_ERRORS or name in self.fields:
                    shown[name] = errors
                    continue
                label = self._meta.model._meta.get_field(name).verbose_name
                for message in ValidationError(errors).messages:
                    super().add_error(None, f"{capfirst(label)}: {message}")
            if not shown:
                return
            error = ValidationError(shown)
        super().add_error(field, error)


class EditConflictForm(ErrorsOfHiddenFieldsMixin, forms.ModelForm):
    """Base form for change forms guarded against lost updates; see the module docstring."""

    conflict_inlines: tuple[str, ...] = ()
    _edit_snapshot = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.inline_snapshot: dict | None = None
        self.user_changed: set[str] = set()
        self.fresh = None
        if not self.is_bound and self.instance.pk:
            self.initial[SNAPSHOT_FIELD] = signing.dumps(self._fingerprint(self.instance), salt=SIGNING_SALT)

    def _model_field_names(self):
        return [name for name in self.fields if name != SNAPSHOT_FIELD and self._is_model_field(name)]

    def _is_model_field(self, name):
        try:
            self.instance._meta.get_field(name)
        except FieldDoesNotExist:  # form-only fields are not guarded
            return False
        return True

    def _fingerprint(self, instance):
        return fingerprint(instance, self._model_field_names(), self.conflict_inlines)

    def snapshot(self) -> dict | None:
        return signed_snapshot(self.data) if self.is_bound else None

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        snapshot = self.snapshot()
        if snapshot is None:
            raise ValidationError(
                _("This form is missing its editing stamp. Reload the page to edit the current version."),
                code="no_snapshot",
            )
        # Locked until the save commits (the admin's change view runs in one transaction), so a
        # colleague's save cannot slip in between this check and ours.
        self.fresh = type(self.instance)._default_manager.select_for_update().get(pk=self.instance.pk)
        fresh_print = self._fingerprint(self.fresh)
        conflicts = []
        for name in self._model_field_names():
            if name in self.errors:
                continue
            field = self.instance._meta.get_field(name)
            before = snapshot["fields"].get(name)
            if isinstance(field, models.FileField):
                mine = name in self.changed_data
            else:
                mine = digest(posted_value(self, field)) != before
            theirs = fresh_print["fields"][name] != before
            if mine:
                self.user_changed.add(name)
            if mine and theirs and digest(posted_value(self, field)) != fresh_print["fields"][name]:
                conflicts.append((name, field))
        self.inline_snapshot = snapshot["inlines"]
        if conflicts:
            # Next time, compare with what is stored now: the user has seen the other's change.
            self.data = self.data.copy()
            self.data[SNAPSHOT_FIELD] = signing.dumps(
                {
                    "fields": {**snapshot["fields"], **{n: fresh_print["fields"][n] for n, _f in conflicts}},
                    "inlines": snapshot["inlines"],
                },
                salt=SIGNING_SALT,
            )
            for name, field in conflicts:
                self.add_error(
                    name,
                    ValidationError(
                        _(
                            "Someone else changed this field while you were editing. Their version: “%(value)s”. "
                            "Your text is kept here; save again to replace theirs."
                        ),
                        params={"value": describe(self.fresh, field)},
                        code="edit_conflict",
                    ),
                )
            raise ValidationError(
                _(
                    "This %(object)s was changed by someone else while you were editing it. "
                    "The fields marked below were changed by both of you."
                ),
                params={"object": self.instance._meta.verbose_name},
                code="edit_conflict",
            )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.fresh is None:
            return
        # Fields this user did not touch keep what is stored now, including a colleague's change.
        for name in self._model_field_names():
            field = self.instance._meta.get_field(name)
            if name not in self.user_changed and not isinstance(field, models.ManyToManyField):
                setattr(self.instance, field.attname, getattr(self.fresh, field.attname))

    def _save_m2m(self):
        if self.fresh is not None:
            for name in self._model_field_names():
                field = self.instance._meta.get_field(name)
                if isinstance(field, models.ManyToManyField) and name not in self.user_changed:
                    self.cleaned_data.pop(name, None)
        super()._save_m2m()


class DeletedRowId(forms.Field):
    """The id of a row someone else deleted since the form was opened: posted back as it came
    (so the row stays recognisable on the next try), and nothing of it is saved."""

    widget = forms.HiddenInput

    def clean(self, value):
        return None


class EditConflictInlineFormSet(BaseInlineFormSet):
    """The rows of an inline follow the change form's rule, field by field: a field this user did
    not change keeps what is stored now, even when their stale form shows an older value; a field
    both changed is refused with the other's version, keeping this user's text. A row someone else
    deleted stays deleted unless this user changed it; then they are asked to reload."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        pk_name = self.model._meta.pk.name
        if self.is_bound and i < self.initial_form_count() and form.instance.pk is None:
            posted = form.data.get(form.add_prefix(pk_name))
            # Django would refuse the id as "not one of the available choices", on a hidden field
            # nobody sees: the user got "Please correct the error below." and no error.
            if parse_id(posted or "") is not None:
                form.fields[pk_name] = DeletedRowId(required=False)
        return form

    def is_deleted_row(self, form) -> bool:
        return isinstance(form.fields.get(self.model._meta.pk.name), DeletedRowId)

    def get_queryset(self):
        rows = super().get_queryset()
        forms = self.__dict__.get("forms") if self.is_bound else None
        if forms is None or not any(self.is_deleted_row(form) for form in forms[: self.initial_form_count()]):
            return rows
        # Once the forms are built, the admin pairs them with the stored rows in order to show
        # them again: a row deleted meanwhile would shift every later row onto the wrong form and
        # drop the last one, with what the user typed in it. Each form's own row instead.
        return [form.instance for form in self.initial_forms]

    def clean(self):
        super().clean()
        parent_form = getattr(self, "parent_form", None)
        snapshot = getattr(parent_form, "inline_snapshot", None)
        if snapshot is None:
            return
        rows = snapshot.get(self.fk.remote_field.get_accessor_name(), {})
        for form in self.initial_forms:
            if self.is_deleted_row(form):
                self.refuse_changes_to_a_deleted_row(form, rows)
        conflicts = False
        for form in self.initial_forms:
            before = rows.get(str(form.instance.pk))
            if before is None or not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            for name in form.fields:
                field = self._model_field(name)
                if field is None or field.primary_key or name == self.fk.name:
                    continue
                # The form's initial values were read after the parent row was locked: they are what is stored now.
                stored = digest(_text_or_none(field, form.initial.get(name)))
                posted = digest(posted_value(form, field))
                if posted == before.get(name):
                    setattr(form.instance, field.attname, form.initial.get(name))
                elif stored != before.get(name) and posted != stored:
                    conflicts = True
                    form.add_error(
                        name,
                        ValidationError(
                            _(
                                "Someone else changed this field while you were editing. Their version: "
                                "“%(value)s”. Your text is kept here; save again to replace theirs."
                            ),
                            params={"value": Truncator(str(form.initial.get(name) or "")).chars(160)},
                            code="edit_conflict",
                        ),
                    )
        if conflicts:
            # Next time, compare with what is stored now: the user has seen the other's change.
            parent_form.data = parent_form.data.copy()
            fresh = fingerprint(self.instance, parent_form._model_field_names(), parent_form.conflict_inlines)
            stamp = signing.loads(parent_form.data[SNAPSHOT_FIELD], salt=SIGNING_SALT)
            stamp["inlines"] = fresh["inlines"]
            parent_form.data[SNAPSHOT_FIELD] = signing.dumps(stamp, salt=SIGNING_SALT)

    def refuse_changes_to_a_deleted_row(self, form, rows):
        before = rows.get(str(form[self.model._meta.pk.name].data))
        if before is None or not hasattr(form, "cleaned_data") or self._should_delete_form(form):
            return
        changed = any(
            digest(posted_value(form, field)) != before.get(name)
            for name in form.fields
            if (field := self._model_field(name)) is not None and not field.primary_key and name != self.fk.name
        )
        if changed:
            form.add_error(
                None,
                ValidationError(
                    _(
                        "Someone else deleted this %(object)s while you were editing. Your changes to it are kept "
                        "here: reload the page to see the current version, or tick its delete box to let it go."
                    ),
                    params={"object": self.model._meta.verbose_name},
                    code="deleted_meanwhile",
                ),
            )

    def _model_field(self, name):
        try:
            return self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None


class EditConflictAdminMixin:
    """ModelAdmin mixin wiring the guarded form and its inline formsets together."""

    form = EditConflictForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        inline_names = tuple(
            inline.model._meta.get_field(
                inline.fk_name or self._inline_fk_name(inline)
            ).remote_field.get_accessor_name()
            for inline in self.inlines
            # Inlines that are not content (an article's preview links) are not guarded.
            if issubclass(inline.formset, EditConflictInlineFormSet)
        )

        class GuardedForm(base):
            conflict_inlines = inline_names

            def __init__(form, *args, **kwargs):  # noqa: N805 - `self` is the admin here
                super().__init__(*args, **kwargs)
                request.edit_conflict_form = form

        GuardedForm.__name__ = base.__name__
        return GuardedForm

    def _inline_fk_name(self, inline):
        return next(
            f.name
            for f in inline.model._meta.fields
            if isinstance(f, models.ForeignKey) and f.remote_field.model is self.model
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if any(SNAPSHOT_FIELD in (options.get("fields") or ()) for _name, options in fieldsets):
            return fieldsets
        first_name, first = fieldsets[0]
        return [(first_name, {**first, "fields": [*first["fields"], SNAPSHOT_FIELD]}), *fieldsets[1:]]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            refused = self.refuse_out_of_date_form(request, object_id, extra_context)
            if refused is not None:
                return refused
        return super().change_view(request, object_id, form_url, extra_context)

    def refuse_out_of_date_form(self, request, object_id, extra_context):
        """A form opened when its user could change the object, posted after they no longer can:
        the object as it is now, read-only, saying why, with what they typed. None when that is
        not the case (anything else that may not be saved is Django's 403)."""
        obj = self.get_object(request, unquote(object_id))
        snapshot = signed_snapshot(request.POST)
        if obj is None or snapshot is None or not self.has_view_permission(request, obj):
            return None
        if self.has_change_permission(request, obj):
            return None
        shown = copy.copy(request)
        shown.method = "GET"  # the page as it is now: a GET of the same form, read-only for this user
        refused = {"reason": self.why_read_only(request, obj), "typed": typed_since_opened(obj, snapshot, request.POST)}
        response = super().change_view(shown, object_id, "", {**(extra_context or {}), "refused": refused})
        response.status_code = 403
        return response

    def why_read_only(self, request, obj) -> str:
        return gettext("You can no longer change this %(object)s.") % {"object": self.model._meta.verbose_name}

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        for formset in formsets:
            formset.parent_form = getattr(request, "edit_conflict_form", None)
        return formsets, inline_instances


def posted_form(request):
    """The change form of this request, as the guarded form registered itself when it was built
    (None before): the hooks Django's admin calls after a save (`response_change`) are not given it."""
    return getattr(request, "edit_conflict_form", None)
