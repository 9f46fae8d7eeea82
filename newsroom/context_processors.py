import time

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from newsroom.pagecache import keys, tagged

NAV_SECTIONS_CACHE_KEY = "nav-sections"
# Kept until a section changes (its keys are invalidated); the day only bounds an entry whose
# invalidation the cache missed.
NAV_SECTIONS_SECONDS = 60 * 60 * 24


def navigation_sections():
    """Every section, kept in the cache under the one key `section-list`: a section's save, deletion
    or released translation invalidates it (newsroom/pagecache/invalidation.py). Not under each
    section's own key, which changes with what its page shows (a series renamed), not the menu."""
    from newsroom.articles.models import Section

    found = tagged.get(NAV_SECTIONS_CACHE_KEY)
    if found is not tagged.MISSING:
        sections, shown = found
        keys.note(*shown)
        return sections
    began = time.time()
    sections = list(Section.objects.all())
    keys.note(keys.list_key(Section))
    tagged.set(NAV_SECTIONS_CACHE_KEY, sections, {keys.list_key(Section)}, NAV_SECTIONS_SECONDS, began=began)
    return sections


def site(request):
    # Lazy, so pages that show no navigation (the admin, feeds) never ask for it.
    return {"SITE_NAME": settings.SITE_NAME, "nav_sections": SimpleLazyObject(navigation_sections)}
