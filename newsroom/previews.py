"""Pages as readers will see them, before they see them: rendered by the public views themselves.

A preview marks the request; the detail views then find the previewed object whatever its
publication state, treat the previewed language as released, and tell robots to stay away.
"""

from dataclasses import dataclass

from django.http import Http404
from django.urls import NoReverseMatch, resolve
from django.utils import translation
from django.utils.cache import add_never_cache_headers


@dataclass
class Preview:
    object: object
    language: str


def render_preview(request, obj, language: str):
    obj.show_as_readable_in(language)
    with translation.override(language):
        try:
            match = resolve(obj.url_in(language))
        except NoReverseMatch:
            # No address in that language yet (no translated name to make a slug from).
            raise Http404 from None
        request.preview = Preview(obj, language)
        request.LANGUAGE_CODE = language
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
