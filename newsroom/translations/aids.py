"""What helps a translator with one row of the side-by-side page: the translation memory's
suggestion and the glossary's terms found in the original.

The page calls `attach` once with all its rows, so the aids cost a fixed number of queries
however long the text is: one for the memory, one for the glossary.
"""

from django.utils.translation import gettext as _

from . import glossary, memory, segments


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


def glossary_warnings(changed, source_language: str, target_language: str) -> list[str]:
    """A warning for each glossary term an original segment holds and its new translation leaves
    out. `changed` is (unit, translated text) of each field the save changed."""
    pairs = []
    for unit, translated in changed:
        original = unit.value_in(source_language)
        before, after = segments.split(original), segments.split(translated)
        if len(before) == len(after) and len(before) > 1:
            pairs += [
                (f"{unit.label} · {number}", one.html, other.html)
                for number, (one, other) in enumerate(zip(before, after, strict=True), start=1)
            ]
        else:
            pairs.append((unit.label, original, translated))
    missing = glossary.missing_terms(glossary.load(source_language, target_language), pairs) if pairs else []
    return [
        _("%(segment)s: the glossary translates “%(term)s” as “%(translation)s”, which the translation does not use.")
        % {"segment": label, "term": term.source, "translation": term.target}
        for label, term in missing
    ]
