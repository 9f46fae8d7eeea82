from django.conf import settings
from django.utils.functional import SimpleLazyObject

from newsroom.pagecache import keys, tagged

NAV_SECTIONS_CACHE_KEY = "nav-sections"
# Kept until a section changes (its keys are invalidated); the day only bounds an entry whose
# invalidation the cache missed.
NAV_SECTIONS_SECONDS = 60 * 60 * 24


def navigation_sections():
    from newsroom.articles.models import Section

    def sections():
        found = list(Section.objects.all())
        keys.note(keys.list_key(Section), *(keys.key(section) for section in found))
        return found

    return tagged.fragment(NAV_SECTIONS_CACHE_KEY, sections, NAV_SECTIONS_SECONDS)


def site(request):
    # Lazy, so pages that show no navigation (the admin, feeds) never ask for it.
    return {"SITE_NAME": settings.SITE_NAME, "nav_sections": SimpleLazyObject(navigation_sections)}
