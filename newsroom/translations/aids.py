"""What helps a translator with one row of the side-by-side page: the translation memory's
suggestion and the glossary's terms found in the original.

The page calls `attach` once with all its rows, so the aids cost a fixed number of queries
however long the text is: one for the memory, one for the glossary.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import glossary, memory
from .forms import segment_key
from .memory import plain


def attach(rows: list[dict], source_language: str, target_language: str, *, user) -> None:
    """Give each row that still needs work (`row["needs_work"]`) its aids, in place:
    `row["suggestion"]` (a remembered translation of the same or a close original, or None) and
    `row["terms"]` (glossary terms in the row's original, with their translations). Suggestions
    come from texts `user` may see only: a draft's sentences stay with those who may read it."""
    for row in rows:
        row.setdefault("suggestion", None)
        row.setdefault("terms", [])
    wanted = [row for row in rows if row.get("needs_work") and row.get("original")]
    if not wanted:
        return
    found = memory.suggestions([row["original"] for row in wanted], source_language, target_language, user=user)
    terms = glossary.load(source_language, target_language)
    for row, suggestion in zip(wanted, found, strict=True):
        row["suggestion"] = suggestion
        row["terms"] = terms.find(row["original"])


# One message however many segments miss terms: more would push the save's outcome off the page.
SHOWN_WARNINGS = 5


def changed_segments(form) -> list[tuple[str, str, str]]:
    """(label, original, new translation) of each text or segment the save changed: a segment typed
    differently from what the page showed, lined up by the form's own plan, never by counting. An
    input left empty is not translated yet, so is not among them."""
    pairs = []
    for unit, translated in form.changed_units:
        plan = form.plans.get(unit.key)
        if plan is None:
            if plain(translated):
                pairs.append((unit.label, form.seen.get(unit.key, unit.value_in(form.original)), translated))
            continue
        for number, aligned in enumerate(plan, start=1):
            typed = (form.cleaned_data.get(segment_key(unit.key, number)) or "").strip()
            # By words: markup the sanitizer tidied, or a link changed, adds no term to check.
            if plain(typed) and plain(typed) != plain(aligned.translation):
                pairs.append((f"{unit.label} · {number}", aligned.original.html, typed))
    return pairs


def glossary_warnings(form) -> list[str]:
    """One warning naming the segments this save changed whose translation leaves out a glossary
    term their original holds, the first few in full; none when every term is used."""
    pairs = changed_segments(form)
    if not pairs:
        return []
    missing = glossary.missing_terms(glossary.load(form.original, form.language), pairs)
    if not missing:
        return []
    shown = [
        (
            _("%(segment)s: the glossary keeps “%(term)s” as it is")
            if term.do_not_translate
            else _("%(segment)s: the glossary translates “%(term)s” as “%(translation)s”")
        )
        % {"segment": label, "term": term.source, "translation": term.target}
        for label, term in missing[:SHOWN_WARNINGS]
    ]
    more = len(missing) - len(shown)
    if more:
        shown.append(ngettext("and %(count)d more", "and %(count)d more", more) % {"count": more})
    return [
        _("Glossary terms the new translation does not use (inflected forms count): %(list)s.")
        % {"list": "; ".join(shown)}
    ]
