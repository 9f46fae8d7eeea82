"""The translation memory: every confirmed pair of segments is remembered, and a segment that is the
same as or close to a remembered original is offered its earlier translation.

Pairs are recorded when a translation is marked complete (`remember`), from the original the
translator saw and the text they confirmed, segment by segment; a draft's too, which its
translator needs again. Who reads a pair is decided on reading (`hidden_entries`): only who may see
its text in the admin, so an embargoed draft's sentences do not reach colleagues who may not read
it, and a deleted text's pairs go with it (`forget`). Lookups (`suggestions`) answer all
the segments of a page in one query: the same words by their hash, else the most similar original
among the candidates that share a band of its MinHash sketch (locality-sensitive hashing of its
words), ranked by trigram similarity on PostgreSQL (pg_trgm) and by difflib on SQLite.

Why bands rather than pg_trgm's GIN index alone: a sentence shares a third or more of its trigrams
with thousands of unrelated ones (" th", "the", "ing"), so at 100,000 entries the index hands each
lookup ~20,000 rows to recheck, seconds per page. The bands hand it a few.
"""

import difflib
import hashlib
import random
import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst

from . import segments
from .models import MemoryBand, MemoryEntry, TranslatableModel, Translation

# Below this similarity an earlier translation costs more to adapt than to write anew.
CLOSE_ENOUGH = 0.5
LETTER = re.compile(r"[^\W\d_]")
WORD = re.compile(r"\w+")
# The sketch: BANDS bands of ROWS minimum hashes of the original's word pairs ("will hire", "hire
# 300"). Two originals whose word pairs overlap by half (Jaccard 0.5: two words changed in twenty
# gives 0.65) share a band with probability 1 - (1 - 0.5**3)**12 = 80 %, at 0.7 with 99 %. Pairs
# rather than words: unrelated sentences share frequent words, seldom the same pairs of them.
BANDS, ROWS = 12, 3
MERSENNE = (1 << 61) - 1
_seeds = random.Random(15)
HASHES = [(_seeds.randrange(1, MERSENNE), _seeds.randrange(MERSENNE)) for _ in range(BANDS * ROWS)]


def plain(html: str) -> str:
    """A segment's words: no markup, entities read, whitespace collapsed."""
    return " ".join(unescape(strip_tags(html or "")).split())


def words_hash(words: str) -> str:
    return hashlib.sha256(words.encode()).hexdigest()


def bands(words: str, source_language: str, target_language: str) -> list[int]:
    """The MinHash bands of an original's word pairs, each a signed 64-bit number that also names
    the band's position and the language pair."""
    found = WORD.findall(words.casefold())
    content = {f"{one} {other}" for one, other in zip(found, found[1:], strict=False)} or set(found)
    if not content:
        return []
    values = [int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest()) for word in content]
    minimums = [min((a * value + b) % MERSENNE for value in values) for a, b in HASHES]
    return [
        int.from_bytes(
            hashlib.blake2b(
                f"{source_language}>{target_language}:{band}:{minimums[band * ROWS : (band + 1) * ROWS]}".encode(),
                digest_size=8,
            ).digest(),
            signed=True,
        )
        for band in range(BANDS)
    ]


@dataclass(frozen=True)
class Suggestion:
    text: str  # the remembered translation, as stored (a segment's inner HTML or a short text)
    similarity: float  # 1.0 for the same words
    origin_label: str
    origin_url: str
    field_label: str
    translated_by: str
    confirmed_at: datetime

    @property
    def percent(self) -> int:
        # Never "100 %" for a close match that merely rounds up.
        return 100 if self.similarity >= 1 else min(99, round(self.similarity * 100))

    @property
    def is_exact(self) -> bool:
        return self.similarity >= 1


def _worth_remembering(source_words: str, target_words: str) -> bool:
    # Numbers and dates need no memory, and a text left as it was (a name) is the glossary's business.
    return bool(LETTER.search(source_words)) and bool(target_words) and source_words != target_words


def pairs(source: dict[str, str], translated: dict[str, str]):
    """(field key, original segment, translated segment) of each text, aligned by position where
    both sides have as many segments; a field whose segments do not line up is left out."""
    for key, original in source.items():
        if not original or not translated.get(key):
            continue
        before, after = segments.split(original), segments.split(translated[key])
        if len(before) != len(after):
            continue
        for one, other in zip(before, after, strict=True):
            yield key, one.html, other.html


