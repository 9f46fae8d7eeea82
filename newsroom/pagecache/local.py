"""Django's local-memory cache, with `get_many` cheap enough for the page cache's hits.

Every hit checks the versions of the thirty-odd keys a page shows in one `get_many`. Django's
backend asks for each key on its own: the lock, a check that the key would suit memcached, each
taken thirty times, which was ~160 µs of a cached article's ~450 µs. Here the lock is taken once.
"""

import pickle
import time

from django.core.cache.backends.locmem import LocMemCache


class LocalMemoryCache(LocMemCache):
    def get_many(self, keys, version=None):
        made = [(key, self.make_key(key, version=version)) for key in keys]
        now = time.time()
        found = []
        with self._lock:
            for key, made_key in made:
                expires = self._expire_info.get(made_key, -1)
                if expires is not None and expires <= now:
                    continue  # missing or expired: `get` deletes it
                found.append((key, self._cache[made_key]))
                self._cache.move_to_end(made_key, last=False)
        return {key: pickle.loads(pickled) for key, pickled in found}
