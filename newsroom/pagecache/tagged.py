"""Cache entries that are served only while none of the keys they showed has been invalidated.

An entry is `(value, {key: version})`. Reading it costs one read for the entry and one `get_many`
for its keys' versions; both fail open with the shared cache (a miss). Used for whole pages by the
page cache and for blocks inside pages.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from . import keys as cache_keys

MISSING = object()
# How long a block inside a page is kept (an article's parts, a card, a feed item, the navigation, a
# filter widget): until one of its keys is invalidated; the day only bounds an entry whose
# invalidation the cache missed.
BLOCK_SECONDS = 60 * 60 * 24
logger = logging.getLogger(__name__)
# An entry that cannot be decoded is logged once per process: it stays until it expires or is replaced.
_undecodable_logged = False


def get(cache_key: str) -> tuple[Any, frozenset[str]] | Any:
    """The value stored under `cache_key` and the keys it showed, or MISSING."""
    try:
        entry = cache.get(cache_key)
        if entry is None:
            return MISSING
        value, versions = entry
    except Exception:
        # Stored by an older deploy whose classes differ (an `Entry` of other slots), or damaged:
        # a miss, whose response then replaces it, never a 500 on every hit until it expires.
        log_undecodable(cache_key)
        return MISSING
    if not cache_keys.still_valid(versions):
        return MISSING
    return value, frozenset(versions)


def get_many(names) -> dict[str, tuple[Any, dict[str, float]]]:
    """The entries among `names` still valid, as (value, {key: version}): two reads of the
    cache for any number of them (the entries, then their keys' versions), so twenty cards or
    thirty feed items cost Redis two round trips, not forty."""
    names = list(names)
    try:
        entries = {name: (value, versions) for name, (value, versions) in cache.get_many(names).items()}
    except Exception:
        # As in `get`: entries of an older deploy, or damaged, are misses that their pages replace.
        log_undecodable(", ".join(names[:3]))
        return {}
    wanted = {cache_keys.version_key(k) for _value, versions in entries.values() for k in versions}
    found = cache.get_many(wanted) if wanted else {}
    return {
        name: entry
        for name, entry in entries.items()
        if all(found.get(cache_keys.version_key(k)) == v for k, v in entry[1].items())
    }


def set(cache_key: str, value: Any, keys: set[str], timeout: float, *, began: float) -> bool:
    """Store `value` as showing `keys`, unless one of them changed since `began`; whether it was stored."""
    if timeout <= 0 or not cache_keys.storing():
        return False
    versions = cache_keys.versions(keys, began=began)
    if versions is None:
        return False
    cache.set(cache_key, (value, versions), timeout)
    return True


def fragment(cache_key: str, compute: Callable[[], Any], timeout: float) -> Any:
    """A block's value from the cache, or computed and stored. Keys noted while computing it are
    stored with it and noted again on every hit, so the page around it is invalidated with it."""
    found = get(cache_key)
    if found is not MISSING:
        value, shown = found
        cache_keys.note(*shown)
        return value
    began = time.time()
    with cache_keys.collecting() as shown:
        value = compute()
    set(cache_key, value, shown, timeout, began=began)
    return value


def log_undecodable(cache_key: str) -> None:
    global _undecodable_logged
    if not _undecodable_logged:
        _undecodable_logged = True
        logger.warning("Cache entry %s could not be decoded: served as a miss", cache_key, exc_info=True)
