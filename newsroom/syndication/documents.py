"""Stored ninjs documents follow their articles. `reconcile(ids)` — run by the worker seconds after
a change commits — builds each article's document in every language it is readable in and compares
it with the stored one: a new text becomes the next `version`, an article that left readers gets the
canceled stub, and each real change is said once, as `document_changed`, for webhooks to announce.

Run twice, the second run finds the digests stored and says nothing: a task run again after a
killed worker announces no change twice.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Min
from django.dispatch import Signal
from django.utils import timezone

from newsroom.articles.models import Article, Correction
from newsroom.images.models import licence_end
from newsroom.translations.models import LANGUAGE_CODES

from . import ninjs
from .models import PublishedDocument

# Links in stored documents start with this, which the host that serves them replaces (`on_site`):
# the same document serves the API on any host, and webhooks with SITE_URL. ".invalid" is reserved
# (RFC 2606): no real link starts so.
SITE = "https://newsroom.invalid"
BATCH = 200

# What partners are told, by `kind`: (document: PublishedDocument, kind: str).
document_changed = Signal()
PUBLISHED = "published"
TRANSLATION_RELEASED = "translation_released"
UPDATED = "updated"
CORRECTED = "corrected"
UNPUBLISHED = "unpublished"
KINDS = frozenset({PUBLISHED, UPDATED, CORRECTED, UNPUBLISHED, TRANSLATION_RELEASED})
# Whether the article is before readers at all: said even of a change to thousands at once.
COMINGS_AND_GOINGS = frozenset({PUBLISHED, UNPUBLISHED, TRANSLATION_RELEASED})
# Times that move with every version: not part of what is compared.
MOVING = ("version", "firstcreated", "versioncreated")


@dataclass
class Outcome:
    changes: list[tuple[int, str, str]] = field(default_factory=list)  # (article id, language, kind)
    # Articles not before readers yet that will be at a known time (scheduled; a note to come).
    due: dict[int, object] = field(default_factory=dict)


def readable_articles(language: str, at=None):
    """What readers of `language` read in it at `at` (default now), with what a document names."""
    return (
        Article.objects.published(at=at)
        .readable_in(language)
        .select_related("section", "series", "dateline")
        .with_shown_image(at)
        .with_bylines()
        .prefetch_related(
            "organizations", "people", "places", "events", "tags", "exchanges", "corrections", "live_updates"
        )
    )


def on_site(text: str, base_url: str) -> str:
    return text.replace(SITE, base_url.rstrip("/"))


def reconcile(article_ids, *, announce=KINDS) -> Outcome:
    """Bring the stored documents of these articles up to what readers get now, saying the changes
    of the kinds in `announce`: a renamed organization's 10,000 articles take their next versions
    with COMINGS_AND_GOINGS only (partners resync with `since`), the archive's first documents
    with none."""
    outcome = Outcome()
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            _reconcile(ids[start : start + BATCH], outcome, announce)
    return outcome


def _reconcile(ids, outcome: Outcome, announce) -> None:
    # The articles' rows first: two workers reconciling the same new article would otherwise both
    # find no document and both insert one. The second waits, then finds the first's.
    list(Article.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    stored = {
        (row.article_id, row.language): row
        for row in PublishedDocument.objects.select_for_update().filter(article_id__in=ids).order_by("pk")
    }
    # Whether each language was before readers when this run began: a language joining a live
    # original is a translation released; both joining at once, the article is published.
    was_visible = {key for key, row in stored.items() if row.is_visible}
    for language in LANGUAGE_CODES:
        readable = {article.pk: article for article in readable_articles(language, now).filter(pk__in=ids)}
        for pk in ids:
            row = stored.get((pk, language))
            if pk in readable:
                row = stored[(pk, language)] = row or PublishedDocument(article_id=pk, language=language)
                kind = _refresh(row, readable[pk], (pk, readable[pk].original_language) in was_visible, now)
            elif row is not None and row.is_visible:
                kind = _cancel(row, now)
            else:
                continue
            if kind:
                outcome.changes.append((pk, language, kind))
            if kind in announce:
                document_changed.send(sender=PublishedDocument, document=row, kind=kind)
    outcome.due.update(_due(ids, now))


def _refresh(row, article, original_was_visible: bool, now) -> str | None:
    item = ninjs.document(article, row.language, SITE)
    digest = hashlib.sha256(canonical({k: v for k, v in item.items() if k not in MOVING}).encode()).hexdigest()
    if row.is_visible and row.digest == digest:
        return None
    if row.is_visible:
        kind = CORRECTED if _notes(item) > _notes(json.loads(row.document)) else UPDATED
    elif row.language == article.original_language or not original_was_visible:
        kind = PUBLISHED
    else:
        kind = TRANSLATION_RELEASED
    row.version += 1
    row.digest = digest
    row.is_visible, row.canceled_at = True, None
    row.first_created_at = row.first_created_at or article.published_at
    row.version_created_at = now
    item |= {
        "version": str(row.version),
        "firstcreated": ninjs.timestamp(row.first_created_at),
        "versioncreated": ninjs.timestamp(now),
    }
    row.document = canonical(item)
    row.save()
    return kind


def _cancel(row, now) -> str:
    article = row.article
    item = ninjs.stub(article, row.language) | {"version": str(row.version + 1), "versioncreated": ninjs.timestamp(now)}
    row.version += 1
    row.digest = ""
    row.is_visible, row.canceled_at = False, now
    row.version_created_at = now
    row.document = canonical(item)
    row.save()
    return UNPUBLISHED


def _notes(item: dict) -> int:
    """How many correction and update notes a document shows."""
    return sum(1 for description in item.get("descriptions", []) if description["role"] != "summary")


def _due(ids, now) -> dict:
    """When articles among `ids` next change for readers on their own: a scheduled publication,
    a correction note shown from a later time, the end of the lead image's licence (the document
    then loses the picture)."""
    due = dict(Article.objects.scheduled(at=now).filter(pk__in=ids).values_list("pk", "published_at"))
    notes = (
        Correction.objects.filter(article_id__in=ids, published_at__gt=now)
        .values("article_id")
        .annotate(first=Min("published_at"))
    )
    changes = [(note["article_id"], note["first"]) for note in notes]
    last_days = Article.objects.filter(pk__in=ids, image__licence_last_day__gte=timezone.localdate(now)).values_list(
        "pk", "image__licence_last_day"
    )
    changes += [(pk, licence_end(last_day)) for pk, last_day in last_days]
    for pk, when in changes:
        due[pk] = min(due.get(pk, when), when)
    return due


def canonical(item: dict) -> str:
    return json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
