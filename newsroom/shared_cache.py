"""The cache the site's processes share (Redis in production), and the check that production has one.

The cache only makes pages cheaper: nothing a reader needs lives only there. So when Redis is down,
hung, unreachable, or up but refusing commands (memory or disk full, a replica after a failover, a
script running), every cache call fails open here, once for every caller: a read is a miss, a
write is skipped, `add` answers False and `incr` raises ValueError, as Django's backends do for a
missing key. Short socket timeouts bound what a hung server costs, and after a failure Redis is
left alone for `RETRY_AFTER` seconds, so a firewalled server costs one request a timeout, not every
request. The outage is logged when it begins and when it ends, once per process. An error about
the call itself rather than about Redis (a wrong argument) is raised: it would fail on a healthy
server too, and taken for an outage it would turn the cache off for every request.

Deletions (and overwrites) skipped meanwhile are remembered and done when Redis answers again, so
a server that was only unreachable, not restarted, serves nothing that was invalidated while it
was away: a section renamed, a change scheduled. Redis is used again only once it takes a write
too: a replica or a full server answers reads, but would neither forget nor store anything.
"""

import functools
import logging
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.module_loading import import_string
from redis.exceptions import DataError, RedisError, ResponseError

from newsroom.operations import metrics

logger = logging.getLogger(__name__)

# Redis's answers about the command it was sent rather than about itself: a wrong argument, a value
# that is not a number, an unknown command, a database number CACHE_URL names that it lacks (ERR), a
# key holding another type (WRONGTYPE). Raised, to be seen at once. Its states have codes of their
# own: OOM, READONLY, MISCONF, NOREPLICAS, BUSY, LOADING, MASTERDOWN, NOAUTH, …
CALLERS_MISTAKES = {"ERR", "WRONGTYPE"}
# Redis answers within a millisecond on a working network: waiting longer than this costs more than
# computing without it. A `?socket_timeout=…` in CACHE_URL overrides them.
SOCKET_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
RETRY_AFTER = 5  # seconds
# Written, when Redis answers again, to learn whether it takes writes; gone a second later.
WRITE_CHECK_KEY = "shared-cache:takes-writes"
# Deletions remembered during an outage; past that, the entries left expire by their own timeouts
# (at most five minutes here). Not a flush: the Redis database may hold others' keys too.
LOST_KEYS_KEPT = 10_000
# Sets a number only if it is greater than the one stored (two raises at once cannot lower it).
RAISE_TO = """
local current = tonumber(redis.call('GET', KEYS[1]))
local wanted = tonumber(ARGV[1])
if current == nil or wanted > current then
    if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
    else redis.call('SET', KEYS[1], ARGV[1]) end
    return ARGV[1]
end
return tostring(current)
"""


class Outage:
    """Whether one Redis server is away, and what could not be deleted meanwhile; shared by the
    threads of a process (Django gives each thread its own cache object)."""

    _all: dict[str, "Outage"] = {}
    _all_lock = threading.Lock()

    @classmethod
    def of(cls, name: str) -> "Outage":
        with cls._all_lock:
            return cls._all.setdefault(name, cls(name))

    def __init__(self, name: str):
        self.name = name
        self._lock = threading.Lock()
        self.since: float | None = None  # time.monotonic() of the first failure
        self.retry_at = 0.0
        self.lost_keys: set[str] = set()
        self.lost_too_many = False

    @property
    def is_on(self) -> bool:
        return self.since is not None

    def waits(self) -> bool:
        """True while Redis is left alone after a failure."""
        return self.since is not None and time.monotonic() < self.retry_at

    def begin(self, error: Exception, retry_after: float):
        with self._lock:
            self.retry_at = time.monotonic() + retry_after
            if self.since is None:
                self.since = time.monotonic()
                metrics.cache_outage()
                logger.warning(
                    "The cache at %s is unavailable (%s): pages are served without it, and it is tried "
                    "again every %s seconds.",
                    self.name,
                    described(error),
                    retry_after,
                )

    def end(self, replayed: int):
        with self._lock:
            if self.since is None:
                return
            missed = f", and the {replayed} deletions it missed are made" if replayed else ""
            if self.lost_too_many:
                missed += f" (more than {LOST_KEYS_KEPT} were missed: the others' entries expire by their timeouts)"
            logger.warning(
                "The cache at %s is back after %.0f seconds%s.", self.name, time.monotonic() - self.since, missed
            )
            self.since = None
            self.lost_too_many = False

    def lose(self, keys):
        with self._lock:
            if len(self.lost_keys) + len(keys) > LOST_KEYS_KEPT:
                self.lost_too_many = True
            else:
                self.lost_keys.update(keys)

    def take_lost(self) -> list[str]:
        with self._lock:
            keys = list(self.lost_keys)
            self.lost_keys.clear()
        return keys


def error_code(error: RedisError) -> str:
    """The word Redis put first in its error (redis-py takes off those it knows, into status_code)."""
    return error.status_code or str(error).partition(" ")[0]


def described(error: RedisError) -> str:
    """The error as Redis said it."""
    return f"{error.status_code} {error}" if error.status_code else str(error)


def is_unavailable(error: RedisError) -> bool:
    """Whether `error` says that Redis cannot serve now, rather than that the call was wrong."""
    if isinstance(error, DataError):
        return False  # arguments redis-py refused to send
    if isinstance(error, ResponseError):
        return error_code(error) not in CALLERS_MISTAKES
    return True  # down, hung, unreachable, a password refused, loading its data, an unreadable answer


def _public_name(server: str) -> str:
    """The server's address as logs may show it: no password, no options."""
    parts = urlsplit(server)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2], query="").geturl()


