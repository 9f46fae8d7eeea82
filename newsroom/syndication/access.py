"""Who may use the content API, how often, and how much they did.

A key is `nr_xxxxxxxx_<secret>`: the prefix finds its row, kept by the shared cache for
LOOKUP_SECONDS (revoking or changing a key drops that copy at commit), and the secret is compared
with the stored hash in constant time. The rate is django-ratelimit's count per key and minute in
the shared cache, so every worker and machine agrees; with the cache away the API is served
unlimited (RATELIMIT_FAIL_OPEN), never refused.

Usage is counted per key and day in each process's memory and written with one upsert every
USAGE_FLUSH_SECONDS and when the process exits, as newsroom/popularity/reads.py counts reads.
"""

import datetime
import logging
import re
import threading
import time
from collections import Counter

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.utils import timezone
from django_ratelimit.core import get_usage

from .models import LOOKUP_CACHE_KEY, ApiKey, ApiKeyUsage

logger = logging.getLogger(__name__)

KEY_FORMAT = re.compile(r"(nr_[a-z2-7]{8})_([A-Za-z0-9_-]{43})")
LOOKUP_SECONDS = 60
# Kept in the cache for a prefix no key has, so that made-up keys cost no query each.
NO_KEY = 0
LAST_USED_SECONDS = 3600
USAGE_FLUSH_SECONDS = 60
RATE_GROUP = "api"


def key_for(token: str) -> ApiKey | None:
    """The active key `token` is, or None: malformed, unknown, wrong secret and revoked alike."""
    found = KEY_FORMAT.fullmatch(token)
    if found is None:
        return None
    prefix, secret = found.groups()
    key = looked_up(prefix)
    if key is None or not key.is_active or not key.matches(secret):
        return None
    return key


def looked_up(prefix: str) -> ApiKey | None:
    cache_key = LOOKUP_CACHE_KEY.format(prefix)
    key = cache.get(cache_key)
    if key is None:
        key = ApiKey.objects.filter(prefix=prefix).first() or NO_KEY
        cache.set(cache_key, key, LOOKUP_SECONDS)
    return key or None


def seconds_refused(request, key: ApiKey) -> int:
    """0 while `key` is within its rate (counting this request), else the seconds until it is again."""
    usage = get_usage(
        request,
        group=RATE_GROUP,
        key=lambda group, request: key.prefix,
        rate=f"{key.requests_per_minute}/m",
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return 0
    return max(1, usage["time_left"])


def note_use(key: ApiKey) -> None:
    """Record when the key was last used, at most once an hour across all processes."""
    if cache.add(f"apikey-used:{key.prefix}", 1, LAST_USED_SECONDS):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())


Day = tuple[int, datetime.date]  # key id, day


class UsageBuffer:
    """Requests not yet written, shared by the threads of one process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._requests: Counter[Day] = Counter()
        self._refused: Counter[Day] = Counter()
        self._oldest: float | None = None

    def add(self, day: Day, *, refused: bool) -> bool:
        """Count one request; True when the counts waiting are due to be written."""
        now = time.monotonic()
        with self._lock:
            self._requests[day] += 1
            if refused:
                self._refused[day] += 1
            if self._oldest is None:
                self._oldest = now
            return now - self._oldest >= USAGE_FLUSH_SECONDS

    def take(self) -> tuple[Counter[Day], Counter[Day]]:
        with self._lock:
            taken = self._requests, self._refused
            self._requests, self._refused, self._oldest = Counter(), Counter(), None
        return taken

    def put_back(self, requests: Counter[Day], refused: Counter[Day]):
        with self._lock:
            self._requests.update(requests)
            self._refused.update(refused)
            if self._oldest is None:
                self._oldest = time.monotonic()


usage = UsageBuffer()


def count(key: ApiKey, *, refused: bool = False) -> None:
    """Add one request made with `key` today; write the counts waiting when they are due."""
    if usage.add((key.pk, timezone.localdate()), refused=refused):
        flush_usage()


def flush_usage() -> int:
    """Write the counts waiting in this process; returns the requests written. If the database
    refuses, they go back for the next flush."""
    requests, refused = usage.take()
    if not requests:
        return 0
    try:
        try:
            return upsert(requests, refused)
        except IntegrityError:
            # A key was deleted between our look and our write: look again, once.
            return upsert(requests, refused)
    except DatabaseError:
        usage.put_back(requests, refused)
        logger.warning("Could not write the API's usage; keeping it for the next flush.", exc_info=True)
        return 0


def flush_at_exit():
    try:
        flush_usage()
    except Exception:  # an exiting process has no one else to tell
        logger.exception("Could not write the API's usage at exit.")


def upsert(requests: Counter[Day], refused: Counter[Day]) -> int:
    existing = set(ApiKey.objects.filter(pk__in={key for key, _day in requests}).values_list("pk", flat=True))
    alias = router.db_for_write(ApiKeyUsage)
    connection = connections[alias]
    # In key order, so that two flushes at once lock their shared rows in the same order.
    rows = [
        (key, connection.ops.adapt_datefield_value(day), number, refused[key, day])
        for (key, day), number in sorted(requests.items())
        if key in existing
    ]
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table = quote(ApiKeyUsage._meta.db_table)
    key, day, requests_column, refused_column = (
        quote(ApiKeyUsage._meta.get_field(name).column) for name in ("key", "day", "requests", "refused")
    )
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key}, {day}, {requests_column}, {refused_column}) "
            f"VALUES {', '.join(['(%s, %s, %s, %s)'] * len(rows))} "
            f"ON CONFLICT ({key}, {day}) DO UPDATE SET "
            f"{requests_column} = {table}.{requests_column} + excluded.{requests_column}, "
            f"{refused_column} = {table}.{refused_column} + excluded.{refused_column}",
            [value for row in rows for value in row],
        )
    return sum(row[2] for row in rows)
