"""Pages as readers will see them, before they see them: rendered by the public views themselves.

A preview marks the request; the detail views then find the previewed object whatever its
publication state, treat the previewed language as released, and tell robots to stay away.
"""

from dataclasses import dataclass, field

from django.http import Http404
from django.urls import NoReverseMatch, resolve
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from newsroom.pagecache import keys as cache_keys


@dataclass
class Preview:
    object: object
    language: str
    # Shown in `language` even if its translation is not complete: the translator's own preview.
    # Otherwise readers' rule applies: a complete translation as if released, else the original.
    as_translated: bool = True
    # Where the language switcher leads on this preview (other previews), by language.
    language_urls: dict[str, str] = field(default_factory=dict)
    # A share link: no switcher at all.
    single_language: bool = False


def render_preview(
    request, obj, language: str, *, as_translated: bool | None = None, language_urls=None, single_language=False
):
    if as_translated is None:
        as_translated = language == obj.original_language or obj.is_complete_in(language)
    if as_translated:
        obj.show_as_readable_in(language)
    # A preview shows what readers must not see yet: nothing it renders goes to the shared cache.
    with translation.override(language), cache_keys.not_storing():
        try:
            match = resolve(obj.url_in(language))
        except NoReverseMatch:
            # No address in that language yet (no translated name to make a slug from).
            raise Http404 from None
        request.preview = Preview(obj, language, as_translated, language_urls or {}, single_language)
        request.LANGUAGE_CODE = language
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # A preview's address may carry a secret (a share link): links on the page must not pass it on.
    response["Referrer-Policy"] = "no-referrer"
    return response