def remember(obj, source_language: str, target_language: str, source: dict[str, str], *, by) -> int:
    """Record the confirmed pairs of `obj`'s translation; `source` is the original the translation
    was made from. Re-confirming a pair updates where it was found, not who translated it or when.
    Returns the number of pairs written."""
    translated = obj.texts_in(target_language)
    content_type = ContentType.objects.get_for_model(obj)
    now = timezone.now()
    entries = {}
    for key, original, translation in pairs(source, translated):
        source_words, target_words = plain(original), plain(translation)
        if not _worth_remembering(source_words, target_words):
            continue
        entry = MemoryEntry(
            source_language=source_language,
            target_language=target_language,
            source_text=original,
            source_plain=source_words,
            target_text=translation,
            source_hash=words_hash(source_words),
            target_hash=words_hash(target_words),
            content_type=content_type,
            object_id=obj.pk,
            origin_label=str(obj)[:300],
            field_key=key,
            translated_by=by if getattr(by, "pk", None) else None,
            confirmed_at=now,
        )
        # One statement may not update the same row twice: the last of equal pairs wins.
        entries[(entry.source_hash, entry.target_hash)] = entry
    if entries:
        stored = MemoryEntry.objects.bulk_create(
            entries.values(),
            update_conflicts=True,
            unique_fields=["source_language", "target_language", "source_hash", "target_hash"],
            update_fields=[
                "source_text",
                "target_text",
                "content_type",
                "object_id",
                "origin_label",
                "field_key",
                # Not who or when: re-confirming an identical pair (an editor releasing, a second
                # completion) keeps the credit of whoever first translated it.
            ],
        )
        store_bands(stored)
    return len(entries)


def store_bands(entries: list[MemoryEntry]) -> None:
    """The bands of entries just written; an updated entry's words are unchanged, so are its bands."""
    # bulk_create with update_conflicts does not return every id on each database: ask by hash.
    keys = {(e.source_language, e.target_language, e.source_hash, e.target_hash) for e in entries}
    query = Q()
    for source_language, target_language, source_hash, target_hash in keys:
        query |= Q(
            source_language=source_language,
            target_language=target_language,
            source_hash=source_hash,
            target_hash=target_hash,
        )
    rows = MemoryEntry.objects.filter(query).exclude(bands__isnull=False)
    MemoryBand.objects.bulk_create(
        MemoryBand(entry_id=pk, band=band)
        for pk, words, source_language, target_language in rows.values_list(
            "pk", "source_plain", "source_language", "target_language"
        )
        for band in bands(words, source_language, target_language)
    )


COLUMNS = (
    "m.target_text, ct.app_label, ct.model, m.object_id, m.origin_label, m.field_key, m.confirmed_at, "
    # A colleague by their name, their login only when they gave none (as the admin names them).
    "COALESCE(NULLIF(TRIM(CONCAT(u.first_name, ' ', u.last_name)), ''), u.username)"
)
# One statement for all segments: each takes the newest entry with the same words, or else the most
# similar of the entries that share a band with it, at or above the threshold.
POSTGRESQL_LOOKUP = f"""
SELECT q.n, found.score, {COLUMNS}
FROM unnest(%(words)s::text[], %(hashes)s::text[], %(bands)s::text[]) WITH ORDINALITY AS q(words, hash, bands, n)
CROSS JOIN LATERAL (
    (SELECT e.id, 1.0::float AS score FROM translations_memoryentry e
     WHERE e.source_language = %(source)s AND e.target_language = %(target)s AND e.source_hash = q.hash
       {{hidden}}
     ORDER BY e.confirmed_at DESC LIMIT 1)
    UNION ALL
    (SELECT e.id, similarity(e.source_plain, q.words)::float FROM translations_memoryentry e
     WHERE e.id IN (
         SELECT b.entry_id FROM translations_memoryband b
         WHERE b.band = ANY(string_to_array(q.bands, ',')::bigint[])
       )
       AND similarity(e.source_plain, q.words) >= %(threshold)s
       {{hidden}}
     ORDER BY 2 DESC, e.confirmed_at DESC LIMIT 1)
    LIMIT 1
) found
JOIN translations_memoryentry m ON m.id = found.id
LEFT JOIN auth_user u ON u.id = m.translated_by_id
LEFT JOIN django_content_type ct ON ct.id = m.content_type_id
"""


def hidden_entries(user) -> Q | None:
    """The entries from texts `user` may not see in the admin (a draft, for who only translates)
    unless a translation of the text is assigned to them, as the translation queue hides them; None
    where they see every text. A condition on each entry: no query of its own, and no reading of
    the whole memory to exclude a few."""
    hidden = None
    for model in apps.get_models():
        if not issubclass(model, TranslatableModel):
            continue
        hidden_from = getattr(model._default_manager.all(), "hidden_in_admin_from", None)
        objects = hidden_from(user) if hidden_from else None
        if objects is None:
            continue
        assigned = Translation.objects.for_model(model).filter(assigned_to=user).values("object_id")
        condition = Q(content_type=ContentType.objects.get_for_model(model), object_id__in=objects.values("pk")) & ~Q(
            object_id__in=assigned
        )
        hidden = condition if hidden is None else hidden | condition
    return hidden


def _condition_sql(hidden: Q, params: dict) -> str:
    """`hidden` excluded, as SQL on the lookup's entries `e`, its parameters named into `params`."""
    query = MemoryEntry.objects.exclude(hidden).query
    sql, values = query.where.as_sql(query.get_compiler(connection=connection), connection)
    table = connection.ops.quote_name(MemoryEntry._meta.db_table)
    pieces = sql.replace(f"{table}.", "e.").split("%s")
    if len(pieces) != len(values) + 1:
        raise ValueError("A parameter marker in the condition's SQL itself.")
    named = pieces[0]
    for value, piece in zip(values, pieces[1:], strict=True):
        name = f"hidden{len(params)}"
        params[name] = value
        named += f"%({name})s{piece}"
    return f"AND {named}"


