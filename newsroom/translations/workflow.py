"""How a translation moves: missing → in progress → complete → outdated → complete, and release.

Marking complete and releasing are explicit acts of a person; "in progress" and "outdated" follow
from edits. Every change records since when and by whom.
"""

import difflib
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from . import machine, segments
from .glossary import update_entity_term
from .memory import remember
from .models import (
    LANGUAGE_CODES,
    Translation,
    TranslatorLanguage,
    is_blank,
    part_field_label,
    released_marker,
    translated_field_names,
)

TRANSLATE_PERMISSION = "translations.translate"
MANAGE_PERMISSION = "translations.manage_translations"


def can_manage_translations(user) -> bool:
    return user.has_perm(MANAGE_PERMISSION)


def languages_translated_by(user) -> list[str]:
    """The languages `user` may translate into: all for editors, their own for translators."""
    if can_manage_translations(user):
        return list(LANGUAGE_CODES)
    if not user.has_perm(TRANSLATE_PERMISSION):
        return []
    # Kept on the user as Django keeps permissions (`_perm_cache`): the queue's filters, its rows
    # and its hints each ask, and a request's user is loaded anew for each request.
    if not hasattr(user, "_translation_languages"):
        chosen = set(TranslatorLanguage.objects.filter(user=user).values_list("language", flat=True))
        user._translation_languages = [code for code in LANGUAGE_CODES if code in chosen]
    return list(user._translation_languages)


def chose_language(user, language: str) -> Exists:
    """Whether `user` chose to translate into `language`, as an expression: a page that loads the
    object it translates asks it in the same query."""
    return Exists(TranslatorLanguage.objects.filter(user=user.pk, language=language))


def may_translate_into(user, language: str, *, chosen: bool) -> bool:
    """`languages_translated_by`'s rule for one language, where whether `user` chose it is known."""
    if language not in LANGUAGE_CODES:
        return False
    return can_manage_translations(user) or (chosen and user.has_perm(TRANSLATE_PERMISSION))


def is_translator_without_language(user) -> bool:
    """Allowed to translate, but into no language yet: their queue can only be empty."""
    return user.is_active and user.has_perm(TRANSLATE_PERMISSION) and not languages_translated_by(user)


def language_givers() -> list[str]:
    """The names of those who can give a translator their languages (a few, for a hint)."""
    may_give = Q(codename="add_translatorlanguage", content_type__app_label="translations")
    people = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=Permission.objects.filter(may_give))
            | Q(user_permissions__in=Permission.objects.filter(may_give))
        )
        .exclude(first_name="", last_name="")
        .distinct()
        .order_by("last_name", "first_name")
    )
    return [person.get_full_name() for person in people[:3]]


def _has_text_in(obj, language: str) -> bool:
    return any(not is_blank(text) for text in obj.texts_in(language).values())


def ensure_translation_rows(obj):
    """One row per language other than the original, so queues and filters need no outer joins."""
    content_type = ContentType.objects.get_for_model(obj)
    rows = Translation.objects.filter(content_type=content_type, object_id=obj.pk)
    published_at = getattr(obj, "published_at", None)
    found = list(rows.values_list("language", "pk", "published_at"))
    existing = {code: pk for code, pk, _published_at in found}
    if any(row_published_at != published_at for _code, _pk, row_published_at in found):
        rows.update(published_at=published_at)
    wanted = [code for code in LANGUAGE_CODES if code != obj.original_language]
    # The original language changed: a translation into it is the original now.
    stale = [pk for code, pk in existing.items() if code not in wanted]
    if stale:
        Translation.objects.filter(pk__in=stale).delete()
        update_released_languages(obj)
    new = [code for code in wanted if code not in existing]
    if not new:
        obj.forget_translations()
        return
    Translation.objects.bulk_create(
        [
            Translation(
                content_type=content_type,
                object_id=obj.pk,
                language=code,
                state=Translation.State.IN_PROGRESS if _has_text_in(obj, code) else Translation.State.MISSING,
                state_changed_at=timezone.now(),
                published_at=published_at,
            )
            for code in new
        ],
        ignore_conflicts=True,
    )
    obj.forget_translations()


