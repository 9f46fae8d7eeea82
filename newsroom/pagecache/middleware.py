"""Whole pages for readers without a session, from the shared cache, never stale.

First in the middleware: a hit is answered before sessions, CSRF, locale, authentication and the
rest of the stack run, which is what makes it cheap (Django's `cache_page`, reached after all of
them, served a cached article at 55 % of a hello-world's rate with the local cache, 27 % with
Redis). A miss runs the whole stack inside a key collector (`keys.collecting`), and the response
is kept with the keys of everything it showed (`tagged.set`), until one of them is invalidated,
the next scheduled publication or `PAGE_CACHE_SECONDS`, whichever comes first.

What is never cached: anything but GET and HEAD, the admin, previews and share links, static and
media files, requests carrying a session (logged-in staff) or a message to show, responses that
used a CSRF token, set a cookie or say `private`/`no-store`/`no-cache`, and any status but 200,
301, 302 and 404 (kept `PAGE_CACHE_NOT_FOUND_SECONDS`). A request with a CSRF cookie but no
session (a reader who once opened the newsletter form) is served from the cache: a page that would
use the token is never in it.
"""

import contextlib
import hashlib
import math
import time
from http import HTTPStatus

from django.conf import settings
from django.core.handlers.wsgi import get_path_info
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.http.cookie import parse_cookie
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_request

from newsroom import consent

from . import keys, near, schedule, tagged
from .http import surrogate_key as surrogate_key_header
from .http import unshared
from .invalidation import MISSING_KEY

CACHE_KEY_PREFIX = "page:"
FILE_PATHS = ("/static/", "/media/")
# "/images/": the making view of renditions, which redirects once it has made one. The health
# probes are answered before the page cache (newsroom/operations/health.py): listed all the same.
NEVER_CACHED_PATHS = (
    "/admin/",
    "/api/",
    "/preview/",
    "/i18n/",
    "/consent/",
    "/images/",
    "/healthz",
    "/readyz",
    "/metrics",
    *FILE_PATHS,
)
CACHED_STATUSES = {200, 301, 302, 404}
# A response varying on anything else than what the key holds is not kept.
VARY_IN_KEY = {"cookie", "accept-language"}
# Headers rewritten on every hit.
PER_HIT_HEADERS = {"cache-control", "age", "x-cache"}
LANGUAGE_PREFIXES = {f"/{code}/": code for code, _name in settings.LANGUAGES}
MESSAGES_COOKIE = "messages"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED:
            response = self.get_response(request)
            mark_private(response)
            return response
        if not is_cacheable_request(request):
            if request.method in ("GET", "HEAD") and not request.path.startswith(FILE_PATHS):
                # Blocks cached inside pages (for staff too) follow what became visible by its
                # schedule. (Not for POSTs: readers' read beacons must stay cheap.)
                catch_up_with_the_schedule()
            response = self.get_response(request)
            mark_private(response)
            return response
        cache_key = request_key(request)
        found = near.get(cache_key)
        # The cache's own expiry counts from the store, a little after the page began: the entry's
        # end is checked here, to the second of a scheduled publication.
        if found is not tagged.MISSING and found[0].expires_at > time.time():
            return serve(request, found[0])
        try:
            next_change = schedule.next_change()
        except DatabaseError:
            # The database is away: the page is not cached, and the stack below deals with it
            # (waiting for a restart, trying once more).
            response = self.get_response(request)
            mark_private(response)
            return response
        began = time.time()
        with keys.collecting() as shown, keys.ending() as ends:
            response = self.get_response(request)
        if request.method != "GET" or not is_cacheable_response(request, response):
            mark_private(response)
            return response
        if response.status_code == 404:
            shown.add(MISSING_KEY)
        ttl = min(settings.PAGE_CACHE_SECONDS, next_change - began, *(end - began for end in ends))
        if response.status_code == 404:
            ttl = min(ttl, settings.PAGE_CACHE_NOT_FOUND_SECONDS)
        # Longer than the caches in front accept: sent without keys and not for them to keep, on
        # this miss and every hit alike (the entry remembers it).
        surrogate_key = surrogate_key_header(shown)
        if surrogate_key is not None:
            response["Surrogate-Key"] = surrogate_key
        etag = response.get("ETag") or f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        response["ETag"] = etag
        bounded = ttl < settings.PAGE_CACHE_SECONDS
        shared = surrogate_key is not None
        entry = Entry(response, etag, stored_at=began, expires_at=began + ttl, bounded=bounded, shared=shared)
        if tagged.set(cache_key, entry, shown, entry.expires_at - time.time(), began=began):
            ttl = entry.expires_at - time.time()
            set_public_headers(response, ttl=ttl, age=0, bounded=entry.bounded, shared=entry.shared)
        else:
            # Rendered while something it shows changed, or the cache is away: a shared cache in
            # front must not keep it either.
            set_public_headers(response, ttl=0, age=0, bounded=True)
        response["X-Cache"] = "miss"
        return response


