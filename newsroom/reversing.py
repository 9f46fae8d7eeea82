"""The address of an object's page by its slug, without `reverse()` for each object.

A page links to up to forty objects (an organization's people, places and articles), and each
`reverse()` walks the URL patterns, the language's translated segments and the quoting anew:
~45 µs each, about 2 ms of an organization page. The address differs from one object to the next
only by the slug, so it is reversed once per view, language and URL configuration with a
placeholder, and each object's slug put in its place.
"""

import re

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Matches Django's `slug` converter, and nothing a slug may hold.
PLACEHOLDER = "0-slug-0"
# What the `slug` converter accepts and `reverse()` would put in unquoted: anything else (an empty
# slug, a space) goes through `reverse()`, which raises NoReverseMatch as before.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")

_halves: dict[tuple, tuple[str, str]] = {}


def reverse_slug(viewname: str, slug: str) -> str:
    """`reverse(viewname, kwargs={"slug": slug})`."""
    if not SLUG.fullmatch(slug or ""):
        return reverse(viewname, kwargs={"slug": slug})
    # The resolver is Django's cached one: a URL configuration changed in a test is a new one.
    key = (viewname, get_language(), get_script_prefix(), get_resolver(get_urlconf()))
    halves = _halves.get(key)
    if halves is None:
        before, found, after = reverse(viewname, kwargs={"slug": PLACEHOLDER}).partition(PLACEHOLDER)
        if not found or PLACEHOLDER in after:
            return reverse(viewname, kwargs={"slug": slug})
        halves = _halves[key] = (before, after)
    return f"{halves[0]}{slug}{halves[1]}"
