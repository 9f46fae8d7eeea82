"""The making view: a rendition not stored yet, made on its first request (see renditions.py)."""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import renditions
from .models import Image

# What a browser is told to wait before asking again while another request is making the file.
RETRY_AFTER_SECONDS = 2


@require_safe
@never_cache
def rendition(request, pk: int, key: str, name: str):
    """Redirect to the stored rendition `name` of the image's current `key`, made now if nobody
    has: 404 for a key or name the image does not have (an old key's page is out of date, a
    guessed one finds nothing), 410 once its licence ended, 503 while another maker is still at it."""
    image = get_object_or_404(Image, pk=pk, renditions_key=key)
    if renditions.planned_named(image, name) is None:
        raise Http404("No such rendition.")
    if not image.is_shown_at():
        return HttpResponse(status=410)
    try:
        path = renditions.obtain(image, name)
    except renditions.StillMaking:
        response = HttpResponse(status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    except FileNotFoundError:
        # The original is gone from the storage (a restore without it): nothing to make it of.
        raise Http404("The image's file is missing.") from None
    return HttpResponseRedirect(renditions.public_url(path))
