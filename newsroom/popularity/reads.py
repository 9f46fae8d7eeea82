"""Counting article reads per language and day, without cookies, IP addresses or a write per request.

Each process adds reads up in memory and writes them with one upsert at the first read after its
oldest read has waited POPULARITY_FLUSH_SECONDS, when it holds many articles, and when the process
exits. Reads held by a process that is killed outright (SIGKILL, a crash) are lost: those since its
last flush, which for a busy worker is about one interval and for an idle one may be more.
Nothing about the reader is kept: not their address, not a cookie, only the article, the page's
language and the day.

Reads are counted by the beacon an article page posts once it is shown (views.read_beacon), not
by the page's own request, which the page cache and the CDN answer without running the view.
"""

import datetime
import hashlib
import logging
import secrets
import threading
import time
from collections import Counter

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.clients import client_ip

from .models import ReadCount
from .ranking import refresh_rankings

logger = logging.getLogger(__name__)

Key = tuple[int, str, datetime.date]  # article id, language, day

# Written at once when this many (article, language, day) keys wait, however young the oldest is.
MAX_KEYS = 500
# Counts older than this are deleted, by the first flush of each day in each process.
KEEP_DAYS = 30
# Headers browsers send with a page fetched ahead of a click that may never come (Chrome's
# speculation rules send Sec-Purpose, older Chrome Purpose, Safari X-Purpose, Firefox X-Moz).
PREFETCH_HEADERS = ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")

# A beacon's article is looked up at most this often per process (see PublishedIds).
PUBLISHED_SECONDS = 60
MAX_REMEMBERED = 10_000

# CrawlerDetect's ~1,500 patterns (bots, crawlers, link previewers, headless browsers, HTTP
# libraries); it keeps the answers for the last 1,024 user agents it saw.
crawlers = CrawlerDetect()


def is_counted_reader(request) -> bool:
    """A person reading the page: a browser that is not a robot, not a prefetch, and not someone
    from the newsroom checking their work."""
    if any(request.headers.get(name) for name in PREFETCH_HEADERS):
        return False
    user_agent = request.headers.get("User-Agent", "").strip()
    if not user_agent or crawlers.is_crawler(user_agent):
        return False
    # Only the newsroom logs in, so a reader without a session cookie costs no session lookup.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    return not (user is not None and user.is_staff)


class PublishedIds:
    """The articles a beacon may count, remembered by this process for PUBLISHED_SECONDS so that a
    story read by thousands costs one query, not thousands. An article taken down is counted for at
    most that long; the ranking shows only published articles whatever their counts."""

    def __init__(self):
        self._lock = threading.Lock()
        self._until: dict[int, float] = {}

    def __contains__(self, article_id: int) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._until.get(article_id, 0) > now:
                return True
        try:
            if not Article.objects.published().filter(pk=article_id).exists():
                return False
        except DatabaseError:
            # The database is away: count it, and let the flush (which waits for the database
            # and writes only existing articles) sort it out. A beacon never answers 500.
            return True
        with self._lock:
            if len(self._until) >= MAX_REMEMBERED:
                self._until = {pk: until for pk, until in self._until.items() if until > now}
                if len(self._until) >= MAX_REMEMBERED:
                    self._until.clear()
            self._until[article_id] = now + PUBLISHED_SECONDS
        return True

    def clear(self):
        with self._lock:
            self._until.clear()


published_ids = PublishedIds()


def is_published(article_id: int) -> bool:
    return article_id in published_ids


class ClientLimit:
    """At most POPULARITY_READS_PER_MINUTE counted reads per client and minute in each process:
    one client reloading a story cannot push it up the ranking. Clients are told apart by a keyed
    hash of their address with a key that lives only in this process's memory, and forgotten
    each minute; nothing about them is written anywhere."""

    def __init__(self):
        self._lock = threading.Lock()
        self._secret = secrets.token_bytes(16)
        self._minute = 0
        self._reads: Counter[bytes] = Counter()

    def allows(self, request) -> bool:
        limit = settings.POPULARITY_READS_PER_MINUTE
        if not limit:
            return True
        address = client_ip(request)
        if address is None:
            return True
        client = hashlib.blake2b(address.encode(), key=self._secret, digest_size=8).digest()
        minute = int(time.monotonic() // 60)
        with self._lock:
            if minute != self._minute:
                self._minute, self._reads = minute, Counter()
            self._reads[client] += 1
            return self._reads[client] <= limit

    def clear(self):
        with self._lock:
            self._reads.clear()


client_limit = ClientLimit()


def within_client_limit(request) -> bool:
    return client_limit.allows(request)


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
    try:
        refresh_rankings()
    except DatabaseError:
        logger.warning("Could not work out the ranking; the block keeps the last one.", exc_info=True)
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
