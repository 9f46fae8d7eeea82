"""HTTP validators and Vary for the responses Django renders.

Every successful GET gets an `ETag`, a hash of its content, and a conditional GET whose
`If-None-Match` names it is answered `304 Not Modified`. The ETag is the one validator used:
`If-Modified-Since` alone is not answered with a 304, since no page knows the time of its newest
change exactly (a feed's `Last-Modified` is its newest significant update, not a corrected typo
or a released translation), and a 304 on it could keep a reader's copy stale.

`Vary` names only what changes a response. Pages under a language prefix vary on nothing: the
language is in the path, and the consent choice is read from its cookie, which the caches in front
key on themselves (deploy/varnish/newsroom.vcl), since `Vary: Cookie` would split a CDN's cache
by every reader's analytics cookies. Documents outside the prefixes that are the same in every
language (sitemaps, robots.txt) are marked `language_independent`, so they do not vary on
`Accept-Language` either; the root's redirect does, as it should.
"""

import re
from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.cache import cc_delim_re, get_conditional_response, set_response_etag

# Fastly and Cloudflare take 16 KB of keys; Varnish a header line of http_resp_hdr_len (8 KB by
# default, 64 KB as the README starts it), past which it answers the reader 503.
SURROGATE_KEY_MAX_LENGTH = 15_000
STALE_DIRECTIVES = re.compile(r",\s*stale-(while-revalidate|if-error)=\d+")


def surrogate_key(shown) -> str | None:
    """The `Surrogate-Key` header naming `shown`, or None when it is longer than the caches in
    front accept: a response that cannot name its keys must then not be kept by them (s-maxage=0)."""
    header = " ".join(sorted(shown))
    return header if len(header) <= SURROGATE_KEY_MAX_LENGTH else None


def unshared(cache_control: str) -> str:
    """`cache_control` for a response that shared caches must not keep (browsers still may)."""
    return re.sub(r"s-maxage=\d+", "s-maxage=0", STALE_DIRECTIVES.sub("", cache_control))


class SurrogateKeyLimitMiddleware:
    """A response naming more keys than the caches in front accept (a sitemap page of 10,000
    articles) goes out without them and without `s-maxage`: a cache that could not be told when it
    changes must not keep it. Django's own page cache, which has no such limit, still keeps it.
    First of all middleware, to see hits and misses of the page cache alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        keys = response.get("Surrogate-Key")
        if keys is not None and len(keys) > SURROGATE_KEY_MAX_LENGTH:
            del response["Surrogate-Key"]
            response["Cache-Control"] = unshared(response.get("Cache-Control", ""))
        return response


def language_independent(view):
    """A view outside the language prefixes whose response is the same in every language: it is
    rendered in the default language and does not vary on Accept-Language."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response.language_independent = True
        response["Content-Language"] = settings.LANGUAGE_CODE
        return response

    return wrapped


class LanguageIndependentMiddleware:
    """Takes Accept-Language out of the Vary that LocaleMiddleware adds to every response outside
    the language prefixes, where the view said its response is the same in every language. Placed
    right above LocaleMiddleware, to see the response after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "language_independent", False) and response.has_header("Vary"):
            kept = [v for v in cc_delim_re.split(response["Vary"]) if v and v.lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


class ConditionalGetMiddleware:
    """Django's ConditionalGetMiddleware, judging by the ETag alone (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        if "no-store" in response.get("Cache-Control", ""):
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("ETag"):
            return response
        return get_conditional_response(request, etag=response["ETag"], response=response)
