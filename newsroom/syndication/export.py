"""The published archive in one language as ninjs JSON Lines: one document a line, newest first, for
a partner's first sync or an archive's copy. Read in batches by publish time (the newest-first
index), each batch with what its documents name fetched at once, so that memory stays the same
from a hundred articles to a million."""

import json
from collections.abc import Iterator

from django.db.models import Q
from django.utils import timezone

from . import ninjs
from .documents import readable_articles

BATCH = 500


def documents(language: str, base_url: str, version: str = ninjs.VERSION) -> Iterator[dict]:
    """Every document, newest first, a batch at a time (keyset: no OFFSET to grow with the archive),
    of what was published when the export began: an article published meanwhile waits for the next."""
    after, started = None, timezone.now()
    while True:
        batch = readable_articles(language, started).order_by("-published_at", "-pk")
        if after:
            published_at, pk = after
            # The first condition alone is what the newest-first index starts from; without it each
            # batch read every newer row again (20 ms a batch 20,000 rows in, growing).
            batch = batch.filter(published_at__lte=published_at).filter(
                Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk)
            )
        batch = list(batch[:BATCH])
        if not batch:
            return
        for article in batch:
            item = ninjs.document(article, language, base_url)
            yield ninjs.to_v3(item) if version.startswith("3") else item
        after = (batch[-1].published_at, batch[-1].pk)


def write_lines(stream, language: str, base_url: str, version: str = ninjs.VERSION) -> int:
    """Write the documents to `stream`, one JSON a line; how many."""
    count = 0
    for item in documents(language, base_url, version):
        stream.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count
