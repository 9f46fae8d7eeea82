"""Every save keeps a revision (django-reversion); the admin compares any two and restores one.

A revision holds the object and its inline parts (an article's bylines and interview questions),
every language's column of each translated field, but not modeltranslation's original columns:
restoring those would write one revision's text into whatever language is active.

Restoring renders the change form filled with the old revision (reversion reverts it inside a
transaction it rolls back), and saving that form is an ordinary save: a new revision, checked
against the user's permissions on the object as it is now. What decides publication (status,
publish time, released translations) stays as it is now: a restore brings back text, not a state.
"""

import datetime
import json
from dataclasses import dataclass, field

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField
from reversion.admin import VersionAdmin
from reversion.models import Version

from newsroom.ids import parse_id
from newsroom.translations.models import translated_field_names
from newsroom.translations.workflow import plain_text, word_diff

BASED_ON_FIELD = "_based_on_version"
# Bookkeeping, not content: not worth a line in a comparison.
NOT_COMPARED = {
    "id",
    "created_at",
    "updated_at",
    "released_languages",
    "readable_in",
    # An image's facts, read from its file: its file is compared.
    "file_sha256",
    "size_bytes",
    "format",
    "width",
    "height",
    "has_alpha",
    "renditions_key",
    "renditions_ready",
}


def register(model, follow=()):
    if not reversion.is_registered(model):
        reversion.register(model, follow=follow, exclude=translated_field_names(model))


@dataclass
class Difference:
    label: str
    language: str = ""
    before: str = ""
    after: str = ""
    # For text: the words of both, marked ("", "ins", "del").
    words: list[tuple[str, str]] = field(default_factory=list)


def _language_name(code: str) -> str:
    return get_language_info(code)["name_translated"]


