"""The glossary: how the newsroom says a term in each language, tied to its own entities.

Editors write terms in the admin; the names of organizations, places, sections and tags become
terms when their translation is released (a model names the field with `glossary_name`), and a
name that is the same in every language (a person's) becomes a "do not translate" term at once.
The side-by-side page lists the terms found in each segment, and a save whose translation leaves
out a term's required translation gets a warning, never a refusal: inflection and rephrasing are
the translator's call. Terms made from generic names (sections, tags) are hints only.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from modeltranslation.utils import build_localized_fieldname

from .memory import plain
from .models import LANGUAGE_CODES, GlossaryTerm, TranslatableModel, is_blank, translated_field_names

# Hyphenated compounds are one word; an apostrophe ends one ("Nissan's" holds "Nissan").
WORD = re.compile(r"\w+(?:-\w+)*")


def words(text: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in WORD.findall(text or ""))


@dataclass(frozen=True)
class FoundTerm:
    pk: int
    source: str  # the term as the glossary writes it in the original's language
    target: str  # what the translation should say: the same for a term not to be translated
    do_not_translate: bool
    note: str
    # A term made from a generic name (a section's or tag's "Training") is a hint beside the
    # segment, never a warning: the same word in running text rarely means the section.
    warns: bool = True


class Glossary:
    """The terms of one language pair, indexed by their first word so that a segment is read once,
    however many terms there are."""

    def __init__(self, terms: list[FoundTerm]):
        self.by_first_word: dict[str, list[tuple[tuple[str, ...], FoundTerm]]] = {}
        for term in terms:
            key = words(term.source)
            if key:
                self.by_first_word.setdefault(key[0], []).append((key, term))
        for candidates in self.by_first_word.values():
            # The longest first: "Nissan Mexicana" before "Nissan".
            candidates.sort(key=lambda candidate: -len(candidate[0]))

    def find(self, text: str) -> list[FoundTerm]:
        """The terms in `text` (a segment's HTML or words), each once, in reading order. Words match
        case-insensitively and whole; where terms overlap, the longest wins."""
        found, tokens, position = {}, words(plain(text)), 0
        while position < len(tokens):
            step = 1
            for key, term in self.by_first_word.get(tokens[position], ()):
                if tokens[position : position + len(key)] == key:
                    found.setdefault(term.pk, term)
                    step = len(key)
                    break
            position += step
        return list(found.values())


def load(source_language: str, target_language: str) -> Glossary:
    """The terms usable from `source_language` into `target_language`, in one query."""
    source = build_localized_fieldname("text", source_language)
    target = build_localized_fieldname("text", target_language)
    rows = (
        GlossaryTerm.objects.exclude(Q(**{f"{source}__isnull": True}) | Q(**{source: ""}))
        .filter(Q(do_not_translate=True) | (Q(**{f"{target}__isnull": False}) & ~Q(**{target: ""})))
        .values_list("pk", source, target, "do_not_translate", "note", "content_type_id")
    )
    hints_only = hint_only_content_types()
    return Glossary(
        [
            FoundTerm(
                pk, text, text if do_not_translate else translation, do_not_translate, note, kind not in hints_only
            )
            for pk, text, translation, do_not_translate, note, kind in rows
        ]
    )


def hint_only_content_types() -> set[int]:
    """The kinds of entity whose terms only hint (`glossary_hint_only`); from ContentType's cache."""
    models = [model for model in entity_models() if getattr(model, "glossary_hint_only", False)]
    return {content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()}


def is_rendered(required: str, translation: str) -> bool:
    """`translation` says `required`: its words in order, case-insensitively, each allowed to go on
    as an inflected form does in German ("Werk" in "Werkes", "japanische" in "japanischen")."""
    wanted, said = words(required), words(plain(translation))
    if not wanted:
        return True
    return any(
        all(said[start + offset].startswith(word) for offset, word in enumerate(wanted))
        for start in range(len(said) - len(wanted) + 1)
    )


def missing_terms(glossary: Glossary, pairs) -> list[tuple[str, FoundTerm]]:
    """(label, term) for each term an original segment holds and its translation leaves out.
    `pairs` are (label, original, translation); an untranslated segment is not checked."""
    missing = []
    for label, original, translation in pairs:
        if not plain(translation):
            continue
        missing += [
            (label, term)
            for term in glossary.find(original)
            if term.warns and not is_rendered(term.target, translation)
        ]
    return missing


# Automatic terms from the newsroom's entities


def name_field(model) -> str:
    return getattr(model, "glossary_name", "")


def name_fields(model) -> tuple[str, ...]:
    """Each name of the entity that makes a term: its name, and others a model lists in
    `glossary_names` (an organization's short name, "JICA", is how articles mostly say it)."""
    return getattr(model, "glossary_names", None) or ((name_field(model),) if name_field(model) else ())


def is_same_in_every_language(obj, name: str | None = None) -> bool:
    """A name that is not translated at all (a person's), or that the editor marked as the same in
    every language (a proper noun), where the model has that mark."""
    name = name or name_field(type(obj))
    # `marked_same` comes with the mark "the same in every language"; a model without it has none.
    marked = getattr(obj, "marked_same", None)
    return name not in translated_field_names(type(obj)) or (callable(marked) and name in marked())


def entity_texts(obj, name: str | None = None) -> dict[str, str]:
    """The entity's name in its original and in each language readers get it in."""
    name = name or name_field(type(obj))
    if name not in translated_field_names(type(obj)):
        value = getattr(obj, name) or ""
        return dict.fromkeys(LANGUAGE_CODES, value) if value else {}
    original = getattr(obj, build_localized_fieldname(name, obj.original_language)) or ""
    if not original:
        return {}
    if is_same_in_every_language(obj, name):
        return dict.fromkeys(LANGUAGE_CODES, original)
    return {
        code: value
        for code in LANGUAGE_CODES
        if obj.is_readable_in(code) and not is_blank(value := getattr(obj, build_localized_fieldname(name, code)))
    }


def update_entity_term(obj, *, do_not_translate: bool | None = None) -> GlossaryTerm | None:
    """Make or update the terms of an entity's names: a pair once a translation of a name reaches
    readers, "do not translate" where the name is the same in every language. A name with no other
    language yet makes no term. Returns the term of its (main) name."""
    if not name_field(type(obj)) or obj.pk is None:
        return None
    content_type = ContentType.objects.get_for_model(obj)
    terms = {
        name: _update_term(obj, name, content_type, do_not_translate=do_not_translate)
        for name in name_fields(type(obj))
    }
    return terms.get(name_field(type(obj)))


def _update_term(obj, name: str, content_type, *, do_not_translate: bool | None = None) -> GlossaryTerm | None:
    texts = entity_texts(obj, name)
    mine = GlossaryTerm.objects.filter(content_type=content_type, object_id=obj.pk, entity_field=name)
    if len(texts) < 2:
        # Withdrawn, or never translated: the glossary keeps no pair readers do not have.
        mine.delete()
        return None
    values = {build_localized_fieldname("text", code): texts.get(code) for code in LANGUAGE_CODES}
    values["text"] = texts.get(obj.original_language) or next(iter(texts.values()))
    same = len(set(texts.values())) == 1
    values["do_not_translate"] = same if do_not_translate is None else do_not_translate and same
    term, _created = GlossaryTerm.objects.update_or_create(
        content_type=content_type, object_id=obj.pk, entity_field=name, defaults=values
    )
    return term


def entity_saved(sender, instance, raw=False, **kwargs):
    """Names the same in every language need no release: their term follows each save."""
    if raw or not isinstance(instance, TranslatableModel) or not name_field(sender):
        return
    content_type = ContentType.objects.get_for_model(instance)
    marked_off = None
    for name in name_fields(sender):
        if is_same_in_every_language(instance, name):
            _update_term(instance, name, content_type)
            continue
        if marked_off is None:
            # One query for all of the entity's names, and only where one may have lost its mark.
            marked_off = set(
                GlossaryTerm.objects.filter(
                    content_type=content_type, object_id=instance.pk, do_not_translate=True
                ).values_list("entity_field", flat=True)
            )
        if name in marked_off:
            # The mark taken off: the name is to be translated after all. Until a translation of it
            # is released (which sets the term anew), the term pairs the names readers have.
            _update_term(instance, name, content_type, do_not_translate=False)


def entity_deleted(sender, instance, **kwargs):
    if isinstance(instance, TranslatableModel) and name_field(sender):
        GlossaryTerm.objects.filter(
            content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
        ).delete()


def entity_models():
    return [model for model in apps.get_models() if issubclass(model, TranslatableModel) and name_field(model)]


def rebuild_entity_terms() -> int:
    """Make every entity's terms anew from its names (the `rebuild_glossary` command); returns how
    many exist."""
    for model in entity_models():
        for obj in model._default_manager.iterator():
            update_entity_term(obj)
    return GlossaryTerm.objects.filter(content_type__isnull=False).count()
