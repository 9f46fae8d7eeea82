"""Known browsers, OWASP's "device cookies".

A browser that has logged in as a user carries a signed cookie saying so, with a random key of its
own. When it tries to log in as that user again it is judged only by its own failed logins (counted
per key), never by the account's or its network's: so nobody on the internet can keep an account's
owner out by failing to log in as them, while a stranger's browser stays held by the account's lock.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.urls import reverse

SALT = "newsroom.logins.known-browser"
# A browser stays known for a year after its last login.
LIFETIME = timedelta(days=365)


def cookie_name(username: str) -> str:
    # One cookie per user, so a browser shared by two people knows both; usernames may hold
    # characters a cookie's name may not.
    return "known_browser_" + hashlib.sha256(username.encode()).hexdigest()[:16]


def known_browser_key(request, username: str | None) -> str | None:
    """The key of this browser if it carries a valid cookie for `username`, else None."""
    if not username or not hasattr(request, "get_signed_cookie"):
        return None
    value = request.get_signed_cookie(cookie_name(username), default=None, salt=SALT, max_age=LIFETIME)
    if value is None:
        return None
    signed_username, _colon, key = value.rpartition(":")
    return key if key and signed_username == username else None


def remember_browser(response, username: str) -> None:
    response.set_signed_cookie(
        cookie_name(username),
        f"{username}:{secrets.token_urlsafe(16)}",
        salt=SALT,
        max_age=LIFETIME,
        # Read only by the login form's POST.
        path=reverse("admin:login"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