class ReusedRedisClient(RedisCacheClient):
    """Django's client makes a new redis-py client for every call, which builds its table of
    response callbacks each time (~100 µs; a cached page asks twice). redis-py's clients are
    thread-safe, taking a connection from the pool per command: one per pool serves every call."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = getattr(pool, "_newsroom_client", None)
        if client is None:
            client = pool._newsroom_client = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, answering as a cache without entries while Redis is unavailable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClient
        self._options = {**SOCKET_TIMEOUTS, **self._options}
        self.retry_after = params.get("RETRY_AFTER", RETRY_AFTER)
        # The servers as logs may show them; one outage (and one set of pages kept near) per process.
        self.name = ", ".join(_public_name(server) for server in self._servers)
        self._outage = Outage.of(self.name)

    def _fail_open(self, call, miss, *, invalidates=()):
        """`call()`, or `miss` while Redis is unavailable; keys whose deletion or overwrite was
        skipped (`invalidates`) are deleted when it answers again."""
        outage = self._outage
        if outage.waits():
            outage.lose(invalidates)
            return miss
        try:
            replayed = self._catch_up() if outage.is_on else 0
            result = call()
        except RedisError as error:
            if not is_unavailable(error):
                raise
            outage.begin(error, self.retry_after)
            outage.lose(invalidates)
            return miss
        if outage.is_on:
            outage.end(replayed)
        return result

    def _catch_up(self) -> int:
        """Before Redis is used again: the deletions it missed, and a write."""
        keys = self._outage.take_lost()
        try:
            if keys:
                self._cache.delete_many(keys)
            self._cache.set(self.make_key(WRITE_CHECK_KEY), 1, 1)
        except RedisError:
            self._outage.lose(keys)
            raise
        return len(keys)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open(functools.partial(super().add, key, value, timeout, version), False)

    def get(self, key, default=None, version=None):
        return self._fail_open(functools.partial(super().get, key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        call = functools.partial(self._cache.set, key, value, self.get_backend_timeout(timeout))
        self._fail_open(call, None, invalidates=[key])

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open(functools.partial(super().touch, key, timeout, version), False)

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._fail_open(functools.partial(self._cache.delete, key), False, invalidates=[key])

    def get_many(self, keys, version=None):
        # Keys made without Django's check that they would suit memcached (~3 µs each): the page
        # cache asks for some thirty versions on every hit.
        made = {self.make_key(key, version=version): key for key in keys}

        def call():
            return {made[key]: value for key, value in self._cache.get_many(made).items()}

        return self._fail_open(call, {})

    def get_raw_many(self, made_keys: list[str]) -> list[bytes | None] | None:
        """The bytes stored under keys already made (`make_key`), in their order, None for a missing
        one; None while Redis is unavailable. For comparing values without decoding them."""
        return self._fail_open(lambda: self._cache.get_client().mget(made_keys), None)

    def decode(self, raw: bytes):
        """A value read by `get_raw_many`, as `get` would have returned it."""
        return self._cache._serializer.loads(raw)

    def has_key(self, key, version=None):
        return self._fail_open(functools.partial(super().has_key, key, version), False)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._fail_open(functools.partial(super().incr, key, delta, version), missing)
        if value is missing:
            raise ValueError(f"Key '{key}' not found: the cache is unavailable.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        keys = {self.make_and_validate_key(key, version=version): key for key in data}
        values = {made: data[key] for made, key in keys.items()}
        call = functools.partial(self._cache.set_many, values, self.get_backend_timeout(timeout))
        failed = self._fail_open(call, list(data), invalidates=list(keys))
        return failed or []

    def delete_many(self, keys, version=None):
        keys = [self.make_and_validate_key(key, version=version) for key in keys]
        if keys:
            self._fail_open(functools.partial(self._cache.delete_many, keys), None, invalidates=keys)

    def clear(self):
        return self._fail_open(self._cache.clear, False)

    def ping(self) -> bool:
        """Asks Redis whether it answers (`/readyz`), within the socket timeouts. Not fail-open: an
        unavailable Redis raises its error."""
        return self._cache.get_client().ping()

    def raise_to(self, key, number: int, timeout=DEFAULT_TIMEOUT, version=None) -> int | None:
        """Stores `number` under `key` unless a greater number is stored there, in one round trip;
        the number stored afterwards, or None while Redis is unavailable. Read back by `get` as an int
        (Django's Redis cache stores integers as their digits)."""
        key = self.make_and_validate_key(key, version=version)
        seconds = self.get_backend_timeout(timeout)
        client = self._cache.get_client(key, write=True)

        def call():
            script = getattr(self, "_raise_to_script", None)
            if script is None:
                script = self._raise_to_script = client.register_script(RAISE_TO)
            return int(script(keys=[key], args=[int(number), int(seconds or 0)], client=client))

        return self._fail_open(call, None)


def check_shared_cache(app_configs, **kwargs):
    """With DEBUG off the site runs in several processes: their cache must be one they share."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    try:
        backend_class = import_string(backend)
    except ImportError:
        return []  # Django's own check reports a cache it cannot load
    if not issubclass(backend_class, LocMemCache | DummyCache):
        return []
    if issubclass(backend_class, DummyCache):
        consequence = "keeps nothing: the newsletter's rate limits limit nobody"
    else:
        consequence = (
            "lives in each process's memory: each worker counts the newsletter's rate limits on its own "
            "(10 sign-ups per client become 10 per worker), scheduled changes reach the readers of other "
            "workers up to a minute late, and the page cache of each worker keeps serving pages that a change "
            "saved in another worker made stale (for up to PAGE_CACHE_SECONDS)"
        )
    return [
        checks.Warning(
            f"The default cache ({backend}) {consequence}.",
            hint="Set CACHE_URL to a Redis server, e.g. redis://127.0.0.1:6379/0.",
            id="newsroom.W001",
        )
    ]