def catch_up_with_the_schedule() -> None:
    with contextlib.suppress(DatabaseError):
        schedule.next_change()


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith(NEVER_CACHED_PATHS):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and MESSAGES_COOKIE not in cookies


def is_cacheable_response(request, response) -> bool:
    if response.status_code not in CACHED_STATUSES or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED") or getattr(request, "preview", None) is not None:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= VARY_IN_KEY


def request_key(request) -> str:
    """Everything that changes the response: scheme, host, path, query, language, consent state."""
    path = request.path
    language = LANGUAGE_PREFIXES.get(path[:4])
    if language is None:
        # Unprefixed addresses (sitemaps, robots.txt, the redirect from /) answer in the language
        # the reader's browser or language cookie asks for.
        language = get_language_from_request(request)
    choice = consent.choice(request) if settings.ANALYTICS_SCRIPT_URL else None
    meta = request.META
    return page_key(request.scheme, meta.get("HTTP_HOST", ""), path, meta.get("QUERY_STRING", ""), language, choice)


def page_key(scheme: str, host: str, path: str, query: str, language: str, choice: str | None) -> str:
    if query:
        # By name only, and stably: `?p=1&p=2` and `?p=2&p=1` are different requests (Django reads
        # the last value), while `?a=1&b=2` and `?b=2&a=1` are the same.
        query = "&".join(sorted((part for part in query.split("&") if part), key=lambda part: part.split("=", 1)[0]))
    # The banner, or the analytics script, is part of the page only where analytics is configured.
    shown = (choice or "unasked") if settings.ANALYTICS_SCRIPT_URL else ""
    raw = f"{scheme}://{host}{path}?{query}|{language}|{shown}"
    return CACHE_KEY_PREFIX + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


class Entry:
    """A response as kept: status, headers and body, without what each hit sets anew."""

    # An entry stored by a deploy with other slots fails to decode, and is a miss (`tagged.get`).
    __slots__ = ("status", "headers", "content", "etag", "stored_at", "expires_at", "bounded", "shared")

    def __init__(self, response, etag, *, stored_at, expires_at, bounded, shared=True):
        self.status = response.status_code
        # As Django keeps them, checked and encoded once (ResponseHeaders' store: lower-case name →
        # (name, value)), so that a hit copies them rather than checking each again.
        self.headers = {k: v for k, v in response.headers._store.items() if k not in PER_HIT_HEADERS}
        self.content = response.content
        self.etag = etag
        self.stored_at = stored_at
        self.expires_at = expires_at
        self.bounded = bounded
        # False when its keys are too many to name to the caches in front: they must not keep it.
        self.shared = shared

    def __getstate__(self):
        return tuple(getattr(self, name, None) for name in self.__slots__)

    def __setstate__(self, state):
        for name, value in zip(self.__slots__, state, strict=True):
            setattr(self, name, value)