def update_released_languages(obj):
    """Copy which translations readers get onto the object, where pages and lists read it."""
    codes = sorted(
        t.language for t in obj.translations.exclude(language=obj.original_language) if t.is_visible_to_readers
    )
    value = "".join(released_marker(code) for code in codes)
    released_changed = value != obj.released_languages
    if released_changed:
        type(obj)._default_manager.filter(pk=obj.pk).update(released_languages=value)
        obj.released_languages = value
    # Also when the release stays: an edit may have filled or emptied a translated field.
    if obj.refresh_readable_in() or released_changed:
        obj.released_languages_changed()
    obj.forget_translations()


def _set_state(translation: Translation, state: str, by):
    translation.state = state
    translation.state_changed_at = timezone.now()
    translation.state_changed_by = by


@transaction.atomic
def record_edit(obj, *, by, affects_translations: bool = True):
    """After `obj` and its parts were saved: begun translations are in progress, and complete ones
    whose original changed are outdated, unless the editor said the change does not affect them
    (a typo fix), in which case they count as made from the corrected original."""
    ensure_translation_rows(obj)
    original = obj.original_texts()
    filled = {key for key, text in original.items() if text}
    for translation in obj.translations.select_for_update().exclude(language=obj.original_language):
        language = translation.language
        done = translation.state in Translation.READABLE_STATES
        if translation.state == Translation.State.MISSING and _has_text_in(obj, language):
            _set_state(translation, Translation.State.IN_PROGRESS, by)
        elif translation.source != original and _only_marked_since(translation.source, original):
            # A text marked the same in every language left the translator's part: nothing to redo,
            # unless the same save emptied a translated field.
            translation.source = original
            if done and not obj.is_complete_in(language):
                _set_state(translation, Translation.State.IN_PROGRESS, by)
        elif translation.state == Translation.State.COMPLETE and translation.source != original:
            # A typo fix leaves the same fields filled; new or emptied text always needs translating.
            harmless = not affects_translations and filled == {k for k, text in translation.source.items() if text}
            if harmless and obj.is_complete_in(language):
                translation.source = original
            else:
                _set_state(translation, Translation.State.OUTDATED, by)
        elif done and translation.source == original and not obj.is_complete_in(language):
            # Someone emptied a translated field: the translation is unfinished again.
            _set_state(translation, Translation.State.IN_PROGRESS, by)
        else:
            continue
        translation.save()
    if not filled:
        _complete_without_translator(obj, by=by)
    update_released_languages(obj)


@transaction.atomic
def record_part_translated(obj, language: str, keys: list[str], *, by):
    """After a translator wrote one part's texts in `language` straight to readers (a live update):
    those texts count as translated from the original as it is now. The translation outdated only
    by such parts is complete again, and stays released if it was."""
    ensure_translation_rows(obj)
    translation = obj.translations.select_for_update().get(language=language)
    original = obj.original_texts()
    # Texts the original no longer has (deleted updates) are nothing left to translate.
    source = {key: text for key, text in translation.source.items() if key in original}
    translation.source = {**source, **{key: original[key] for key in keys if key in original}}
    # An older text waiting for release would overwrite the one readers now get.
    translation.pending = {key: text for key, text in translation.pending.items() if key not in keys}
    if translation.state == Translation.State.MISSING:
        _set_state(translation, Translation.State.IN_PROGRESS, by)
    elif (
        translation.state == Translation.State.OUTDATED
        and translation.source == original
        and obj.is_complete_in(language)
    ):
        _set_state(translation, Translation.State.COMPLETE, by)
    translation.save()
    update_released_languages(obj)
    return translation


def _only_marked_since(source: dict, original: dict) -> bool:
    """The original differs from what was translated only by texts it no longer asks to translate."""
    return source.keys() > original.keys() and all(source[key] == text for key, text in original.items())


def _complete_without_translator(obj, *, by):
    """Nothing is left to translate: every language is complete and released at once, by whoever
    saved, so the object is readable everywhere and never waits in a queue for work nobody has to do."""
    source = obj.original_texts()
    for translation in obj.translations.select_for_update().exclude(language=obj.original_language):
        if translation.pending:
            # Changes to texts the original no longer has: nobody reviews them, and no save
            # (a reporter's) may put them before readers. Nothing else can be pending here.
            translation.pending = {key: text for key, text in translation.pending.items() if source.get(key)}
            translation.save(update_fields=["pending"])
        done = translation.state == Translation.State.COMPLETE and translation.is_released
        if done or not obj.is_complete_in(translation.language):
            continue
        translation.source = source
        _set_state(translation, Translation.State.COMPLETE, by)
        translation.save()
        release(translation, by=by, obj=obj)


