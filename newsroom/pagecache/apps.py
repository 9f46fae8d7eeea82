from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "newsroom.pagecache"

    def ready(self):
        # Connects the CDN's purge to keys_invalidated.
        from . import cdn  # noqa: F401