def serve(request, entry: Entry):
    now = time.time()
    if entry.etag in request.headers.get("if-none-match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = entry.etag
    else:
        response = HttpResponse(b"" if request.method == "HEAD" else entry.content, status=entry.status)
        response.headers._store.update(entry.headers)
        if request.method == "HEAD":
            response["Content-Length"] = str(len(entry.content))
    # The lifetime it was given and its age, as HTTP counts them: a cache in front (or a browser)
    # keeps it for the difference. The age rounded up, so that none keeps it a moment too long.
    ttl = entry.expires_at - entry.stored_at
    age = math.ceil(now - entry.stored_at)
    set_public_headers(response, ttl=ttl, age=age, bounded=entry.bounded, shared=entry.shared)
    response["X-Cache"] = "hit"
    return response


def set_public_headers(response, *, ttl: int | float, age: int, bounded: bool, shared: bool = True) -> None:
    """`Cache-Control` for a response every reader without a session may share (its keys, for a
    CDN's purges, are in `Surrogate-Key`)."""
    response["Cache-Control"] = public_cache_control(ttl, bounded, shared)
    if age:
        response["Age"] = str(age)


def public_cache_control(ttl: int | float, bounded: bool, shared: bool = True) -> str:
    """A page that must end at a scheduled publication may not be served stale past it either."""
    ttl = max(int(ttl), 0)
    stale = 0 if bounded else settings.PAGE_CACHE_STALE_WHILE_REVALIDATE
    value = (
        f"public, max-age={min(settings.PAGE_CACHE_BROWSER_SECONDS, ttl)}, s-maxage={ttl}, "
        f"stale-while-revalidate={stale}, stale-if-error={settings.PAGE_CACHE_STALE_IF_ERROR}"
    )
    return value if shared else unshared(value)


class PageCacheApplication:
    """The WSGI application with hits answered before Django builds a request: for production
    (`newsroom/wsgi.py`), where it saves Django's request, signals and response objects on every
    hit. It only answers hits on addresses with a language prefix; everything else, and every
    miss, goes to Django, whose `PageCacheMiddleware` serves and fills the same entries."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        answer = self.hit(environ) if settings.PAGE_CACHE_ENABLED else None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def hit(self, environ):
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD") or environ.get("SCRIPT_NAME"):
            return None
        path = get_path_info(environ)
        language = LANGUAGE_PREFIXES.get(path[:4])
        if language is None or path.startswith(NEVER_CACHED_PATHS):
            return None
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
            return None
        scheme = environ.get("wsgi.url_scheme", "http")
        if settings.SECURE_PROXY_SSL_HEADER:
            header, secure = settings.SECURE_PROXY_SSL_HEADER
            if header in environ:
                scheme = "https" if environ[header].split(",", 1)[0].strip() == secure else "http"
        choice = cookies.get(consent.CONSENT_COOKIE)
        choice = choice if choice in (consent.ACCEPTED, consent.DECLINED) else None
        key = page_key(scheme, environ.get("HTTP_HOST", ""), path, environ.get("QUERY_STRING", ""), language, choice)
        found = near.get(key)
        now = time.time()
        if found is tagged.MISSING or found[0].expires_at <= now:
            return None
        entry = found[0]
        extra = [
            ("Cache-Control", public_cache_control(entry.expires_at - entry.stored_at, entry.bounded, entry.shared)),
            ("Age", str(math.ceil(now - entry.stored_at))),
            ("X-Cache", "hit"),
        ]
        if entry.etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            return "304 Not Modified", [("ETag", entry.etag), *extra], b""
        headers = [*entry.headers.values(), *extra]
        status = f"{entry.status} {HTTPStatus(entry.status).phrase}"
        return status, headers, b"" if method == "HEAD" else entry.content


def mark_private(response) -> None:
    """A response not for sharing says so, unless it said more already (the admin's `no-store`)."""
    if "Cache-Control" not in response:
        patch_cache_control(response, private=True)