def field_label(obj, key: str) -> str:
    """A text's name as the translation page shows it: "Standfirst", "Answer 2"."""
    owner, _sep, name = key.rpartition(".")
    if not owner:
        return str(obj._meta.get_field(name).verbose_name).capitalize()
    related_name, _sep, pk = owner.partition(".")
    parts = list(getattr(obj, related_name).all())
    found = next(((n, part) for n, part in enumerate(parts, start=1) if str(part.pk) == pk), None)
    return part_field_label(found[1], name, found[0]) if found else name


@transaction.atomic
def mark_complete(obj, language: str, *, by, translated_from: dict[str, str] | None = None) -> Translation:
    """The translator says the text in `language` is done. `translated_from` is the original as the
    translator saw it; if it has changed since, the translation is outdated at once."""
    translated = obj.texts_in(language)
    missing = [key for key, text in obj.original_texts().items() if text and is_blank(translated[key])]
    if missing:
        raise ValidationError(
            _("Translate every field before marking the translation complete. Still empty: %(fields)s."),
            params={"fields": ", ".join(field_label(obj, key) for key in missing)},
            code="incomplete",
        )
    ensure_translation_rows(obj)
    translation = obj.translations.select_for_update().get(language=language)
    current = obj.original_texts()
    translation.source = translated_from if translated_from is not None else current
    state = Translation.State.COMPLETE if translation.source == current else Translation.State.OUTDATED
    _set_state(translation, state, by)
    translation.save()
    # Pairs of the original the translator saw: confirmed, even if the original moved on since.
    remember(obj, obj.original_language, language, translation.source, by=by)
    if settings.TRANSLATIONS_RELEASE_AUTOMATICALLY and state == Translation.State.COMPLETE:
        release(translation, by=by, obj=obj)
    update_released_languages(obj)
    return translation


def show_pending(obj, translation: Translation):
    """Put changes not yet released into `obj` and its parts, in memory only: for the translation
    page and its preview. Never save `obj` after this."""
    if translation is None or not translation.pending:
        return {}
    # Cached, so that later prefetches of the parts keep these texts.
    prefetch_related_objects([obj], *obj.translated_parts)
    parts = {
        f"{related_name}.{part.pk}": part
        for related_name in obj.translated_parts
        for part in getattr(obj, related_name).all()
    }
    changed = {}
    for key, text in translation.pending.items():
        owner, _sep, name = key.rpartition(".")
        instance = parts.get(owner) if owner else obj
        if instance is not None:
            setattr(instance, build_localized_fieldname(name, translation.language), text)
            changed.setdefault(instance, []).append(build_localized_fieldname(name, translation.language))
    return changed


def _publish_pending(translation: Translation):
    """The changes waiting for release join the text; the object as now saved, or None if none waited."""
    if not translation.pending:
        return None
    obj = type(translation.content_object)._default_manager.select_for_update().get(pk=translation.object_id)
    for instance, columns in show_pending(obj, translation).items():
        slug = build_localized_fieldname("slug", translation.language)
        if instance is obj and getattr(obj, "slug_source", "") and hasattr(obj, slug):
            columns.append(slug)
        instance.save(update_fields=sorted(set(columns)))
    translation.pending = {}
    return obj


@transaction.atomic
def release(translation: Translation, *, by, obj=None):
    """Let readers have the translation, with any changes made to it since it was last released."""
    # An outdated translation stays with readers if it was released before, but is not released anew.
    if translation.state != Translation.State.COMPLETE:
        raise ValidationError(_("Only a complete translation can be released to readers."), code="not_complete")
    published = _publish_pending(translation)
    obj = obj or translation.content_object
    # "Translated with machine help" while the machine's text is in what readers now get, and no longer.
    translation.machine_translated = machine.still_present(
        translation.machine_translated, (published or obj).texts_in(translation.language).values()
    )
    translation.released_at, translation.released_by = timezone.now(), by
    translation.save(update_fields=["released_at", "released_by", "pending", "machine_translated"])
    update_released_languages(obj)
    update_entity_term(obj)


@transaction.atomic
def withdraw(translation: Translation, *, by, obj=None):
    # Readers no longer see it, so changes waiting for release can join the text now.
    _publish_pending(translation)
    translation.released_at, translation.released_by = None, by
    translation.save(update_fields=["released_at", "released_by", "pending"])
    obj = obj or translation.content_object
    update_released_languages(obj)
    update_entity_term(obj)