def _shown(model_field, value) -> str:
    """A stored value as a person reads it."""
    if value in (None, "", []):
        return "–"
    if isinstance(model_field, models.ManyToManyField):
        return ", ".join(str(obj) for obj in model_field.related_model._default_manager.filter(pk__in=value)) or "–"
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else gettext("(deleted)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def _label_and_language(model_field) -> tuple[str, str]:
    if isinstance(model_field, TranslationField):
        return capfirst(model_field.translated_field.verbose_name), _language_name(model_field.language)
    return capfirst(model_field.verbose_name), ""


def compare_fields(model, before: dict, after: dict, prefix: str = "", parent=None) -> list[Difference]:
    """The fields whose value differs between two revisions' field dicts, one line per language.
    For a part of `parent` (an interview question of an article), its link to the parent is left out."""
    differences = []
    for model_field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        key = model_field.attname
        if model_field.name in NOT_COMPARED or key not in before and key not in after:
            continue
        if parent is not None and model_field.is_relation and model_field.related_model is parent:
            continue
        if parent is not None and model_field.name == "order" and not (before and after):
            continue  # the place of a part added or removed says nothing more
        old, new = before.get(key), after.get(key)
        if isinstance(model_field, models.ManyToManyField):
            old, new = sorted(old or []), sorted(new or [])
        if (old or None) == (new or None):
            continue
        label, language = _label_and_language(model_field)
        difference = Difference(f"{prefix}{label}", language, _shown(model_field, old), _shown(model_field, new))
        if isinstance(model_field, models.CharField | models.TextField) and not model_field.choices:
            difference.words = word_diff(old or "", new or "")
            difference.before, difference.after = plain_text(old or ""), plain_text(new or "")
        differences.append(difference)
    return differences


def _versions_of_parts(version) -> dict[type, dict[str, Version]]:
    parts: dict[type, dict[str, Version]] = {}
    for part in version.revision.version_set.exclude(pk=version.pk).select_related("content_type"):
        parts.setdefault(part.content_type.model_class(), {})[part.object_id] = part
    return parts


def compare(older: Version, newer: Version) -> list[Difference]:
    """Field by field, language by language: what changed from `older` to `newer`."""
    model = older._model
    differences = compare_fields(model, older.field_dict, newer.field_dict)
    old_parts, new_parts = _versions_of_parts(older), _versions_of_parts(newer)
    for part_model in sorted({*old_parts, *new_parts}, key=lambda m: m._meta.verbose_name):
        before, after = old_parts.get(part_model, {}), new_parts.get(part_model, {})
        ordered = sorted({*before, *after}, key=lambda pk: (pk not in after, parse_id(pk) or 0))
        for number, pk in enumerate(ordered, start=1):
            prefix = f"{capfirst(part_model._meta.verbose_name)} {number}: "
            old_fields = before[pk].field_dict if pk in before else {}
            new_fields = after[pk].field_dict if pk in after else {}
            differences += compare_fields(part_model, old_fields, new_fields, prefix, parent=model)
    return differences


def fields_not_in(version: Version) -> list[str]:
    """The columns (by attname) of the version's model that its serialized data does not hold."""
    try:
        held = json.loads(version.serialized_data)[0]["fields"]
    except (ValueError, KeyError, IndexError, TypeError):
        return []
    model = version._model
    return [
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.name not in held
        and field.name not in translated_field_names(model)
        and not isinstance(field, TranslationField)
    ]


class RevisionAdminMixin(VersionAdmin):
    """History with revisions, a comparison of any two, and restore; for TranslatableAdmin."""

    history_latest_first = True
    revision_form_template = "admin/revisions/revision_form.html"
    # Django's own list, without reversion's link to recover deleted objects (see `get_urls`).
    change_list_template = None
    # Left as they are now when a revision is restored: they decide what readers see.
    kept_when_restoring = ("released_languages",)
    # Inlines kept out of revisions, so that a restore neither brings them back nor deletes them.
    not_in_revisions = ()

    def reversion_register(self, model, **kwargs):
        register(model, tuple(name for name in kwargs.get("follow", ()) if name not in self.not_in_revisions))

    def get_urls(self):
        opts = self.model._meta
        # Reversion's "recover deleted" views revert any version and then check permissions on the
        # reverted object, not the present one: left out.
        recover = {f"{opts.app_label}_{opts.model_name}_recoverlist", f"{opts.app_label}_{opts.model_name}_recover"}
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *(url for url in super().get_urls() if getattr(url, "name", None) not in recover),
        ]

    def versions_of(self, obj):
        return Version.objects.get_for_object(obj).select_related("revision__user")

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        kept = getattr(request, "kept_when_restoring", None)
        if obj is not None and kept and str(obj.pk) == kept["pk"]:
            # Written back under the reverted revision too, so that the change form's guard against
            # lost edits does not take the old state for a colleague's change.
            type(obj)._default_manager.filter(pk=obj.pk).update(**kept["values"])
            for name, value in kept["values"].items():
                setattr(obj, name, value)
        return obj

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return super(VersionAdmin, self).history_view(request, object_id, extra_context)
        opts = self.model._meta
        can_restore = self.has_change_permission(request, obj)
        versions = list(self.versions_of(obj))
        revisions = [
            {
                "version": version,
                "restore_url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_revision", args=[quote(obj.pk), version.pk]
                )
                if can_restore and position
                else "",
            }
            for position, version in enumerate(versions)
        ]
        context = {
            "revisions": revisions,
            "compare_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[quote(obj.pk)]),
            **(extra_context or {}),
        }
        # Past reversion's own history view: it replaces Django's paginated log, which stays below.
        return super(VersionAdmin, self).history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = self.versions_of(obj)
        opts = self.model._meta
        history_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[quote(obj.pk)])
        chosen = [parse_id(request.GET.get("from", "")), parse_id(request.GET.get("to", ""))]
        found = {version.pk: version for version in versions.filter(pk__in=[pk for pk in chosen if pk])}
        if None in chosen or len(set(chosen)) != 2 or len(found) != 2:
            # Back to the list to choose from, saying why.
            messages.error(request, gettext("Choose two different revisions of this object to compare."))
            return HttpResponseRedirect(history_url)
        older, newer = sorted(found.values(), key=lambda version: version.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare revisions"),
            "subtitle": str(obj),
            "opts": opts,
            "object": obj,
            "older": older,
            "newer": newer,
            "differences": compare(older, newer),
            "history_url": history_url,
        }
        return TemplateResponse(request, "admin/revisions/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Permissions are those on the object as it is now, not as the old revision had it.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        versions = self.versions_of(obj)
        version = get_object_or_404(versions, pk=version_id)
        latest = versions.values_list("pk", flat=True).first()
        if request.method == "POST" and request.POST.get(BASED_ON_FIELD) != str(latest):
            messages.error(
                request,
                gettext("Someone saved this %(name)s after you opened the old revision; nothing was restored.")
                % {"name": self.model._meta.verbose_name},
            )
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[quote(obj.pk)])
            )
        kept = {name: getattr(obj, name) for name in self.kept_when_restoring if hasattr(obj, name)}
        # A field the revision does not hold (added since it was made, such as an article's image,
        # issue 18) keeps its present value: restored, it would be emptied.
        kept |= {name: getattr(obj, name) for name in fields_not_in(version)}
        request.kept_when_restoring = {"pk": str(obj.pk), "values": kept}
        context = {
            "based_on_version": latest,
            "restored_version": version,
            "title": _("Restore a revision of %(name)s") % {"name": str(obj)},
            **(extra_context or {}),
        }
        return super().revision_view(request, object_id, version_id, context)
