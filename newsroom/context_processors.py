from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

NAV_SECTIONS_CACHE_KEY = "nav-sections"


def navigation_sections():
    from newsroom.articles.models import Section
    from newsroom.pagecache import keys

    keys.note(keys.list_key("section"))  # kept in the cache, so loading noted nothing
    return cache.get_or_set(NAV_SECTIONS_CACHE_KEY, lambda: list(Section.objects.all()), 300)


def site(request):
    # Lazy, so pages that show no navigation (the admin, feeds) never ask for it.
    return {"SITE_NAME": settings.SITE_NAME, "nav_sections": SimpleLazyObject(navigation_sections)}
