from django.conf import settings
from django.utils.functional import SimpleLazyObject

from newsroom.articles.models import Section


def site(request):
    # Lazy, so pages that show no navigation (the admin, feeds) never ask for it.
    return {"SITE_NAME": settings.SITE_NAME, "nav_sections": SimpleLazyObject(Section.objects.for_navigation)}