@transaction.atomic
def translate_and_release(obj, language: str, *, by) -> Translation:
    """Mark complete and release in one step, as an editor publishing a finished translation does."""
    translation = mark_complete(obj, language, by=by)
    if translation.awaits_release:
        release(translation, by=by, obj=obj)
    elif translation.is_released:
        # Already released, the text typed reached readers with the save: its glossary term follows.
        update_entity_term(obj)
    return translation


def texts_changed_since(obj, translation: Translation, typed: set[str]) -> list[str]:
    """The texts of the original (keys) that `translation` was not made from as they are now,
    leaving out those just `typed` in its language: the part of it nobody has checked."""
    return [
        key
        for key, text in obj.original_texts().items()
        if text and key not in typed and translation.source.get(key) != text
    ]


def _segmented_texts(obj):
    """(instance, field name) of each text translated segment by segment: rich text, and plain
    text readers get as paragraphs."""
    same = set(obj.marked_same())
    instances = [(obj, [n for n in translated_field_names(type(obj)) if n not in same])]
    instances += [
        (part, list(translated_field_names(type(part))))
        for related_name in obj.translated_parts
        for part in getattr(obj, related_name).all()
    ]
    for instance, names in instances:
        for name in names:
            rich = hasattr(instance._meta.get_field(name), "sanitize")
            if rich or name in getattr(type(instance), "translated_in_paragraphs", ()):
                yield instance, name, rich


def has_empty_segments(obj, language: str) -> bool:
    """A text in `language` keeps the original's structure with a paragraph (or heading) empty where
    the original has words: half translated, though the field is not empty. The translation page's
    rule (`incomplete_segments`), for text typed anywhere else."""
    for instance, name, rich in _segmented_texts(obj):
        translated = getattr(instance, build_localized_fieldname(name, language)) or ""
        if not translated.strip():
            continue  # an empty field: `is_complete_in` answers for it
        original = getattr(instance, build_localized_fieldname(name, obj.original_language)) or ""
        texts = segments.cut_like(translated, original, rich=rich)
        if texts is not None and any(not text.strip() for text in texts):
            return True
    return False


@transaction.atomic
def release_typed_translations(obj, typed: dict[str, set[str]], *, by) -> dict[str, str]:
    """`by`, who may release translations, typed text on the object's own form: `typed` gives, per
    language, the texts (keys of `original_texts`) typed. Each language that is now complete, and
    whose every other text was translated from the original as it is now, is marked complete and
    released with that save. Returns, per language, "released"; "incomplete" (a field or one of its
    paragraphs is still empty); "outdated" (texts not typed were translated from an older original,
    or never marked translated: see `texts_changed_since`; the typed text is saved and the state
    kept, for a translator or the editor to finish on the translation page); or "waiting" (changes
    saved on the translation page await release there: the typed text goes to readers with the save,
    and releasing those changes later leaves it as it is, since they are of other texts)."""
    outcomes = {}
    for language, keys in typed.items():
        translation = obj.translation_in(language)
        if translation is None or not obj.is_complete_in(language) or has_empty_segments(obj, language):
            outcomes[language] = "incomplete"
        elif translation.pending:
            outcomes[language] = "waiting"
        elif texts_changed_since(obj, translation, keys):
            # What was typed was typed from the original as it is now: a later save that brings
            # the rest up to date completes the translation.
            original = obj.original_texts()
            translation.source = {**translation.source, **{key: original[key] for key in keys if key in original}}
            translation.save(update_fields=["source"])
            outcomes[language] = "outdated"
        else:
            translate_and_release(obj, language, by=by)
            outcomes[language] = "released"
        obj.forget_translations()
    return outcomes


WORD = re.compile(r"\s+|[\w’'-]+|[^\w\s]", re.UNICODE)


def plain_text(text: str) -> str:
    """Rich text as words: block ends become line breaks, tags go."""
    text = re.sub(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", "\n", text or "")
    return strip_tags(text).strip()


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The words of `after`, marked ("", "ins", "del") against `before`, for an outdated field."""
    old, new = WORD.findall(plain_text(before)), WORD.findall(plain_text(after))
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("", "".join(new[j1:j2])))
            continue
        if op in ("delete", "replace"):
            segments.append(("del", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("ins", "".join(new[j1:j2])))
    return segments
