import uuid

from django.conf import settings
from django.utils.text import slugify


def uid_domain() -> str:
    """What identifiers given to other software (calendar UIDs, feed item ids) are made from: the
    same on every host name the site answers to, so that no app takes one thing for two."""
    return slugify(settings.SITE_NAME) or "newsroom"


def stable_uri(*parts) -> str:
    """A URI naming one thing for good, e.g. `stable_uri("article", 42, "de")`: a name-based UUID,
    so it survives a new slug or host."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "/".join([uid_domain(), *map(str, parts)])).urn


def parse_id(value) -> int | None:
    """A database id from a URL or a query string: ASCII digits that fit a bigint, else None.

    `str.isdigit()` alone lets through "²" and "٣" (int() refuses the first) and numbers too big for
    the database's integer column.
    """
    text = str(value)
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None