def forget(sender, instance, **kwargs):
    """A deleted text's pairs go with it: its words are not offered to anyone any more."""
    if isinstance(instance, TranslatableModel):
        MemoryEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
        ).delete()


def _origin_url(app_label, model, object_id) -> str:
    """The admin page of the text a pair came from; named in the query, so no model is loaded."""
    if not app_label or object_id is None:
        return ""
    try:
        return reverse(f"admin:{app_label}_{model}_change", args=[object_id])
    except NoReverseMatch:
        return ""


def _field_label(app_label, model, key: str) -> str:
    """ "Body", "Answer": the name of the field a pair came from, or its key if that is gone."""
    try:
        model_class = apps.get_model(app_label, model)
        owner, _sep, name = key.rpartition(".")
        if owner:
            # A part's field ("exchanges.12.answer"): the related model's.
            model_class = model_class._meta.get_field(owner.partition(".")[0]).related_model
        return capfirst(model_class._meta.get_field(name).verbose_name)
    except (LookupError, FieldDoesNotExist, AttributeError):
        return key


def _suggestion(score, target_text, app_label, model, object_id, origin_label, field_key, confirmed_at, username):
    return Suggestion(
        text=target_text,
        similarity=float(score),
        origin_label=origin_label,
        origin_url=_origin_url(app_label, model, object_id),
        field_label=_field_label(app_label, model, field_key) if app_label else field_key,
        translated_by=username or "",
        confirmed_at=confirmed_at,
    )


def suggestions(texts: list[str], source_language: str, target_language: str, *, user) -> list[Suggestion | None]:
    """For each text (a segment's HTML or a short text), the best remembered translation from a
    text `user` may see, or None. One query for all of them."""
    words = [plain(text) for text in texts]
    result: list[Suggestion | None] = [None] * len(texts)
    wanted = [n for n, w in enumerate(words) if LETTER.search(w)]
    if not wanted:
        return result
    if connection.vendor == "postgresql":
        found = _postgresql(words, wanted, source_language, target_language, hidden_entries(user))
    else:
        found = _elsewhere(words, wanted, source_language, target_language, hidden_entries(user))
    for n, suggestion in found.items():
        result[n] = suggestion
    return result


def _postgresql(words, wanted, source_language, target_language, hidden=None) -> dict[int, Suggestion]:
    params = {
        "words": [words[n] for n in wanted],
        "hashes": [words_hash(words[n]) for n in wanted],
        "bands": [",".join(map(str, bands(words[n], source_language, target_language))) for n in wanted],
        "source": source_language,
        "target": target_language,
        "threshold": CLOSE_ENOUGH,
    }
    condition = "" if hidden is None else _condition_sql(hidden, params)
    with connection.cursor() as cursor:
        cursor.execute(POSTGRESQL_LOOKUP.replace("{hidden}", condition), params)
        rows = cursor.fetchall()
    return {wanted[ordinal - 1]: _suggestion(*row) for ordinal, *row in rows}


def _elsewhere(words, wanted, source_language, target_language, hidden=None) -> dict[int, Suggestion]:
    """SQLite: the same words by hash, else the closest (difflib) of the entries sharing a band."""
    hashes = {words_hash(words[n]): n for n in wanted}
    sketch = {band for n in wanted for band in bands(words[n], source_language, target_language)}
    pair = MemoryEntry.objects.filter(source_language=source_language, target_language=target_language)
    if hidden is not None:
        pair = pair.exclude(hidden)
    entries = list(
        pair.filter(Q(source_hash__in=hashes) | Q(pk__in=MemoryBand.objects.filter(band__in=sketch).values("entry")))
        .select_related("translated_by", "content_type")
        .order_by("-confirmed_at")
    )
    found = {}
    for entry in entries:
        n = hashes.get(entry.source_hash)
        if n is not None and n not in found:
            found[n] = (1.0, entry)
    for n in wanted:
        if n in found:
            continue
        best, best_score = None, CLOSE_ENOUGH
        matcher = difflib.SequenceMatcher(b=words[n].casefold(), autojunk=False)
        for entry in entries:
            matcher.set_seq1(entry.source_plain.casefold())
            if matcher.real_quick_ratio() < best_score or matcher.quick_ratio() < best_score:
                continue
            score = matcher.ratio()
            if score > best_score or (best is None and score >= best_score):
                best, best_score = entry, score
        if best is not None:
            found[n] = (best_score, best)
    return {
        n: _suggestion(
            score,
            entry.target_text,
            entry.content_type.app_label if entry.content_type else "",
            entry.content_type.model if entry.content_type else "",
            entry.object_id,
            entry.origin_label,
            entry.field_key,
            entry.confirmed_at,
            (entry.translated_by.get_full_name() or entry.translated_by.username) if entry.translated_by else "",
        )
        for n, (score, entry) in found.items()
    }
