from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "newsroom.pagecache"
    verbose_name = "Page cache"

    def ready(self):
        # Here, once every app's models are loaded: invalidation imports them all. cdn: the CDN's
        # purge listens to keys_invalidated.
        from . import cdn, invalidation  # noqa: F401

        invalidation.connect()
