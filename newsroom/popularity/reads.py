"""Counting article reads per language and day, without cookies, IP addresses or a write per request.

Each process adds reads up in memory and writes them with one upsert at the first read after its
oldest read has waited POPULARITY_FLUSH_SECONDS, when it holds many articles, and when the process
exits. Reads held by a process that is killed outright (SIGKILL, a crash) are lost: those since its
last flush, which for a busy worker is about one interval and for an idle one may be more.
Nothing about the reader is kept: not their address, not a cookie, only the article, the page's
language and the day.
"""

import datetime
import logging
import threading
import time
from collections import Counter

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.utils import timezone

from .models import ReadCount

logger = logging.getLogger(__name__)

Key = tuple[int, str, datetime.date]  # article id, language, day

# Written at once when this many (article, language, day) keys wait, however young the oldest is.
MAX_KEYS = 500
# Counts older than this are deleted, by the first flush of each day in each process.
KEEP_DAYS = 30
# Headers browsers send with a page fetched ahead of a click that may never come (Chrome's
# speculation rules send Sec-Purpose, older Chrome Purpose, Safari X-Purpose, Firefox X-Moz).
PREFETCH_HEADERS = ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")

# CrawlerDetect's ~1,500 patterns (bots, crawlers, link previewers, headless browsers, HTTP
# libraries); it keeps the answers for the last 1,024 user agents it saw.
crawlers = CrawlerDetect()


def is_read(request) -> bool:
    """A person reading the page: a GET (not a HEAD), by a browser that is not a robot, not a
    prefetch, not a preview, and not someone from the newsroom checking their work."""
    if request.method != "GET" or getattr(request, "preview", None) is not None:
        return False
    if any(request.headers.get(name) for name in PREFETCH_HEADERS):
        return False
    user_agent = request.headers.get("User-Agent", "").strip()
    if not user_agent or crawlers.is_crawler(user_agent):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_staff)


class ReadBuffer:
    """Reads not yet written, shared by the threads of one process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: Counter[Key] = Counter()
        self._oldest: float | None = None  # when the oldest read waiting was counted (time.time())
        self.pruned_on: datetime.date | None = None

    def add(self, key: Key) -> bool:
        """Count one read; True when the reads waiting are due to be written."""
        now = time.time()
        with self._lock:
            self._counts[key] += 1
            if self._oldest is None:
                self._oldest = now
            return len(self._counts) >= MAX_KEYS or now - self._oldest >= settings.POPULARITY_FLUSH_SECONDS

    def take(self) -> Counter[Key]:
        """Every read waiting, leaving the buffer empty for the reads that come meanwhile."""
        with self._lock:
            counts, self._counts, self._oldest = self._counts, Counter(), None
        return counts

    def put_back(self, counts: Counter[Key]):
        with self._lock:
            self._counts.update(counts)
            if self._oldest is None:
                self._oldest = time.time()

    def __len__(self):
        with self._lock:
            return sum(self._counts.values())


buffer = ReadBuffer()


def count_read(article_id: int, language: str):
    """Add a read of the article in `language` today; write the reads waiting when they are due."""
    if buffer.add((article_id, language, timezone.localdate())):
        flush_reads()


def flush_reads() -> int:
    """Write every read waiting in this process; returns how many were written.

    If the database refuses, the reads go back into the buffer for the next flush.
    """
    counts = buffer.take()
    if not counts:
        return 0
    try:
        written = write(counts)
    except DatabaseError:
        buffer.put_back(counts)
        logger.warning(
            "Could not write %s article reads; keeping them for the next flush.", counts.total(), exc_info=True
        )
        return 0
    today = timezone.localdate()
    if buffer.pruned_on != today:
        try:
            ReadCount.objects.filter(day__lt=today - datetime.timedelta(days=KEEP_DAYS)).delete()
            buffer.pruned_on = today
        except DatabaseError:
            logger.warning("Could not delete the old read counts; trying again with the next flush.", exc_info=True)
    return written


def flush_at_exit():
    try:
        flush_reads()
    except Exception:  # an exiting process has no one else to tell
        logger.exception("Could not write the article reads at exit.")


def write(counts: Counter[Key]) -> int:
    try:
        return upsert(counts)
    except IntegrityError:
        # An article was deleted between our look and our write: look again, once.
        return upsert(counts)


def upsert(counts: Counter[Key]) -> int:
    """Add `counts` to the stored ones in one statement, leaving out articles deleted meanwhile."""
    from newsroom.articles.models import Article

    existing = set(Article.objects.filter(pk__in={article for article, _l, _d in counts}).values_list("pk", flat=True))
    alias = router.db_for_write(ReadCount)
    connection = connections[alias]
    # In key order, so that two flushes at once lock the rows they share in the same order (no deadlock).
    rows = [
        (article, language, connection.ops.adapt_datefield_value(day), count)
        for (article, language, day), count in sorted(counts.items())
        if article in existing
    ]
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table = quote(ReadCount._meta.db_table)
    article, language, day, count = (
        quote(ReadCount._meta.get_field(name).column) for name in ("article", "language", "day", "count")
    )
    # SQLite allows 999 parameters per statement in old builds; a flush is one statement unless huge.
    per_statement = (connection.features.max_query_params or 4000) // 4
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {table} ({article}, {language}, {day}, {count}) "
                f"VALUES {', '.join(['(%s, %s, %s, %s)'] * len(chunk))} "
                f"ON CONFLICT ({article}, {language}, {day}) "
                f"DO UPDATE SET {count} = {table}.{count} + excluded.{count}",
                [value for row in chunk for value in row],
            )
    return sum(row[3] for row in rows)
