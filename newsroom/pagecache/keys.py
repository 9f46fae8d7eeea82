"""The keys a response shows, and their invalidation.

A key names one object's content (`article-12`, `organization-3`) or one collection whose members
can change (`article-list`, `article-list-tag-7`). While a response is built, whatever it shows is
noted into the collectors that are open (the page's, and a block's inside it). When an object
changes, its keys are invalidated once the transaction commits: their versions move on in the
shared cache (see `tagged`) and `keys_invalidated` is sent, for the CDN's purge.

A version is the time of the key's last invalidation. An entry is stored only if none of its keys
was invalidated after its response began (`began`), so a page rendered from data that changed
while it was being rendered is not kept with the new version.
"""

import contextvars
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal

# Sent once the versions have moved on, with `keys` (a frozenset of strings).
keys_invalidated = Signal()
# Sent by the callers of `QuerySet.update()`, which sends no model signal, with `sender` (the model)
# and `pks`: the models below the page cache announce their changes, and invalidation.py, which knows
# what each model's objects show, listens.
objects_updated = Signal()

# Shown by every search's results (newsroom.search): any change to an article's text, or to the name of
# an entity it links, may make an article match or stop matching.
SEARCH_KEY = "article-search"

VERSION_PREFIX = "pcv:"
# Versions outlive every entry that checks them; one evicted earlier only costs a miss.
VERSION_TIMEOUT = 60 * 60 * 24 * 30

_collectors: contextvars.ContextVar[tuple[set[str], ...]] = contextvars.ContextVar("pagecache_collectors", default=())
# Set while a preview renders real views over unpublished changes (applied inside a savepoint):
# what it computes must not reach the shared cache, where readers in other processes would get it
# before the savepoint rolls back (and, until the rollback's invalidation, after).
# The moments a response being built stops being true without anyone saving anything (an article
# leaving the news sitemap's two-day window): it is kept no longer than the earliest.
_ends: contextvars.ContextVar[tuple[list[float], ...]] = contextvars.ContextVar("pagecache_ends", default=())
_not_storing: contextvars.ContextVar[bool] = contextvars.ContextVar("pagecache_not_storing", default=False)


def key(obj) -> str:
    """The key of one object's own content: its model's name and its primary key."""
    return f"{obj._meta.model_name}-{obj.pk}"


def list_key(model, via=None) -> str:
    """The key of a collection of `model`'s objects: all of them that readers see (`article-list`),
    or those linked to one object (`article-list-tag-7`). It is invalidated when a member joins or
    leaves the collection or their order changes, not when a member's own content changes."""
    name = model if isinstance(model, str) else model._meta.model_name
    return f"{name}-list" if via is None else f"{name}-list-{key(via)}"


def note(*keys: str) -> None:
    """Record that the response being built shows these keys (no-op outside a collector)."""
    for collected in _collectors.get():
        collected.update(keys)


def note_objects(objects: Iterable) -> None:
    note(*(key(obj) for obj in objects))


@contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect the keys noted inside; they are noted in the collectors outside too."""
    collected: set[str] = set()
    token = _collectors.set((*_collectors.get(), collected))
    try:
        yield collected
    finally:
        _collectors.reset(token)


def ends_at(moment: float) -> None:
    """Record that the response being built must not be kept past `moment` (a Unix timestamp).
    Not carried by blocks cached with `tagged.fragment`: for what a view computes itself."""
    for ends in _ends.get():
        ends.append(moment)


@contextmanager
def ending() -> Iterator[list[float]]:
    """Collect the moments noted inside by `ends_at`."""
    ends: list[float] = []
    token = _ends.set((*_ends.get(), ends))
    try:
        yield ends
    finally:
        _ends.reset(token)


@contextmanager
def not_storing() -> Iterator[None]:
    """Nothing rendered inside is stored in the shared cache (see `storing`)."""
    token = _not_storing.set(True)
    try:
        yield
    finally:
        _not_storing.reset(token)


def storing() -> bool:
    """Whether what is being computed may be stored for readers: not inside `not_storing`."""
    return not _not_storing.get()


def collecting_now() -> bool:
    return bool(_collectors.get())


def version_key(k: str) -> str:
    return VERSION_PREFIX + k


def versions(keys: Iterable[str], *, began: float) -> dict[str, float] | None:
    """The current versions of `keys`, for storing an entry that shows them; None when one of them
    was invalidated after `began` (the entry may hold what that change replaced). A key with no
    version yet (never invalidated, or evicted) gets one: now, which refuses this entry too."""
    keys = list(keys)
    if not keys:
        return {}
    found = cache.get_many([version_key(k) for k in keys])
    missing = [k for k in keys if found.get(version_key(k)) is None]
    if missing:
        now = time.time()
        for k in missing:
            # add(): another process may have just invalidated it; theirs wins.
            cache.add(version_key(k), now, VERSION_TIMEOUT)
        return None
    result = {k: found[version_key(k)] for k in keys}
    if max(result.values()) >= began:
        return None
    return result


def still_valid(stored: dict[str, float]) -> bool:
    """Whether none of an entry's keys was invalidated since it was stored."""
    if not stored:
        return True
    found = cache.get_many([version_key(k) for k in stored])
    return all(found.get(version_key(k)) == v for k, v in stored.items())


def invalidate(*keys: str) -> None:
    """Every cached entry showing one of `keys` stops being served, once this transaction commits
    (at once outside a transaction)."""
    keys = frozenset(k for k in keys if k)
    if keys:
        transaction.on_commit(lambda: _invalidate_now(keys), robust=True)


def _invalidate_now(keys: frozenset[str]) -> None:
    now = time.time()
    cache.set_many({version_key(k): now for k in keys}, VERSION_TIMEOUT)
    keys_invalidated.send(sender=None, keys=keys)
