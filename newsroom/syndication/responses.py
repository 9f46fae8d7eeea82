"""The content API's answers: JSON bodies, its refusals, conditional GET. Without ninja, so that what
the operations share is plain Django."""

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _

from newsroom.translations.models import LANGUAGE_CODES

INVALID_KEY = "invalid_key"
LANGUAGE_NOT_ALLOWED = "language_not_allowed"
RATE_LIMITED = "rate_limited"
INVALID_PARAMETER = "invalid_parameter"
NOT_FOUND = "not_found"
SERVER_ERROR = "server_error"


class Refusal(Exception):
    """An API request refused with `status` and a JSON body `{"detail", "code"}` (+ `extra`)."""

    def __init__(self, status: int, code: str, detail: str, *, headers: dict | None = None, **extra):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.headers, self.extra = headers or {}, extra

    def response(self) -> HttpResponse:
        response = json_response({"detail": self.detail, "code": self.code, **self.extra}, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        return response


def invalid_key() -> Refusal:
    # One answer for a missing, malformed, unknown, wrong or revoked key: nothing to learn from it.
    return Refusal(401, INVALID_KEY, _("A valid API key is required."), headers={"WWW-Authenticate": "Bearer"})


def invalid_parameter(name: str, reason: str) -> Refusal:
    return Refusal(
        400,
        INVALID_PARAMETER,
        _("The parameter “%(name)s” is not valid: %(reason)s") % {"name": name, "reason": reason},
        parameter=name,
    )


def not_found() -> Refusal:
    return Refusal(404, NOT_FOUND, _("There is nothing here."))


def language_for(key, language: str) -> str:
    """`language` if the site has it and `key` may read it; else the refusal that says which."""
    if language not in LANGUAGE_CODES:
        reason = _("“%(language)s” is not a language of this site; it has %(languages)s.") % {
            "language": language,
            "languages": ", ".join(LANGUAGE_CODES),
        }
        raise invalid_parameter("language", reason)
    if not key.allows(language):
        raise Refusal(
            403,
            LANGUAGE_NOT_ALLOWED,
            _("This key may not read “%(language)s”; it may read %(languages)s.")
            % {"language": language, "languages": ", ".join(key.language_codes) or "–"},
        )
    return language


def site_address(request) -> str:
    """The scheme and host public pages' links start with: SITE_URL, or else the request's."""
    return settings.SITE_URL.rstrip("/") or f"{request.scheme}://{request.get_host()}"


def json_response(data, *, status: int = 200) -> HttpResponse:
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    # Each key sees its own languages; the messages follow Accept-Language.
    patch_vary_headers(response, ["Authorization", "Accept-Language"])
    patch_cache_control(response, private=True, no_cache=True)
    return response


def conditional(request, data, *, last_modified) -> HttpResponse:
    """`data` as JSON with its ETag and Last-Modified, or 304 when the client has it."""
    response = json_response(data)
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:20]}"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    # If-None-Match first; If-Modified-Since only without it (RFC 9110 13.2.2). A 304 keeps these headers.
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)
