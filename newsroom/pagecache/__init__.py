"""Reading made cheap at every level, and never stale.

Every public response names the objects and collections it shows as *keys* (`keys.note`); a change
to one of them *invalidates* its keys (`keys.invalidate`), which makes every cache entry that
showed it — a whole page in the shared cache, a block inside a page, a page in the CDN — stop being
served at once. Nothing is flushed wholesale and nothing waits for a timeout.

Layers, one way: `keys` (naming, collecting, invalidating) ← `tagged` (cache entries validated
against their keys' versions) ← `near` (with Redis, pages kept in each process too) ← the page
cache middleware; the blocks use `tagged`.
"""
