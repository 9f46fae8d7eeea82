"""Pages kept in each process's memory as well as in Redis, so that a hit costs one round trip.

A hit on Redis alone reads the page's entry (~60 KB, unpickled) and then the versions of the ~30
keys it shows (each unpickled): two round trips. A process keeps the pages it served last here (at
most PAGE_CACHE_NEAR_BYTES of them as Redis stores them, none larger than an eighth of that) and
serves one after reading its keys' versions in one MGET, by the rule `tagged.get` follows: every
version as it was when the page was stored, and the page not past its end. A change saved in any
process moves a version, so nothing stale is served; while Redis is away that read fails open and
the page is a miss; a Redis restarted empty has no versions, a miss too. Versions are compared as
the bytes Redis holds, with their keys made once per page, not decoded one by one.

With the local-memory cache (`make run`) the entries live in this process already: not used.
"""

import threading
import time
from collections import OrderedDict
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import caches

from newsroom.shared_cache import FailOpenRedisCache

from . import keys, tagged


class Kept(NamedTuple):
    value: Any
    shown: frozenset[str]
    version_keys: list[str]  # made by the backend (prefix, version)
    versions: list[bytes]  # as Redis holds them
    size: int


class NearPages:
    """The pages a process served last, bounded by their size as stored."""

    def __init__(self):
        self._kept: OrderedDict[str, Kept] = OrderedDict()
        self._lock = threading.Lock()
        self.size = 0

    def __len__(self):
        return len(self._kept)

    def get(self, key: str) -> Kept | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
            return kept

    def keep(self, key: str, kept: Kept, max_bytes: int) -> None:
        with self._lock:
            self._forget(key)
            self._kept[key] = kept
            self.size += kept.size
            while self.size > max_bytes:
                self._forget(next(iter(self._kept)))

    def forget(self, key: str) -> None:
        with self._lock:
            self._forget(key)

    def _forget(self, key: str) -> None:
        kept = self._kept.pop(key, None)
        if kept is not None:
            self.size -= kept.size


# Per Redis server (tests start one of their own each).
_near: dict[str, NearPages] = {}


def near_pages(backend: FailOpenRedisCache) -> NearPages:
    return _near.setdefault(backend.name, NearPages())


def get(cache_key: str) -> tuple[Any, frozenset[str]] | Any:
    """As `tagged.get`, for a page entry (a value with `expires_at`)."""
    backend = caches["default"]
    max_bytes = settings.PAGE_CACHE_NEAR_BYTES
    if max_bytes <= 0 or not isinstance(backend, FailOpenRedisCache):
        return tagged.get(cache_key)
    made = backend.make_key(cache_key)
    near = near_pages(backend)
    kept = near.get(made)
    if kept is not None:
        if kept.value.expires_at > time.time() and backend.get_raw_many(kept.version_keys) == kept.versions:
            return kept.value, kept.shown
        near.forget(made)
    return _from_redis(backend, near, cache_key, made, max_bytes)


def _from_redis(backend: FailOpenRedisCache, near: NearPages, cache_key: str, made: str, max_bytes: int):
    """The entry read and checked as `tagged.get` does, then kept near."""
    raw = (backend.get_raw_many([made]) or [None])[0]
    if raw is None:
        return tagged.MISSING
    try:
        value, versions = backend.decode(raw)
    except Exception:
        # As in tagged.get: stored by another deploy, or damaged.
        tagged.log_undecodable(cache_key)
        return tagged.MISSING
    shown = frozenset(versions)
    if not versions:
        return value, shown  # nothing to check (and nothing that would tell a cleared cache): not kept
    version_keys = [backend.make_key(keys.version_key(k)) for k in versions]
    stored = backend.get_raw_many(version_keys)
    if stored is None or None in stored:
        return tagged.MISSING
    try:
        current = [backend.decode(version) for version in stored]
    except Exception:
        return tagged.MISSING
    if current != list(versions.values()):
        return tagged.MISSING
    if len(raw) <= max_bytes // 8 and value.expires_at > time.time():
        near.keep(made, Kept(value, shown, version_keys, stored, len(raw)), max_bytes)
    return value, shown
